"""Outgoing mail: a text and an HTML part rendered from templates/email/<name>.txt|.html, sent by a
background worker once the transaction that asked for it commits.

The backend is a setting: SMTP in production, the application log in development, an in-memory
outbox in tests. No mail is sent inside a request.

How a message is neither lost nor sent twice, nor kept readable:
- `send_email` renders the message and writes an `outgoing_mail` row in the caller's transaction;
  the message itself is sealed (core.sealed: encrypted under SECRET_KEY), because a reset or
  confirmation link is a secret the database otherwise keeps only as a hash. The broker carries
  only the row's id.
- After the commit, `deliver(id)` is enqueued. If the process dies between the commit and the
  enqueue, or the broker loses the message, the row is still pending: `scan` (beat, every
  minute) enqueues it again. A rollback takes the row, and so the mail, with it.
- `deliver` claims the row (pending → sending, one UPDATE: only one worker wins), sends, and
  marks it sent, dropping the sealed message. A redelivered or duplicate task finds it claimed
  or sent and does nothing. A worker that stops while sending leaves it "sending": the scan
  marks it failed rather than risk sending it twice.
- A failed send is tried again later (the scan finds it due; no ETA waits on the broker), up to
  MAIL_MAX_ATTEMPTS, then shown as failed on /admin/background.

A message may carry extra headers (`headers=`: the List-Unsubscribe pair of RFC 8058 on mail a
person may stop), sealed with it. Inside `held_back()` nothing is written (demo data's people
are made up: their addresses are not to be mailed).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app, g, render_template
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMultiAlternatives
from flask_mailman.backends.base import BaseEmailBackend
from sqlalchemy import delete, or_, select, update

from app.core import sealed
from app.core.brand import branded
from app.core.extensions import db
from app.core.models import MailStatus, OutgoingMail
from app.core.tasks import background_task, backlog, enqueue_after_commit, waits_for_commit
from app.core.time import utcnow

CLAIM = timedelta(minutes=10)         # far longer than a send may take (MAIL_TIMEOUT)
REQUEUE_AFTER = timedelta(minutes=5)  # pending this long after its enqueue: enqueue it again
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)]
SCAN_BATCH = 500
SUBJECT_CHARS = 200  # what outgoing_mail.subject shows the admins; the message keeps it whole
_HELD_BACK = "primer_mail_held_back"


def send_email(to: str, subject: str, template: str, *, headers: dict[str, str] | None = None,
               **context) -> None:
    """Mail `to` once the current transaction commits (see the module). Inside a unit of work the
    mail belongs to it; outside one, with nothing written yet, it is committed on its own.
    `{brand}` in the subject becomes the organisation's name, the `brand` every template sees
    (registered by the site area). `headers` go on the message as they are."""
    if g.get(_HELD_BACK):
        return
    text = render_template(f"email/{template}.txt", **context)
    html = render_template(f"email/{template}.html", **context)
    session = db.session()
    alone = not waits_for_commit(session)
    subject = branded(subject)
    parts = {"to": to, "subject": subject, "text": text, "html": html}
    if headers:
        parts["headers"] = dict(headers)
    mail = OutgoingMail(recipient=to, subject=subject[:SUBJECT_CHARS], template=template, queued_at=utcnow(),
                        sealed=sealed.seal(parts))
    session.add(mail)
    session.flush()
    enqueue_after_commit(deliver, mail.id)
    if alone:
        session.commit()


@contextmanager
def held_back() -> Iterator[None]:
    """Write no mail inside this block (data made up for a demo: its people are not to be mailed)."""
    before = g.get(_HELD_BACK, False)
    setattr(g, _HELD_BACK, True)
    try:
        yield
    finally:
        setattr(g, _HELD_BACK, before)


@background_task("mail.deliver")
def deliver(mail_id: int) -> str:
    """Send one mail, at most once (see the module); what happened, in a word."""
    if not _claim(mail_id):
        return "skipped"
    mail = db.session.get(OutgoingMail, mail_id)
    try:
        message = _message(mail)
        message.send()
    except Exception as error:
        _failed(mail, error, permanent=isinstance(error, sealed.Unreadable))
        raise
    mail.move_to(MailStatus.SENT)
    mail.sent_at, mail.sealed, mail.claimed_until, mail.last_error = utcnow(), None, None, None
    db.session.commit()
    return "sent"


def _claim(mail_id: int) -> bool:
    now = utcnow()
    claimed = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == MailStatus.PENDING,
               OutgoingMail.next_attempt_at <= now)
        .values(status=MailStatus.SENDING, claimed_until=now + CLAIM, attempts=OutgoingMail.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def _message(mail: OutgoingMail) -> EmailMultiAlternatives:
    parts = sealed.unseal(mail.sealed)
    message = EmailMultiAlternatives(subject=parts["subject"], body=parts["text"], to=[parts["to"]],
                                     headers=parts.get("headers"))
    message.attach_alternative(parts["html"], "text/html")
    return message


def _failed(mail: OutgoingMail, error: Exception, *, permanent: bool) -> None:
    """Try it again later, or give up on it (its sealed message is dropped then). Commits."""
    db.session.rollback()
    mail = db.session.get(OutgoingMail, mail.id)
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    mail.claimed_until = None
    if permanent or mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        mail.move_to(MailStatus.FAILED)
        mail.sealed = None
    else:
        mail.move_to(MailStatus.PENDING)
        mail.next_attempt_at = utcnow() + RETRY_DELAYS[min(mail.attempts, len(RETRY_DELAYS)) - 1]
        mail.queued_at = None
    db.session.commit()


@background_task("mail.scan", every=60)
def scan() -> int:
    """Enqueue every mail that is due and not on its way (never enqueued after its commit, lost by
    the broker, or waiting to be tried again); give up on sends a stopped worker left; forget
    old mail. Returns how many were enqueued."""
    now = utcnow()
    for mail in db.session.scalars(select(OutgoingMail).where(
            OutgoingMail.status == MailStatus.SENDING, OutgoingMail.claimed_until < now).with_for_update()):
        mail.move_to(MailStatus.FAILED)
        mail.sealed, mail.claimed_until = None, None
        mail.last_error = "A worker stopped while sending it; not sent again, so that it is never sent twice."
    due = ((OutgoingMail.status == MailStatus.PENDING) & (OutgoingMail.next_attempt_at <= now)
           & or_(OutgoingMail.queued_at.is_(None), OutgoingMail.queued_at < now - REQUEUE_AFTER))
    ids = list(db.session.scalars(select(OutgoingMail.id).where(due).order_by(OutgoingMail.id).limit(SCAN_BATCH)))
    if ids:
        db.session.execute(update(OutgoingMail).where(OutgoingMail.id.in_(ids), due).values(queued_at=now)
                           .execution_options(synchronize_session=False))
    for mail_id in ids:
        enqueue_after_commit(deliver, mail_id)
    keep = now - timedelta(days=current_app.config["MAIL_KEEP_DAYS"])
    db.session.execute(delete(OutgoingMail).where(
        OutgoingMail.status.in_([MailStatus.SENT, MailStatus.FAILED]), OutgoingMail.created_at < keep))
    db.session.commit()
    return len(ids)


@backlog(_l("Mail not yet handed to the mail server"))
def waiting() -> int:
    return db.session.scalar(select(db.func.count()).select_from(OutgoingMail)
                             .where(OutgoingMail.status.in_([MailStatus.PENDING, MailStatus.SENDING])))


class LogEmailBackend(BaseEmailBackend):
    """Development: write each message (with its links) to the application log."""

    def send_messages(self, messages):
        for message in messages:
            current_app.logger.info(
                "mail to %s — %s\n%s", ", ".join(message.to), message.subject, message.body
            )
        return len(messages)
