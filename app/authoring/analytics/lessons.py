"""Drop-off per lesson: how many learners reached each lesson and how many completed it.

"Reached" a lesson: completed the lesson before it in the course's reading order, or, for the
first lesson, enrolled in the course. Completions of each lesson are counted by the database.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.core.columns import live
from app.core.extensions import db
from app.courses.models import Lesson, Module
from app.learning.models import LessonProgress

REACHED_MEANS = _l("A learner reached a lesson when they completed the lesson before it in the course's "
                   "current order (for the first lesson: when they enrolled).")


@dataclass(frozen=True)
class LessonStep:
    module: int  # 1-based among the live modules
    lesson_id: int
    title: str
    reached: int
    completed: int

    @property
    def label(self) -> str:
        return f"{self.module}. {self.title}"

    @property
    def completion_percent(self) -> int | None:
        return round(100 * self.completed / self.reached) if self.reached else None


def lesson_dropoff(course_id: int, enrolled: int) -> list[LessonStep]:
    """The course's live lessons in reading order with reached and completed counts (one query)."""
    done = (select(LessonProgress.lesson_id, func.count().label("n"))
            .where(LessonProgress.course_id == course_id).group_by(LessonProgress.lesson_id).subquery())
    rows = db.session.execute(
        select(Module.id, Lesson.id, Lesson.title, func.coalesce(done.c.n, 0))
        .join(Module, Lesson.module_id == Module.id)
        .outerjoin(done, done.c.lesson_id == Lesson.id)
        .where(Lesson.course_id == course_id, live(Lesson, Module))
        .order_by(Module.position, Lesson.position)
    ).all()
    steps, numbers, previous = [], {}, None
    for module_id, lesson_id, title, completed in rows:
        number = numbers.setdefault(module_id, len(numbers) + 1)
        reached = enrolled if previous is None else previous
        steps.append(LessonStep(number, lesson_id, title, reached, int(completed)))
        previous = int(completed)
    return steps
