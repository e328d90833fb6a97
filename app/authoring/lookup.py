"""Finding the rows an author's URL names: a course by slug, and its live modules, lessons,
quizzes and questions by id. Each answers None for a row that is missing, retired, or of
another course, so a URL can never reach into a course it does not name."""
from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.courses.models import Course, Lesson, Module, Question, Quiz


def course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def module_in(course: Course, module_id: int) -> Module | None:
    module = db.session.get(Module, module_id)
    return module if module is not None and module.course_id == course.id and module.retired_at is None else None


def lesson_in(course: Course, lesson_id: int) -> Lesson | None:
    lesson = db.session.get(Lesson, lesson_id)
    return lesson if lesson is not None and lesson.course_id == course.id and lesson.retired_at is None else None


def quiz_of(module: Module) -> Quiz | None:
    return module.quiz if module.quiz is not None and module.quiz.retired_at is None else None


def question_in(course: Course, question_id: int) -> Question | None:
    question = db.session.get(Question, question_id)
    if question is None or question.retired_at is not None or question.quiz.module.course_id != course.id:
        return None
    return question
