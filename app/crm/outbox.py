"""Deciding what the CRM must hear about, in the same transaction as the change.

A learner is pushed when they first qualify (mql or sql), and once qualified (or once sent)
on every stage change, every finished course, and every score move of at least
CRM_SCORE_DELTA points since the last send. Several changes before a worker runs coalesce
in the learner's one outbox row; the worker sends the state as it is then.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.accounts.models import User
from app.core.extensions import db
from app.core.time import utcnow
from app.crm.models import CrmSync, SyncStatus

QUALIFIED = {"mql", "sql"}


def consent_ok(user: User) -> bool:
    """May this person be pushed: consent given and address confirmed (unless settings waive either)."""
    settings = current_app.config
    return ((user.consent_contact or not settings["CRM_REQUIRE_CONSENT"])
            and (user.is_verified or not settings["CRM_REQUIRE_VERIFIED_EMAIL"]))


def enqueue(user_id: int, reason: str, *, note: bool = False) -> CrmSync | None:
    """Ask for the learner's current state to be sent; None when they may not be pushed."""
    user = db.session.get(User, user_id)
    if user is None or not consent_ok(user):
        return None
    row = db.session.get(CrmSync, user_id)
    if row is None:
        row = CrmSync(user_id=user_id, status=SyncStatus.PENDING, version=1, reasons=[reason], note_due=note,
                      attempts=0, next_attempt_at=utcnow())
        db.session.add(row)
    else:
        if row.status is not SyncStatus.PENDING:
            row.move_to(SyncStatus.PENDING)
            row.attempts, row.last_error = 0, None
        row.version += 1
        row.reasons = [*(row.reasons or [])[-9:], reason]
        row.note_due = row.note_due or note
        row.next_attempt_at = utcnow()
    db.session.flush()
    return row


def sync_row(user_id: int) -> CrmSync | None:
    return db.session.get(CrmSync, user_id)


def on_stage_change(user_id: int, old: str, new: str) -> None:
    """Qualifying, and any stage change of a qualified or already-sent lead, goes to the CRM with a note."""
    if new in QUALIFIED or old in QUALIFIED or sync_row(user_id) is not None:
        label = {"lead": "lead", "mql": "marketing qualified", "sql": "sales qualified"}
        enqueue(user_id, f"Stage {label[old]} → {label[new]}", note=True)


def on_course_completed(user_id: int, stage: str, course_title: str) -> None:
    if stage in QUALIFIED:
        enqueue(user_id, f"Finished the course “{course_title}”")


def on_score_moved(user_id: int, stage: str, total: float) -> None:
    if stage not in QUALIFIED:
        return
    row = sync_row(user_id)
    sent = row.last_sent_score if row is not None else None
    delta = current_app.config["CRM_SCORE_DELTA"]
    if sent is not None and abs(total - sent) >= delta and (row.status is not SyncStatus.PENDING):
        enqueue(user_id, f"Score moved from {sent:g} to {total:g}")


def on_consent_given(user_id: int, stage: str) -> None:
    if stage in QUALIFIED:
        enqueue(user_id, "Agreed to be contacted")


def on_address_confirmed(user_id: int, stage: str) -> None:
    if stage in QUALIFIED:
        enqueue(user_id, "Confirmed their email address")


def stop(user_id: int) -> None:
    """Consent withdrawn: nothing more is sent (what is already in the CRM stays there)."""
    row = db.session.get(CrmSync, user_id)
    if row is not None and row.status is not SyncStatus.IDLE:
        row.move_to(SyncStatus.IDLE)
        row.last_error = "Consent withdrawn: not sent."


def pending_count() -> int:
    from sqlalchemy import func

    return db.session.scalar(select(func.count()).select_from(CrmSync).where(CrmSync.status == SyncStatus.PENDING))
