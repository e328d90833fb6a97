"""A course's outline as plain data for pages: modules, their lessons and quiz, one learner's marks.

Built in a fixed number of queries whatever the course size (the modules with their quizzes,
the lessons as light rows, and the learner's progress), and detached from the ORM: a view may
commit — which expires every loaded object — and still render the outline without a lazy load.
The one lesson a page works on is loaded whole, by id, when asked for (`lesson_row`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from app.courses.markdown import MediaEmbed, media_embed
from app.courses.models import Course, Lesson, Quiz
from app.extensions import db
from app.learning import queries


@dataclass(frozen=True)
class LessonItem:
    id: int
    slug: str
    title: str
    minutes: int
    module: int  # the 1-based number of its module
    done: bool = False


@dataclass(frozen=True)
class QuizItem:
    id: int
    module: int
    pass_percent: int
    passed: bool = False


@dataclass(frozen=True)
class ModuleItem:
    number: int  # 1-based among the live modules: the n of /learn/<slug>/quiz/<n>
    title: str
    lessons: tuple[LessonItem, ...]
    quiz: QuizItem | None

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)


@dataclass(frozen=True)
class QuestionItem:
    id: int
    prompt: str
    choices: tuple[str, ...]
    multiple: bool  # several right answers: checkboxes, else radio buttons


@dataclass(frozen=True)
class LessonContent:
    """What a lesson page shows besides the outline; body_html is sanitized when it is saved."""

    body_html: str
    media: MediaEmbed | None


@dataclass(frozen=True)
class Outline:
    course_id: int
    slug: str
    title: str
    modules: tuple[ModuleItem, ...]
    percent: int
    complete: bool
    # The loaded quiz rows, for the service calls a page makes (grade a quiz).
    _quizzes: dict[int, Quiz] = field(repr=False, compare=False, default_factory=dict)

    @property
    def lessons(self) -> list[LessonItem]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.modules)

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

    def resume(self, last_lesson_id: int | None) -> LessonItem | None:
        return resume_point(self.lessons, last_lesson_id)

    def lesson_row(self, item: LessonItem) -> Lesson:
        """The lesson itself (one query, then the session's identity map), for the service calls."""
        return db.session.get(Lesson, item.id)

    def quiz_row(self, item: QuizItem) -> Quiz:
        return self._quizzes[item.id]

    def questions(self, item: QuizItem) -> list[QuestionItem]:
        """The quiz's live questions (one query), for the quiz page."""
        return [QuestionItem(q.id, q.prompt, tuple(q.choices), q.multiple)
                for q in self._quizzes[item.id].live_questions]

    def content(self, item: LessonItem) -> LessonContent:
        row = self.lesson_row(item)
        return LessonContent(row.body_html, media_embed(row.media_url))


def course_outline(course: Course, user_id: int | None = None) -> Outline:
    """The outline of a published course, with `user_id`'s done marks when given."""
    modules = queries.course_modules(course.id)
    lessons = queries.outline_lessons(course.id)
    quizzes = [quiz for _, quiz in modules if quiz is not None]
    progress = queries.progress_in(user_id, course.id, lessons, quizzes) if user_id is not None else None
    done = progress.done_lessons if progress else set()
    passed = progress.passed_quizzes if progress else set()

    by_module: dict[int, list] = {}
    for lesson in lessons:
        by_module.setdefault(lesson.module_id, []).append(lesson)
    items = []
    for number, (module, quiz) in enumerate(modules, 1):
        module_lessons = tuple(
            LessonItem(lesson.id, lesson.slug, lesson.title, lesson.minutes, number, lesson.id in done)
            for lesson in by_module.get(module.id, ())
        )
        quiz_item = QuizItem(quiz.id, number, quiz.pass_percent, quiz.id in passed) if quiz else None
        items.append(ModuleItem(number, module.title, module_lessons, quiz_item))
    return Outline(
        course.id, course.slug, course.title, tuple(items),
        percent=progress.percent if progress else 0, complete=bool(progress and progress.complete),
        _quizzes={quiz.id: quiz for quiz in quizzes},
    )


class _Marked(Protocol):
    id: int
    done: bool


T = TypeVar("T", bound=_Marked)


def resume_point(lessons: Sequence[T], last_lesson_id: int | None) -> T | None:
    """Where "Continue" goes: the lesson last opened unless it is done, else the first one not
    done, else (all done) the one last opened or the first."""
    last = next((lesson for lesson in lessons if lesson.id == last_lesson_id), None)
    if last is not None and not last.done:
        return last
    return next((lesson for lesson in lessons if not lesson.done), last or (lessons[0] if lessons else None))


@dataclass(frozen=True)
class _Mark:
    id: int
    slug: str
    done: bool


def resume_slugs(user_id: int, enrollments) -> dict[int, str]:
    """Per course id, the slug of the lesson "Continue" opens on "My learning" (one query)."""
    marks = queries.lesson_marks(user_id, [e.course_id for e in enrollments])
    slugs = {}
    for enrollment in enrollments:
        point = resume_point([_Mark(*m) for m in marks.get(enrollment.course_id, [])], enrollment.last_lesson_id)
        if point is not None:
            slugs[enrollment.course_id] = point.slug
    return slugs
