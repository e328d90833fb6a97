"""What curators and learners do with the library: add an item by its address or as an uploaded
PDF, suggest one, write it up, move it through the workflow, and open and complete it.

Details behind an address (title, summary, length, player) are fetched by the background worker
(`library.tasks.fetch_details`), never inside a request: an item added by address starts with
`details` pending and the author's page shows it filling in. Every move between states is kept
(`ItemTransition`) with who made it and why. Opening and completing an approved item are learning
events, with the item's topics, scored like any other.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from app.core.extensions import db
from app.core.names import name_problem
from app.core.states import IllegalTransition
from app.core.tasks import enqueue_after_commit
from app.core.time import utcnow
from app.courses import topics as topic_rows
from app.courses.topics import MAX_TOPIC_NAME, TOPIC_NAME
from app.learning import queries as learning_queries
from app.learning import service as learning
from app.learning.events import Evidence, Verb
from app.library import fields
from app.library.models import (
    Details,
    ItemCompletion,
    ItemKind,
    ItemStatus,
    ItemTransition,
    LibraryDocument,
    LibraryItem,
    item_topics,
)

MAX_TITLE = fields.TITLE_CHARS
MAX_SUMMARY = 5000
MAX_REASON = 1000
MAX_TOPICS = 12
MAX_MINUTES = 24 * 60
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class LibraryError(Exception):
    """A change the library refuses, in words for the person who asked; `field` names the form
    field it concerns, if one. `problems` holds every field's problem when there are several
    (field → message; the first is the message)."""

    def __init__(self, message: str, field: str | None = None, problems: dict[str, str] | None = None):
        super().__init__(message)
        self.field = field
        self.problems = problems or ({field: message} if field else {})


class StaleItem(LibraryError):
    """Someone else saved the item since this editor's page was opened."""


def object_id(item: LibraryItem) -> str:
    """How the event log names an item (`object_id`): library:<id>."""
    return f"library:{item.id}"


# --- adding ----------------------------------------------------------------------------------

def checked_address(raw: str) -> str:
    """An address Primer may fetch and link to: http(s), a host, no password, not too long
    (library.fields.web_url); whether it is on the public internet is the fetch's to check."""
    url = (raw or "").strip()
    if not url:
        raise LibraryError(_("Give the address of the video, episode, article or page."), "url")
    if len(url) > fields.URL_CHARS:
        raise LibraryError(_("That address is longer than %(most)s characters.", most=fields.URL_CHARS), "url")
    try:
        with_login = "@" in urlsplit(url).netloc
    except ValueError:  # a broken [IPv6] host: web_url refuses it below
        with_login = False
    if with_login:
        raise LibraryError(_("Leave the user name and password out of the address."), "url")
    if fields.web_url(url) is None:
        raise LibraryError(_("That is not a web address: it should look like https://example.com/page."), "url")
    return url


def add_from_address(raw_url: str, *, by_id: int) -> LibraryItem:
    """A draft item for this address; its details are fetched by the worker after the commit."""
    url = checked_address(raw_url)
    _refuse_known(url)
    item = LibraryItem(kind=ItemKind.LINK, status=ItemStatus.DRAFT, url=url, source=_host(url),
                       details=Details.PENDING, created_by_id=by_id)
    add(item, by_id=by_id)
    return item


def add_document(filename: str, data: bytes, *, by_id: int) -> LibraryItem:
    """A draft item holding an uploaded PDF (its title from the file name until an author writes one)."""
    if not data:
        raise LibraryError(_("Choose a PDF file to upload."), "document")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise LibraryError(_("The file is larger than %(mb)s MB.", mb=MAX_DOCUMENT_BYTES // (1024 * 1024)), "document")
    if not data.startswith(b"%PDF-"):
        raise LibraryError(_("Only PDF documents can be uploaded; this file is not one."), "document")
    name = fields.text(filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1], 200) or "document.pdf"
    title = re.sub(r"[_-]+", " ", name.rsplit(".", 1)[0]).strip().capitalize()
    item = LibraryItem(kind=ItemKind.DOCUMENT, status=ItemStatus.DRAFT, title=title[:MAX_TITLE],
                       details=Details.NONE, created_by_id=by_id)
    item.document = LibraryDocument(filename=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data)
    add(item, by_id=by_id)
    return item


def suggest(raw_url: str, reason: str, *, by_id: int) -> LibraryItem:
    """A learner's suggestion: it goes straight to review, with who suggested it and why."""
    url = checked_address(raw_url)
    why = (reason or "").strip()
    if not why:
        raise LibraryError(_("Say in a sentence why others would learn from it."), "reason")
    if len(why) > MAX_REASON:
        raise LibraryError(_("Keep the reason under %(most)s characters.", most=MAX_REASON), "reason")
    _refuse_known(url)
    item = LibraryItem(kind=ItemKind.LINK, status=ItemStatus.IN_REVIEW, url=url, source=_host(url),
                       details=Details.PENDING, suggested_by_id=by_id, suggestion_reason=why)
    add(item, by_id=by_id, reason=why)
    return item


def add(item: LibraryItem, *, by_id: int, reason: str = "") -> None:
    """Keep a new item, with the first line of its history; fetch its details if they are pending."""
    db.session.add(item)
    db.session.flush()
    db.session.add(ItemTransition(item_id=item.id, from_status=None, to_status=item.status, by_id=by_id, reason=reason))
    if item.details is Details.PENDING:
        from app.library import tasks  # the task module imports this one
        enqueue_after_commit(tasks.fetch_details, item.id)


def _refuse_known(url: str) -> None:
    known = db.session.scalar(select(LibraryItem).where(LibraryItem.url == url, LibraryItem.status != ItemStatus.RETIRED))
    if known is not None:
        raise LibraryError(_("This address is in the library already (“%(title)s”, %(status)s).",
                             title=known.title or url, status=known.status.label), "url")


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


# --- writing up ------------------------------------------------------------------------------

@dataclass
class ItemChanges:
    """What an author writes about an item; checked as a whole, every problem by its field."""

    title: str
    summary: str = ""
    kind: str = ItemKind.LINK.value
    topics: list[str] = field(default_factory=list)
    language: str = ""
    minutes: int | None = None
    source: str = ""

    def problems(self, item: LibraryItem) -> dict[str, str]:
        found = {}
        problem = name_problem(self.title) if self.title.strip() else _("Give the item a title.")
        if problem:
            found["title"] = problem
        elif len(self.title.strip()) > MAX_TITLE:
            found["title"] = _("Keep the title under %(most)s characters.", most=MAX_TITLE)
        if len(self.summary) > MAX_SUMMARY:
            found["summary"] = _("Keep the summary under %(most)s characters.", most=MAX_SUMMARY)
        try:
            kind = ItemKind(self.kind)
        except ValueError:
            found["kind"] = _("Choose what kind of item this is.")
        else:
            if item.document is not None and kind is not ItemKind.DOCUMENT:
                found["kind"] = _("An uploaded PDF stays a document.")
        bad = [name for name in self.topics if not TOPIC_NAME.fullmatch(name) or len(name) > MAX_TOPIC_NAME]
        if bad:
            found["topics"] = _("Topics are lower-case words joined by hyphens, such as single-sign-on: %(bad)s",
                                bad=", ".join(bad))
        elif len(self.topics) > MAX_TOPICS:
            found["topics"] = _("At most %(most)s topics.", most=MAX_TOPICS)
        if self.language and fields.language(self.language) is None:
            found["language"] = _("A language code such as en, cs or pt-BR.")
        if self.minutes is not None and not 1 <= self.minutes <= MAX_MINUTES:
            found["minutes"] = _("Between 1 and %(most)s minutes.", most=MAX_MINUTES)
        return found


def edit(item: LibraryItem, changes: ItemChanges, *, version: int | None) -> None:
    """Save an author's write-up, refusing a stale page and any problem (all of them at once)."""
    if version is not None and version != item.version:
        raise StaleItem(_("Someone saved this item after you opened it. Reload the page to see their changes."))
    problems = changes.problems(item)
    if problems:
        field_name, message = next(iter(problems.items()))
        raise LibraryError(message, field_name, problems)
    item.title, item.summary = changes.title.strip(), changes.summary.strip()
    item.kind, item.language = ItemKind(changes.kind), fields.language(changes.language) or ""
    item.source = fields.text(changes.source, 200) or item.source
    if item.kind.plays:
        item.duration_seconds = changes.minutes * 60 if changes.minutes else item.duration_seconds
    else:
        item.reading_minutes = changes.minutes
    names = list(dict.fromkeys(changes.topics))
    if item.topic_names != names:
        found = topic_rows.named(names)
        db.session.execute(delete(item_topics).where(item_topics.c.item_id == item.id))
        if names:
            db.session.execute(insert(item_topics), [{"item_id": item.id, "topic_id": found[name].id, "position": n}
                                                     for n, name in enumerate(names, start=1)])
        db.session.expire(item, ["topics"])
    item.version += 1


# --- the workflow ----------------------------------------------------------------------------

def move(item: LibraryItem, to: ItemStatus, *, by_id: int | None, reason: str = "") -> None:
    """Move the item as the workflow allows, keeping who moved it, when and why; approving needs
    a title and something to show (an address or a document)."""
    if to is ItemStatus.APPROVED and not item.title.strip():
        raise LibraryError(_("Give the item a title before approving it."), "title")
    if to is ItemStatus.APPROVED and item.details is Details.PENDING:
        raise LibraryError(_("Its details are still being fetched: approve it once they are in."))
    before = item.status
    try:
        item.move_to(to)
    except IllegalTransition:
        raise LibraryError(_("A %(status)s item cannot become %(wanted)s.", status=before.label.lower(),
                             wanted=to.label.lower())) from None
    if to is ItemStatus.APPROVED:
        item.approved_by_id, item.approved_at = by_id, utcnow()
    item.version += 1
    db.session.add(ItemTransition(item_id=item.id, from_status=before, to_status=to, by_id=by_id,
                                  reason=fields.text(reason, MAX_REASON)))


def history(item: LibraryItem) -> list[ItemTransition]:
    return list(db.session.scalars(select(ItemTransition).where(ItemTransition.item_id == item.id)
                                   .order_by(ItemTransition.at.desc(), ItemTransition.id.desc())))


# --- learners --------------------------------------------------------------------------------

def opened(user_id: int, item: LibraryItem) -> None:
    """A learner opened an approved item's page: an event once per learner, item and day (the
    page is read again and again; only the day's first reading writes)."""
    key = f"item_opened:{item.id}:{user_id}:{utcnow().date().isoformat()}"
    if not learning_queries.recorded(key):
        learning.record_event(user_id, Verb.ITEM_OPENED, topics=item.topic_names, object_id=object_id(item),
                              payload={"kind": item.kind.value}, dedupe_key=key)


def complete(user_id: int, item: LibraryItem, evidence: Evidence) -> bool:
    """Record that the learner did the item, with how Primer knows. A stronger evidence level
    than the one recorded (played after "I read this") is recorded too; a weaker or the same one
    changes nothing. Returns whether anything was recorded."""
    if item.status is not ItemStatus.APPROVED:
        raise LibraryError(_("This item is not in the library."))
    if evidence is Evidence.PLAYED and not item.kind.plays:
        raise LibraryError(_("Only a video or an episode can be played."))
    done = db.session.get(ItemCompletion, (user_id, item.id), with_for_update=True)
    if done is not None and (done.evidence == Evidence.PLAYED.value or done.evidence == evidence.value):
        return False
    event = learning.record_event(user_id, Verb.ITEM_COMPLETED, topics=item.topic_names, object_id=object_id(item),
                                  payload={"kind": item.kind.value, "evidence": evidence.value},
                                  dedupe_key=f"item_completed:{item.id}:{user_id}:{evidence.value}")
    if event is None:
        return False
    if done is None:
        db.session.add(ItemCompletion(user_id=user_id, item_id=item.id, evidence=evidence.value,
                                      completed_at=event.occurred_at))
    else:
        done.evidence, done.completed_at = evidence.value, event.occurred_at
    db.session.flush()
    return True
