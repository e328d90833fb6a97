"""The account log: who did what to which account, and when (admins inviting, deactivating,
reactivating, changing roles; invitees accepting). Rows are only ever added."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.models import AccountAction, AccountLog, User
from app.core.extensions import db

RECENT = 20


def record(user: User, action: AccountAction, *, by: User | None, detail: str = "") -> None:
    db.session.add(AccountLog(user_id=user.id, actor_id=by.id if by is not None else None, action=action,
                              detail=detail[:200]))


def recent(limit: int = RECENT) -> list[AccountLog]:
    """The latest entries, newest first, with both people loaded (one query)."""
    return list(db.session.scalars(
        select(AccountLog).options(joinedload(AccountLog.user), joinedload(AccountLog.actor))
        .order_by(AccountLog.at.desc(), AccountLog.id.desc()).limit(limit)))
