"""What an outline is made of: plain, frozen values a page can keep after its request commits."""
from __future__ import annotations

from dataclasses import dataclass

from app.core.markdown import MediaEmbed


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
    """A question as its quiz page and its results show it. The right answers, explanation and
    lesson are for the results only: the quiz page never writes them out."""

    id: int
    prompt: str
    choices: tuple[str, ...]
    multiple: bool  # several right answers: checkboxes, else radio buttons
    correct: tuple[int, ...] = ()
    explanation_html: str = ""  # sanitized when it is saved; "" without an explanation
    lesson_id: int | None = None  # the lesson that teaches it; None: its module's first lesson


@dataclass(frozen=True)
class Step:
    """One thing to do in a course, in reading order: a lesson (id and slug) or a module's quiz
    (quiz_number), and whether the learner has done (passed) it."""

    id: int | None  # the lesson's id; None for a quiz, so a lesson id never matches it
    title: str
    done: bool
    slug: str | None = None
    quiz_number: int | None = None


@dataclass(frozen=True)
class LessonContent:
    """What a lesson page shows besides the outline; body_html is sanitized when it is saved."""

    body_html: str
    media: MediaEmbed | None


@dataclass(frozen=True)
class LessonRef:
    """A live lesson as the learning service needs it, taken from an outline without a query."""

    id: int
    course_id: int
    topic_names: tuple[str, ...]
    retired_at: None = None
