"""The demo courses shipped with Primer, for `flask demo seed`: a free introduction to the
fictional Acme Analytics, and a paid certification course that builds on it."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.core.extensions import db
from app.courses.files import course_format, import_course, parse_course
from app.courses.models import Course

DEMO_DIR = Path(__file__).resolve().parent
DEMO_FILES = ("acme-analytics-101.yaml", "acme-certified-administrator.yaml")


def seed_demo_courses() -> list[Course]:
    """Import each demo course whose slug is not in the database yet; returns those added.

    A course that exists is left alone, even if an author has changed it since. Flushes only.
    """
    added = []
    for name in DEMO_FILES:
        path = DEMO_DIR / name
        data = parse_course(path.read_text(encoding="utf-8"), course_format(path))
        if db.session.scalar(select(Course.id).where(Course.slug == data["slug"])) is None:
            course, _ = import_course(data, draft=False)
            added.append(course)
    return added
