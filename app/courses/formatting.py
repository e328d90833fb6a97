"""How a course's contents read on a page and at the command line."""
from __future__ import annotations

from sqlalchemy import func, select

from app.core.extensions import db
from app.core.formatting import plural
from app.courses.models import Course, Lesson


def describe(course: Course) -> str:
    """What a course holds, counted: "3 modules, 6 lessons, 3 quizzes, 9 questions"."""
    modules = course.live_modules
    quizzes = [m.quiz for m in modules if m.quiz is not None and m.quiz.retired_at is None]
    parts = [
        plural(len(modules), "module"),
        plural(sum(len(m.live_lessons) for m in modules), "lesson"),
        plural(len(quizzes), "quiz", "quizzes"),
        plural(sum(len(q.live_questions) for q in quizzes), "question"),
    ]
    retired = db.session.scalar(
        select(func.count()).select_from(Lesson).where(Lesson.course_id == course.id, Lesson.retired_at.is_not(None))
    )
    if retired:
        parts.append(f"{plural(retired, 'retired lesson')} kept for learners' progress")
    return ", ".join(parts)
