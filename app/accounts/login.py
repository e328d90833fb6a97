"""Who is signed in, for Flask-Login: the cookie holds a login session's key, and the
server-side session (`sessions.load`) says whose it is. The app factory registers the loader."""
from __future__ import annotations

from flask import current_app, session

from app.accounts import sessions
from app.accounts.models import User
from app.core.extensions import db


def load_user(key: str) -> User | None:
    """The user whose live session has this key, or None (and the cookie is forgotten)."""
    user = sessions.load(
        key,
        idle=current_app.config["SESSION_IDLE_TIMEOUT"],
        absolute=current_app.config["SESSION_ABSOLUTE_TIMEOUT"],
    )
    if db.session.dirty or db.session.deleted:
        db.session.commit()  # the session row was touched or has expired
    if user is None:
        session.clear()
    return user
