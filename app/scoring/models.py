"""Scoring models (versioned), each learner's lead score and its breakdown, and what sales was
told of new sales-qualified leads."""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.columns import BigId, enum_column
from app.core.extensions import db
from app.core.time import UTCDateTime, utcnow


class LeadStage(str, enum.Enum):
    LEAD = "lead"
    MQL = "mql"
    SQL = "sql"

    @property
    def label(self) -> str:
        """The stage's name in the reader's language (lazy: form choices are built at import)."""
        return STAGE_LABELS[self.value]

    @property
    def english_label(self) -> str:
        """The stage's name in English, for what leaves Primer (the HubSpot note)."""
        return ENGLISH_STAGE_LABELS[self.value]

    @property
    def rank(self) -> int:
        return ["lead", "mql", "sql"].index(self.value)


ENGLISH_STAGE_LABELS = {"lead": "Lead", "mql": "Marketing qualified", "sql": "Sales qualified"}
STAGE_LABELS = {"lead": _l("Lead"), "mql": _l("Marketing qualified"), "sql": _l("Sales qualified")}

# A score can rise or decay past any threshold, so every move between stages is legal;
# the table exists so a new stage (say, "customer") has to say where it may go.
STAGE_TRANSITIONS = {
    LeadStage.LEAD: {LeadStage.MQL, LeadStage.SQL},
    LeadStage.MQL: {LeadStage.LEAD, LeadStage.SQL},
    LeadStage.SQL: {LeadStage.LEAD, LeadStage.MQL},
}


class ScoringModelVersion(db.Model):
    """Every saved model is kept; the newest is the one in force."""

    __tablename__ = "scoring_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    definition: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(200), default="")

    created_by: Mapped[User | None] = relationship()


class LeadScore(db.Model):
    """A learner's current score. Totals are in points (exact tenths); see scoring.engine."""

    __tablename__ = "lead_scores"
    __table_args__ = (Index("ix_lead_scores_stage_total", "stage", "total"),
                      Index("ix_lead_scores_total", "total"))

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    model_version: Mapped[int] = mapped_column()
    engagement: Mapped[float] = mapped_column(Float, default=0.0)
    fit: Mapped[float] = mapped_column(Float, default=0.0)
    total: Mapped[float] = mapped_column(Float, default=0.0)
    stage: Mapped[LeadStage] = mapped_column(enum_column(LeadStage), default=LeadStage.LEAD)
    stage_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_event_id: Mapped[int | None] = mapped_column(BigId)
    topic_counts: Mapped[dict] = mapped_column(JSON, default=dict)
    top_topics: Mapped[list] = mapped_column(JSON, default=list)

    user: Mapped[User] = relationship()
    items: Mapped[list[ScoreItem]] = relationship(
        primaryjoin="LeadScore.user_id == foreign(ScoreItem.user_id)", viewonly=True, order_by="ScoreItem.rule_key"
    )


class ScoreItem(db.Model):
    """One rule's part of a learner's score: engagement (from events) or fit (from the profile)."""

    __tablename__ = "score_items"
    __table_args__ = (UniqueConstraint("user_id", "rule_key", name="uq_score_items_user_id_rule_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    rule_key: Mapped[str] = mapped_column(String(12))
    rule_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12))  # engagement | fit
    times: Mapped[int] = mapped_column(default=0)
    points: Mapped[float] = mapped_column(Float, default=0.0)
    value: Mapped[float] = mapped_column(Float, default=0.0)
    as_of: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LeadAlert(db.Model):
    """A learner who became sales-qualified for the first time. Sales hears of each lead once
    (scoring.alerts), however often the stage moves later: a decay and a new rise, a rescore."""

    __tablename__ = "lead_alerts"
    __table_args__ = (Index("ix_lead_alerts_qualified_at", "qualified_at"),
                      Index("ix_lead_alerts_notified_at", "notified_at"))

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    qualified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the "at once" alerts about it were written (None: a worker has still to write them).
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class SalesDigest(db.Model):
    """A sales person's daily digest of new sales-qualified leads: at most one per person and day
    (their own calendar day), whatever the number of workers or runs; written with its mail."""

    __tablename__ = "sales_digests"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_sales_digests_user_id_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    # Leads that qualified up to this moment were in this digest or an earlier one.
    covered_until: Mapped[datetime] = mapped_column(UTCDateTime())
    leads: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
