"""Topics: the shared tags of lessons and library items, and the interests sales reads."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.extensions import db
from app.courses.models import Topic

TOPIC_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_TOPIC_NAME = 60


def named(names: list[str]) -> dict[str, Topic]:
    """The Topic rows for `names`, adding the missing ones (safe when two editors add one at once)."""
    found = {t.name: t for t in db.session.scalars(select(Topic).where(Topic.name.in_(names)))} if names else {}
    for name in names:
        if name not in found:
            found[name] = _new(name)
    return found


def _new(name: str) -> Topic:
    topic = Topic(name=name)
    try:
        with db.session.begin_nested():
            db.session.add(topic)
    except IntegrityError:  # another editor added it a moment ago
        return db.session.scalar(select(Topic).where(Topic.name == name))
    return topic
