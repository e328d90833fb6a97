"""The funnel: enrolled → started (a lesson completed) → completed, and the enrolled learners'
lead stage now (MQL, SQL), per course in one grouped query."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, exists, func, select

from app.core.extensions import db
from app.learning.models import Enrollment, LessonProgress
from app.scoring.models import LeadScore, LeadStage


@dataclass(frozen=True)
class Funnel:
    enrolled: int = 0
    started: int = 0
    completed: int = 0
    mql: int = 0
    sql: int = 0

    def steps(self) -> list[tuple[str, int]]:
        return [(_("Enrolled"), self.enrolled), (_("Started"), self.started), (_("Completed"), self.completed),
                (_("Marketing qualified (MQL) now"), self.mql), (_("Sales qualified (SQL) now"), self.sql)]


def _counted():
    started = exists().where(LessonProgress.user_id == Enrollment.user_id,
                             LessonProgress.course_id == Enrollment.course_id)
    return (
        select(Enrollment.course_id, func.count(Enrollment.id),
               func.sum(case((started, 1), else_=0)),
               func.count(Enrollment.completed_at),
               func.sum(case((LeadScore.stage == LeadStage.MQL, 1), else_=0)),
               func.sum(case((LeadScore.stage == LeadStage.SQL, 1), else_=0)))
        .outerjoin(LeadScore, LeadScore.user_id == Enrollment.user_id)
        .group_by(Enrollment.course_id)
    )


def _funnel(row) -> Funnel:
    return Funnel(*(int(n or 0) for n in row[1:]))


def course_funnel(course_id: int) -> Funnel:
    """One course's funnel (one query)."""
    row = db.session.execute(_counted().where(Enrollment.course_id == course_id)).first()
    return _funnel(row) if row else Funnel()


def funnels() -> dict[int, Funnel]:
    """Every course's funnel by course id (one query); courses nobody enrolled in are missing."""
    return {row[0]: _funnel(row) for row in db.session.execute(_counted())}
