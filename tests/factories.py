"""Small factories for test data. Passwords are hashed once per distinct password."""
from __future__ import annotations

import itertools
from functools import lru_cache

from app.accounts import sessions
from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.extensions import db

DEFAULT_PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@lru_cache(maxsize=16)
def _hash(password: str) -> str:
    return hash_password(password)


def user(role: str | Role = "learner", *, password: str = DEFAULT_PASSWORD, commit: bool = True, **fields) -> User:
    n = next(_counter)
    values = dict(
        email=f"person{n}@example.com", first_name=f"Pat{n}", last_name="Tester",
        company="Example Corp", job_title="Engineer",
    )
    values.update(fields)
    values["email"] = values["email"].lower()
    person = User(role=Role(role), password_hash=_hash(password), **values)
    db.session.add(person)
    if commit:
        db.session.commit()
    return person


def sign_in(client, person: User) -> str:
    """Open a login session for `person` in the test client without going through the form."""
    key = sessions.start(person)
    db.session.commit()
    with client.session_transaction() as s:
        s["_user_id"] = key
        s["_fresh"] = True
    return key
