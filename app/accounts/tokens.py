"""Tokens mailed to choose a password: a reset, or an invitation's first password.

Single-use and expiring; only a hash is stored, so a copy of the database opens no account. A
token is claimed atomically (two submits of one link set a password once), and setting a
password uses up every token the account still has.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.accounts.models import PasswordResetToken, TokenPurpose, User
from app.core.extensions import db
from app.core.time import utcnow


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, purpose: TokenPurpose, ttl: timedelta) -> str:
    """A new token for `user`, good for `ttl`; the caller mails it."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(PasswordResetToken(token_hash=digest(token), user=user, purpose=purpose, created_at=now,
                                      expires_at=now + ttl))
    db.session.flush()
    return token


def live(token: str, purpose: TokenPurpose, *, now: datetime | None = None) -> PasswordResetToken | None:
    """The unused, unexpired token row of this purpose, for an account that is not deactivated."""
    now = now or utcnow()
    row = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == digest(token)))
    if row is None or row.purpose is not purpose or row.used_at is not None or row.expires_at <= now:
        return None
    return row if row.user.is_active else None


def claim(row: PasswordResetToken) -> bool:
    """Use the token up; False when another request used it first."""
    return db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == row.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount == 1


def use_up(user: User, purpose: TokenPurpose | None = None) -> None:
    """Use up the account's unused tokens (of one purpose, or all): a link mailed before must not
    undo a password change, outlive a deactivation, or compete with a newer invitation."""
    query = (update(PasswordResetToken)
             .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None)))
    if purpose is not None:
        query = query.where(PasswordResetToken.purpose == purpose)
    db.session.execute(query.values(used_at=utcnow()))
