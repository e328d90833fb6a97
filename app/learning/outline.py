"""A course's outline as plain data for pages: modules, their lessons and quiz, one learner's marks.

The structure comes from the course's map (learning.coursemap: kept in memory until the course
changes) and the learner's marks from one query, so a page costs the same whatever the course
size. An outline is detached from the ORM: a view may commit — which expires every loaded
object — and still render it. The one quiz a page grades is loaded by id when asked for (`quiz_row`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, TypeVar

from flask_babel import gettext as _

from app.core.extensions import db
from app.courses.models import Course, Quiz
from app.learning import queries
from app.learning.coursemap import CourseMap, course_map
from app.learning.items import LessonContent, LessonItem, LessonRef, ModuleItem, QuestionItem, QuizItem, Step

__all__ = ["LessonContent", "LessonItem", "ModuleItem", "Outline", "QuestionItem", "QuizItem", "Step",
           "course_outline", "resume_point"]


@dataclass(frozen=True)
class Outline:
    course_id: int
    slug: str
    title: str
    modules: tuple[ModuleItem, ...]
    percent: int
    complete: bool
    _map: CourseMap = field(repr=False, compare=False)

    @cached_property
    def lessons(self) -> list[LessonItem]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.modules)

    @property
    def memo(self) -> dict:
        """Kept with the course's structure, for what pages derive from it alone."""
        return self._map.memo

    @property
    def quizzes(self) -> list[QuizItem]:
        return [module.quiz for module in self.modules if module.quiz]

    def lesson(self, slug: str) -> LessonItem | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)

    def module(self, number: int) -> ModuleItem | None:
        return self.modules[number - 1] if 1 <= number <= len(self.modules) else None

    def neighbours(self, item: LessonItem) -> tuple[LessonItem | None, LessonItem | None]:
        """The lessons before and after `item` in reading order, across modules."""
        lessons = self.lessons
        i = lessons.index(item)
        return (lessons[i - 1] if i > 0 else None), (lessons[i + 1] if i + 1 < len(lessons) else None)

    def step_after(self, item: LessonItem) -> LessonItem | QuizItem | None:
        """Where to go once `item` is done: its module's quiz when it ends the module and the quiz
        is not passed yet, else the next lesson, else nowhere (the outline)."""
        module = self.modules[item.module - 1]
        if module.quiz and not module.quiz.passed and module.lessons[-1] == item:
            return module.quiz
        return self.neighbours(item)[1]

    def completed_by(self, item: LessonItem) -> bool:
        """Whether completing `item` finishes the course (everything else already done)."""
        return (not self.complete and all(lesson.done or lesson == item for lesson in self.lessons)
                and all(quiz.passed for quiz in self.quizzes))

    def steps(self) -> list[Step]:
        """Every lesson and quiz in reading order (a module's quiz after its lessons), with the marks."""
        steps = []
        for module in self.modules:
            steps.extend(Step(lesson.id, lesson.title, lesson.done, slug=lesson.slug) for lesson in module.lessons)
            if module.quiz:
                steps.append(Step(None, _("Module %(number)s quiz", number=module.number), module.quiz.passed, quiz_number=module.number))
        return steps

    def teaching_lesson(self, question: QuestionItem, module: ModuleItem) -> LessonItem | None:
        """The lesson a question's results link to: the one its author named while it is in the
        course, else its module's first lesson (None for a module without lessons)."""
        named = next((lesson for lesson in self.lessons if lesson.id == question.lesson_id), None)
        return named or (module.lessons[0] if module.lessons else None)

    def topics(self, item: LessonItem) -> tuple[str, ...]:
        """The lesson's topic names, in the author's order."""
        return self._map.topics.get(item.id, ())

    def lesson_ref(self, item: LessonItem) -> LessonRef:
        """The lesson as the service calls take it (completing it), with no query."""
        return LessonRef(item.id, self.course_id, self.topics(item))

    def quiz_row(self, item: QuizItem) -> Quiz:
        return db.session.get(Quiz, item.id)

    def questions(self, item: QuizItem) -> list[QuestionItem]:
        """The quiz's live questions (one query), for the quiz page."""
        return [QuestionItem(q.id, q.prompt, tuple(q.choices), q.multiple, tuple(sorted(q.correct)),
                             q.explanation_html, q.lesson_id)
                for q in self.quiz_row(item).live_questions]

    def content(self, item: LessonItem) -> LessonContent:
        return self._map.content(item.id)


def course_outline(course: Course, user_id: int | None = None) -> Outline:
    """The outline of a course, with `user_id`'s marks when given (one query for them)."""
    shape = course_map(course)
    done, passed = queries.marks_in(user_id, course.id) if user_id is not None else (set(), set())
    done_lessons, passed_quizzes = len(shape.lesson_ids & done), len(shape.quiz_ids & passed)
    total = len(shape.lesson_ids) + len(shape.quiz_ids)
    return Outline(
        course.id, course.slug, course.title, shape.marked(done, passed),
        percent=100 * (done_lessons + passed_quizzes) // total if total else 0,
        complete=user_id is not None and shape.finished(done, passed),
        _map=shape,
    )


class _Marked(Protocol):
    id: int | None
    done: bool


T = TypeVar("T", bound=_Marked)


def resume_point(lessons: Sequence[T], last_lesson_id: int | None) -> T | None:
    """Where "Continue" goes: the lesson last opened unless it is done, else the first one not
    done, else (all done) the one last opened or the first. Given steps (lessons and quizzes),
    the first one not done may be a quiz: ids are lesson ids, and a quiz's is None."""
    last = None if last_lesson_id is None else next((lesson for lesson in lessons if lesson.id == last_lesson_id), None)
    if last is not None and not last.done:
        return last
    return next((lesson for lesson in lessons if not lesson.done), last or (lessons[0] if lessons else None))
