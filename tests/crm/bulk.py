"""Many qualified leads at once, written in bulk (for the worker tests and, through bench/testkit.py, bench/crm_sync.py)."""
from __future__ import annotations

from sqlalchemy import insert, select

from app.accounts.models import User
from app.core.extensions import db
from app.core.time import utcnow
from app.crm.models import CrmSync
from app.scoring.models import LeadScore, ScoreItem


def seed_qualified(n: int, *, prefix: str = "lead") -> list[int]:
    """n learners who agreed to be contacted (address confirmed), each an MQL with one scored rule and a pending outbox row."""
    now = utcnow()
    db.session.execute(insert(User), [dict(
        email=f"{prefix}{i}@acme-corp.com", password_hash="x", first_name="Lead", last_name=str(i),
        company="Acme", job_title="Head of Data", country="", role="learner", consent_contact=True,
        consent_contact_at=now, created_at=now, password_changed_at=now, email_verified_at=now) for i in range(n)])
    ids = list(db.session.scalars(select(User.id).where(User.email.like(f"{prefix}%@acme-corp.com"))
                                  .order_by(User.id)))
    db.session.execute(insert(LeadScore), [dict(
        user_id=uid, model_version=1, engagement=70.0, fit=0.0, total=70.0, stage="mql", stage_changed_at=now,
        evaluated_at=now, last_activity_at=now, topic_counts={"pricing": 2}, top_topics=["pricing"]) for uid in ids])
    db.session.execute(insert(ScoreItem), [dict(
        user_id=uid, rule_key="e0", rule_name="Read about pricing", kind="engagement", times=2, points=70.0,
        value=70.0, as_of=now, last_at=now) for uid in ids])
    db.session.execute(insert(CrmSync), [dict(
        user_id=uid, status="pending", version=1, reasons=["Stage lead → marketing qualified"], note_due=True,
        attempts=0, next_attempt_at=now, existing_customer=False, created_at=now, updated_at=now) for uid in ids])
    db.session.commit()
    return ids
