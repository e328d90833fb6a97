"""Admins deactivate and reactivate accounts. A deactivated person cannot log in, reset their
password or follow an invitation; their sessions end at once. Nothing they did is removed, and
they stay in every list (a learner's lead score, orders, progress)."""
from __future__ import annotations

from app.accounts import audit, sessions, tokens
from app.accounts.models import AccountAction, User
from app.accounts.service import AccountError
from app.core.time import utcnow


def deactivate(user: User, *, by: User) -> None:
    if user.id == by.id:
        raise AccountError("You cannot deactivate your own account; ask another admin.")
    if not user.is_active:
        raise AccountError(f"{user.email} is already deactivated.")
    user.deactivated_at = utcnow()
    sessions.end_all(user)
    tokens.use_up(user)  # no reset or invitation link outlives the deactivation
    audit.record(user, AccountAction.DEACTIVATED, by=by)


def reactivate(user: User, *, by: User) -> None:
    if user.is_active:
        raise AccountError(f"{user.email} is active already.")
    user.deactivated_at = None
    audit.record(user, AccountAction.REACTIVATED, by=by)
