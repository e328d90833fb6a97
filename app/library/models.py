"""The content library: material from anywhere that L&D has validated — videos, podcast
episodes, articles, documents and links — each moving draft → in review → approved → retired,
with the history of who moved it and why, and the health of its link.

Items are never deleted: learners' completions and the events that scored them point at them.
"""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, Integer, LargeBinary, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.columns import enum_column
from app.core.extensions import db
from app.core.states import HasTransitions
from app.core.time import UTCDateTime, utcnow
from app.courses.models import Topic
from app.library.kinds import KIND_LABELS, ItemKind  # noqa: F401  (the models' enum, re-exported)


class ItemStatus(str, enum.Enum):
    DRAFT = "draft"            # an author is writing it up
    IN_REVIEW = "in_review"    # waiting for a curator: new, suggested by a learner, or its link broke
    APPROVED = "approved"      # shown to everyone
    RETIRED = "retired"        # no longer shown; kept for the history that points at it

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.value])


STATUS_LABELS = {"draft": _l("Draft"), "in_review": _l("In review"), "approved": _l("Approved"),
                 "retired": _l("Retired")}

ITEM_TRANSITIONS = {
    ItemStatus.DRAFT: {ItemStatus.IN_REVIEW, ItemStatus.APPROVED, ItemStatus.RETIRED},
    ItemStatus.IN_REVIEW: {ItemStatus.APPROVED, ItemStatus.DRAFT, ItemStatus.RETIRED},
    ItemStatus.APPROVED: {ItemStatus.IN_REVIEW, ItemStatus.RETIRED},
    ItemStatus.RETIRED: {ItemStatus.DRAFT},
}


class Details(str, enum.Enum):
    """Where the details fetched from the item's address stand (fetched by the background worker)."""

    NONE = "none"          # nothing to fetch: typed in, or an uploaded document
    PENDING = "pending"
    FETCHED = "fetched"
    FAILED = "failed"


class LinkHealth(str, enum.Enum):
    UNCHECKED = "unchecked"
    OK = "ok"
    BROKEN = "broken"
    BY_HAND = "by_hand"    # the site refuses robots (403 and the like): a person has to look

    @property
    def label(self) -> str:
        return str(HEALTH_LABELS[self.value])


HEALTH_LABELS = {"unchecked": _l("Not checked yet"), "ok": _l("Working"), "broken": _l("Broken"),
                 "by_hand": _l("Check by hand")}


item_topics = Table(
    "library_item_topics",
    db.metadata,
    Column("item_id", Integer, ForeignKey("library_items.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", Integer, ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0, server_default="0"),
)


class LibraryItem(HasTransitions, db.Model):
    __tablename__ = "library_items"
    __table_args__ = (Index("ix_library_items_status", "status"),)
    TRANSITIONS = ITEM_TRANSITIONS
    STATE_NAME = "library item"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind, length=20))
    status: Mapped[ItemStatus] = mapped_column(enum_column(ItemStatus), default=ItemStatus.DRAFT)
    title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(2000))  # where it lives; none for an uploaded document
    source: Mapped[str] = mapped_column(String(200), default="")  # the provider or site: "YouTube", "acme.com"
    language: Mapped[str] = mapped_column(String(20), default="")  # as the material is written or spoken
    duration_seconds: Mapped[int | None] = mapped_column()  # a video's or an episode's length
    reading_minutes: Mapped[int | None] = mapped_column()   # an article's or a document's
    thumbnail_url: Mapped[str | None] = mapped_column(String(2000))
    embed_provider: Mapped[str | None] = mapped_column(String(40))
    embed_url: Mapped[str | None] = mapped_column(String(2000))  # the privacy-enhanced player address
    audio_url: Mapped[str | None] = mapped_column(String(2000))  # a podcast episode's enclosure
    details: Mapped[Details] = mapped_column(enum_column(Details), default=Details.NONE)
    details_error: Mapped[str] = mapped_column(Text, default="")
    health: Mapped[LinkHealth] = mapped_column(enum_column(LinkHealth), default=LinkHealth.UNCHECKED)
    health_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A learner's suggestion: who suggested it and why (it enters review).
    suggested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    suggestion_reason: Mapped[str] = mapped_column(Text, default="")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped on every save; an editor's save with a stale version is refused (optimistic lock).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    suggested_by: Mapped[User | None] = relationship(foreign_keys=[suggested_by_id])
    topics: Mapped[list[Topic]] = relationship(
        secondary=item_topics, order_by=lambda: (item_topics.c.position, Topic.name))
    document: Mapped[LibraryDocument | None] = relationship(back_populates="item", uselist=False)

    @property
    def topic_names(self) -> list[str]:
        return [topic.name for topic in self.topics]

    @property
    def minutes(self) -> int | None:
        """How long it takes, in whole minutes (rounded up), whatever its kind."""
        if self.duration_seconds:
            return max(1, -(-self.duration_seconds // 60))
        return self.reading_minutes


class LibraryDocument(db.Model):
    """An uploaded PDF, apart from its item so that lists never load it."""

    __tablename__ = "library_documents"

    item_id: Mapped[int] = mapped_column(ForeignKey("library_items.id", ondelete="CASCADE"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary)

    item: Mapped[LibraryItem] = relationship(back_populates="document")


class ItemTransition(db.Model):
    """Each move of an item between states: from, to, who (none: Primer itself, as the link
    checker), when and why. The item's own approved_by/approved_at repeat the last approval."""

    __tablename__ = "library_item_transitions"
    __table_args__ = (Index("ix_library_item_transitions_item_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("library_items.id", ondelete="CASCADE"))
    from_status: Mapped[ItemStatus | None] = mapped_column(enum_column(ItemStatus, name="from_status_value"))
    to_status: Mapped[ItemStatus] = mapped_column(enum_column(ItemStatus))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    by: Mapped[User | None] = relationship()


class LinkCheck(db.Model):
    """One check of an approved item's address by the scheduled link checker."""

    __tablename__ = "library_link_checks"
    __table_args__ = (Index("ix_library_link_checks_item_id_checked_at", "item_id", "checked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("library_items.id", ondelete="CASCADE"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    health: Mapped[LinkHealth] = mapped_column(enum_column(LinkHealth))
    status_code: Mapped[int | None] = mapped_column()
    detail: Mapped[str] = mapped_column(Text, default="")


class ItemCompletion(db.Model):
    """A learner's own record that they did an item, with the strongest evidence so far: what
    playlists and paths count as done. (The event log keeps each completion as it came.)"""

    __tablename__ = "library_completions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("library_items.id", ondelete="CASCADE"), primary_key=True)
    evidence: Mapped[str] = mapped_column(String(20))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
