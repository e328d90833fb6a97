"""The optimistic lock on a course: every edit form carries the version it was loaded with."""
from __future__ import annotations

from sqlalchemy import update

from app.authoring.errors import StaleCourse
from app.core.extensions import db
from app.core.time import utcnow
from app.courses.models import Course


def claim(course: Course, version: int | None, *, bump: bool = True) -> None:
    """Bump the course's version if it is still `version`, else raise StaleCourse.

    With `bump=False` the row is only locked and checked, for a save (an upload) that bumps the
    version itself.

    One conditional UPDATE, so it holds across processes: on PostgreSQL a second saver waits
    for the first one's row lock, then finds the version moved on; SQLite runs writers one at
    a time. Called before anything else is written, so a refused save has changed nothing.
    """
    result = db.session.execute(
        update(Course).where(Course.id == course.id, Course.version == version)
        .values(version=Course.version + (1 if bump else 0), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if version is None or result.rowcount != 1:
        raise StaleCourse()
    db.session.expire(course, ["version", "updated_at"])
