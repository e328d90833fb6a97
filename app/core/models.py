"""What background work keeps in the database: each mail on its way (`OutgoingMail`), each task run
(`TaskRun`, for the admins' page), and the task messages already carried out (`TaskDone`), so a
message delivered twice does its work once."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.columns import BigId, enum_column
from app.core.extensions import db
from app.core.states import HasTransitions
from app.core.time import UTCDateTime, utcnow


class MailStatus(str, enum.Enum):
    PENDING = "pending"  # waiting for a worker (first time, or to try again)
    SENDING = "sending"  # a worker has claimed it and is handing it to the mail server
    SENT = "sent"        # the mail server took it
    FAILED = "failed"    # given up: too many failures, or a worker stopped while sending it


MAIL_TRANSITIONS = {
    MailStatus.PENDING: {MailStatus.SENDING, MailStatus.FAILED},
    MailStatus.SENDING: {MailStatus.SENT, MailStatus.PENDING, MailStatus.FAILED},
    MailStatus.SENT: set(),
    MailStatus.FAILED: set(),
}


class OutgoingMail(HasTransitions, db.Model):
    """One message, written in the transaction that asked for it; its row id is the key that
    makes sending it idempotent. The message itself (which may hold a password-reset or
    confirmation link) is kept only sealed (core.sealed), and dropped once sent."""

    __tablename__ = "outgoing_mail"
    TRANSITIONS = MAIL_TRANSITIONS
    STATE_NAME = "Mail"
    __table_args__ = (Index("ix_outgoing_mail_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    template: Mapped[str] = mapped_column(String(80))
    sealed: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When a delivery task was last put on the broker for it (the scan puts it again if it stays
    # pending long after), and how long a worker's claim on it lasts.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)


class TaskRun(db.Model):
    """One run of a background task: when, how long, and how it ended (kept a week)."""

    __tablename__ = "task_runs"
    __table_args__ = (Index("ix_task_runs_task_started_at", "task", "started_at"),
                      Index("ix_task_runs_ok_started_at", "ok", "started_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    task: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int] = mapped_column()
    ok: Mapped[bool] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)


class TaskDone(db.Model):
    """A task message that has done its work, keyed by the message's id (the same on every
    redelivery), written in the transaction that did the work."""

    __tablename__ = "task_done"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    task: Mapped[str] = mapped_column(String(120))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
