"""The CRM outbox: one row per learner, so changes coalesce and the latest state is sent."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.columns import enum_column
from app.core.extensions import db
from app.core.states import HasTransitions
from app.core.time import UTCDateTime, utcnow


class SyncStatus(str, enum.Enum):
    IDLE = "idle"        # nothing waiting: the CRM has the latest we wanted it to have
    PENDING = "pending"  # a change waits to be sent (or retried)
    DEAD = "dead"        # the CRM refused it; an admin must look (and may retry)


SYNC_TRANSITIONS = {
    SyncStatus.IDLE: {SyncStatus.PENDING},
    SyncStatus.PENDING: {SyncStatus.IDLE, SyncStatus.PENDING, SyncStatus.DEAD},
    SyncStatus.DEAD: {SyncStatus.PENDING, SyncStatus.IDLE},
}


class CrmSync(HasTransitions, db.Model):
    __tablename__ = "crm_sync"
    TRANSITIONS = SYNC_TRANSITIONS
    STATE_NAME = "CRM sync"
    __table_args__ = (Index("ix_crm_sync_status_next_attempt_at", "status", "next_attempt_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[SyncStatus] = mapped_column(enum_column(SyncStatus), default=SyncStatus.PENDING)
    # Bumped by every change; a delivery counts only if the version it read is still current.
    version: Mapped[int] = mapped_column(default=1)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    note_due: Mapped[bool] = mapped_column(default=False, server_default=false())
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    hubspot_id: Mapped[str | None] = mapped_column(String(40))
    existing_customer: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_sent_stage: Mapped[str | None] = mapped_column(String(8))
    last_sent_score: Mapped[float | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
