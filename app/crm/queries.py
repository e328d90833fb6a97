"""Read-side views of the CRM hand-off, for the admin area and the sales lead page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.core.extensions import db
from app.core.time import utcnow
from app.crm.models import CrmSync, SyncStatus


@dataclass
class Health:
    counts: dict[str, int]  # by status value
    last_success: datetime | None
    existing_customers: int
    recent_errors: list[CrmSync]
    dead: list[CrmSync]


def health(limit: int = 50) -> Health:
    counts = {status.value: 0 for status in SyncStatus}
    for status, n in db.session.execute(select(CrmSync.status, func.count()).group_by(CrmSync.status)):
        counts[status.value] = n
    last = db.session.scalar(select(func.max(CrmSync.last_sent_at)))
    customers = db.session.scalar(select(func.count()).select_from(CrmSync).where(CrmSync.existing_customer.is_(True)))
    errors = db.session.scalars(select(CrmSync).where(CrmSync.status == SyncStatus.PENDING,
                                                      CrmSync.last_error.is_not(None))
                                .order_by(CrmSync.updated_at.desc()).limit(limit)).all()
    dead = db.session.scalars(select(CrmSync).where(CrmSync.status == SyncStatus.DEAD)
                              .order_by(CrmSync.updated_at.desc()).limit(limit)).all()
    return Health(counts, last, customers or 0, errors, dead)


def retry(user_ids: list[int] | None = None) -> int:
    """Put dead letters back in the queue (all of them, or these learners'). Flushes."""
    query = select(CrmSync).where(CrmSync.status == SyncStatus.DEAD)
    if user_ids is not None:
        query = query.where(CrmSync.user_id.in_(user_ids))
    rows = db.session.scalars(query.with_for_update()).all()
    for row in rows:
        row.move_to(SyncStatus.PENDING)
        row.attempts, row.claimed_by, row.claimed_until = 0, None, None
        row.next_attempt_at = utcnow()
    db.session.flush()
    return len(rows)
