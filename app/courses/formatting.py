"""How a course's contents read on a page and at the command line."""
from __future__ import annotations

from flask_babel import ngettext
from sqlalchemy import func, select

from app.core.extensions import db
from app.courses.models import Course, Lesson


def describe(course: Course) -> str:
    """What a course holds, counted: "3 modules, 6 lessons, 3 quizzes, 9 questions" (in the reader's
    language on a page; English at the command line)."""
    modules = course.live_modules
    quizzes = [m.quiz for m in modules if m.quiz is not None and m.quiz.retired_at is None]
    lessons = sum(len(m.live_lessons) for m in modules)
    questions = sum(len(q.live_questions) for q in quizzes)
    parts = [
        ngettext("%(num)s module", "%(num)s modules", len(modules)),
        ngettext("%(num)s lesson", "%(num)s lessons", lessons),
        ngettext("%(num)s quiz", "%(num)s quizzes", len(quizzes)),
        ngettext("%(num)s question", "%(num)s questions", questions),
    ]
    retired = db.session.scalar(
        select(func.count()).select_from(Lesson).where(Lesson.course_id == course.id, Lesson.retired_at.is_not(None))
    )
    if retired:
        parts.append(ngettext("%(num)s retired lesson kept for learners' progress",
                              "%(num)s retired lessons kept for learners' progress", retired))
    return ", ".join(parts)
