"""Enrollments and completions per week (weeks start on Monday, UTC).

The database groups by calendar day (per dialect, so the day is the UTC day on PostgreSQL too);
Python folds the days, a list as long as the days with activity, into weeks.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, literal_column, select, union_all

from app.core.extensions import db
from app.core.time import utcnow
from app.learning.models import Enrollment

MAX_WEEKS = 52


@dataclass(frozen=True)
class Week:
    start: date
    enrolled: int
    completed: int

    @property
    def label(self) -> str:
        return self.start.isoformat()


def _day(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(literal_column("'UTC'"), column))
    return func.date(column)  # SQLite keeps UTC as text, "YYYY-MM-DD HH:MM:SS"


def _per_day(kind: str, column, course_id: int | None):
    day = _day(column)
    # `kind` is one of two letters chosen here, and a literal keeps PostgreSQL's GROUP BY simple.
    query = (select(literal_column(f"'{kind}'").label("kind"), day.label("day"), func.count().label("n"))
             .where(column.is_not(None)))
    if course_id is not None:
        query = query.where(Enrollment.course_id == course_id)
    return query.group_by(day)


def weekly(course_id: int | None = None, *, today: date | None = None) -> tuple[list[Week], bool]:
    """The weeks from the first with activity to this one (the last MAX_WEEKS at most), and
    whether earlier weeks were left out. One query."""
    rows = db.session.execute(union_all(_per_day("e", Enrollment.enrolled_at, course_id),
                                        _per_day("c", Enrollment.completed_at, course_id))).all()
    counts: dict[date, list[int]] = {}
    for kind, day, n in rows:
        day = date.fromisoformat(str(day)[:10])
        week = day - timedelta(days=day.weekday())
        counts.setdefault(week, [0, 0])[0 if kind == "e" else 1] += int(n)
    if not counts:
        return [], False
    today = today or utcnow().date()
    last = max(max(counts), today - timedelta(days=today.weekday()))
    first = min(counts)
    total = (last - first).days // 7 + 1
    shown = min(total, MAX_WEEKS)
    weeks = [last - timedelta(weeks=k) for k in reversed(range(shown))]
    return [Week(w, *counts.get(w, [0, 0])) for w in weeks], total > shown
