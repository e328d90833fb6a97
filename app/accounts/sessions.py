"""Login sessions kept server-side, so a logout really ends a session.

The signed cookie holds only a random key. Its row records when the session started and
was last used; the loader refuses a session past its idle or absolute lifetime, and logout
deletes the row, so a cookie copied before logout is worthless afterwards.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from app.accounts.models import LoginSession, User
from app.core.extensions import db
from app.core.time import utcnow

# Writing last_seen_at on every request would turn each page view into a write.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(user: User, *, user_agent: str = "") -> str:
    """Open a session for the user and return the key to put in the cookie."""
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(key_hash=_digest(key), user=user, user_agent=user_agent[:300]))
    db.session.flush()
    user.login_session_key = key
    return key


def load(key: str, *, idle: timedelta, absolute: timedelta, now: datetime | None = None) -> User | None:
    """The user whose live session has this key, or None (unknown, ended, expired, or of an
    account deactivated since: deactivating ends sessions, and this holds even if one was missed)."""
    now = now or utcnow()
    row = db.session.scalar(select(LoginSession).options(joinedload(LoginSession.user))  # one query per request
                            .where(LoginSession.key_hash == _digest(key)))
    if row is None:
        return None
    if now - row.last_seen_at > idle or now - row.created_at > absolute or not row.user.is_active:
        db.session.delete(row)  # left pending, so the loader sees it and commits it
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    user = row.user
    user.login_session_key = key
    return user


def end(key: str | None) -> None:
    if key:
        db.session.execute(delete(LoginSession).where(LoginSession.key_hash == _digest(key)))


def end_all(user: User, *, keep: str | None = None) -> None:
    """End every session of the user (after a password change or reset), but `keep`."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep:
        query = query.where(LoginSession.key_hash != _digest(keep))
    db.session.execute(query)
