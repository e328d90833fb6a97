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
class LessonRef:
    """A live lesson as the learning service needs it, taken from an outline without a query."""

    id: int
    course_id: int
    topic_names: tuple[str, ...]
    retired_at: None = None
