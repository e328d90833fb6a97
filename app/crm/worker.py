"""Draining the CRM outbox: claim rows under a lease, send their current state, record results.

Any number of workers may run. On PostgreSQL rows are claimed with FOR UPDATE SKIP LOCKED;
on SQLite the claiming UPDATE runs under the database's single write lock. A claim is a lease
(CRM_LEASE_SECONDS): a worker killed mid-batch leaves rows that another claims once it ends.
Each step commits on its own, so a crash loses at most the batch in flight, which is resent.
"""
from __future__ import annotations

import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from app.core.extensions import db
from app.core.time import utcnow
from app.crm import outbox, payload
from app.crm.contacts import CrmAdapter
from app.crm.errors import CrmAuthError, CrmUnavailable
from app.crm.models import CrmSync, SyncStatus

RETRY_CAP = timedelta(hours=1)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{random.randrange(16**4):04x}"


@dataclass
class DrainResult:
    sent: int = 0
    rejected: int = 0
    retrying: int = 0
    skipped: int = 0
    existing_customers: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now):
    return ((CrmSync.status == SyncStatus.PENDING) & (CrmSync.next_attempt_at <= now)
            & or_(CrmSync.claimed_until.is_(None), CrmSync.claimed_until < now))


def claim(worker: str, limit: int) -> dict[int, int]:
    """Lease up to `limit` due rows to `worker`; returns {user_id: version at claim}. Commits."""
    for _ in range(5):  # on SQLite another worker may win the rows this one saw: look again
        ids, claimed = _claim_once(worker, limit)
        if claimed or not ids:
            return claimed
    return {}


def _claim_once(worker: str, limit: int) -> tuple[list[int], dict[int, int]]:
    now = utcnow()
    query = select(CrmSync.user_id).where(_due(now)).order_by(CrmSync.next_attempt_at).limit(limit)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(query))
    if ids:
        lease = now + timedelta(seconds=current_app.config["CRM_LEASE_SECONDS"])
        db.session.execute(update(CrmSync).where(CrmSync.user_id.in_(ids), _due(now))
                           .values(claimed_by=worker, claimed_until=lease).execution_options(synchronize_session=False))
    db.session.commit()
    if not ids:
        return [], {}
    return ids, dict(db.session.execute(select(CrmSync.user_id, CrmSync.version)
                                        .where(CrmSync.user_id.in_(ids), CrmSync.claimed_by == worker)).all())


def _retry_delay(attempts: int) -> timedelta:
    seconds = min(RETRY_CAP.total_seconds(), 5 * 2 ** attempts)
    return timedelta(seconds=random.uniform(seconds / 2, seconds))


def _release(rows: list[CrmSync]) -> None:
    for row in rows:
        row.claimed_by, row.claimed_until = None, None


def deliver(adapter: CrmAdapter, claimed: dict[int, int], result: DrainResult) -> None:
    """Send one claimed batch and record what happened to each row. Commits.

    Raises CrmAuthError (after releasing the rows untouched) when the token is refused.
    """
    rows = {r.user_id: r for r in db.session.scalars(
        select(CrmSync).where(CrmSync.user_id.in_(list(claimed))).options(selectinload(CrmSync.user))
        .with_for_update())}
    for row in list(rows.values()):
        if not outbox.consent_ok(row.user):  # withdrawn since it was queued
            outbox.stop(row.user_id)
            _release([row])
            rows.pop(row.user_id)
            result.skipped += 1
    leads = payload.build(list(rows), {uid for uid, r in rows.items() if r.note_due})
    db.session.commit()  # do not hold row locks while talking to HubSpot; the lease protects them
    if not leads:
        return
    try:
        outcomes = adapter.push(list(leads.values()))
    except CrmAuthError:
        db.session.rollback()
        _release(db.session.scalars(select(CrmSync).where(CrmSync.user_id.in_(list(leads)))).all())
        db.session.commit()
        raise
    except CrmUnavailable as exc:
        db.session.rollback()
        now = utcnow()
        for row in db.session.scalars(select(CrmSync).where(CrmSync.user_id.in_(list(leads))).with_for_update()):
            row.attempts += 1
            row.next_attempt_at = now + _retry_delay(row.attempts)
            row.last_error = str(exc)
            _release([row])
            result.retrying += 1
        result.errors.append(str(exc))
        db.session.commit()
        return
    by_email = {o.email: o for o in outcomes}
    now = utcnow()
    locked = {r.user_id: r for r in db.session.scalars(
        select(CrmSync).where(CrmSync.user_id.in_(list(leads))).with_for_update())}
    for user_id, sent in leads.items():
        row, outcome = locked[user_id], by_email.get(sent.email)
        _release([row])
        if outcome is None or outcome.rejected:
            row.move_to(SyncStatus.DEAD)
            row.last_error = outcome.rejected if outcome else "HubSpot did not report on this contact."
            result.rejected += 1
            continue
        row.hubspot_id, row.existing_customer = outcome.hubspot_id, outcome.existing_customer
        row.last_sent_at, row.last_error, row.attempts = now, None, 0
        row.last_sent_stage = sent.stage.value
        row.last_sent_score = float(f"{sent.score:g}")  # as the CRM holds it: six significant digits
        result.existing_customers += outcome.existing_customer
        if row.version == claimed[user_id]:
            row.move_to(SyncStatus.IDLE)
            row.reasons, row.note_due = [], False
        elif outcome.note_added:
            row.note_due = False  # a newer change waits; its note (if any) is asked for again
        result.sent += 1
    db.session.commit()


def drain(adapter: CrmAdapter, *, worker: str | None = None, progress: Callable[[int], None] | None = None,
          should_stop: Callable[[], bool] = lambda: False) -> DrainResult:
    """Send every row due now, batch after batch, until none is left due (or told to stop)."""
    worker = worker or worker_name()
    result = DrainResult()
    size = current_app.config["CRM_BATCH_SIZE"]
    while not should_stop():
        claimed = claim(worker, size)
        if not claimed:
            break
        deliver(adapter, claimed, result)
        result.batches += 1
        if progress:
            progress(len(claimed))
    return result


def undelivered() -> int:
    return db.session.scalar(select(db.func.count()).select_from(CrmSync)
                             .where(CrmSync.status.in_([SyncStatus.PENDING, SyncStatus.DEAD])))
