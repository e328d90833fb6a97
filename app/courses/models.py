"""What a course is made of. Lessons and questions are retired, never deleted, so the
progress and answers that point at them keep their meaning."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.columns import enum_column
from app.core.extensions import db
from app.core.time import UTCDateTime, utcnow


class CourseStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


lesson_topics = Table(
    "lesson_topics",
    db.metadata,
    Column("lesson_id", Integer, ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", Integer, ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    # The order the author listed the topics in (course files round-trip exactly).
    Column("position", Integer, nullable=False, default=0, server_default="0"),
)


class Topic(db.Model):
    """A shared tag for lessons; topics become interest signals for sales."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The catalog card's picture: an https URL (course files' optional `image`).
    image_url: Mapped[str | None] = mapped_column(String(500))
    # Price in minor units (cents) and ISO currency; both empty for a free course.
    price_amount: Mapped[int | None] = mapped_column()
    price_currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[CourseStatus] = mapped_column(
        enum_column(CourseStatus), default=CourseStatus.DRAFT, server_default=CourseStatus.DRAFT.value
    )
    featured: Mapped[bool] = mapped_column(default=False, server_default=false())
    catalog_position: Mapped[int] = mapped_column(default=0, server_default="0")
    # Bumped on every save; an editor's save with a stale version is refused (optimistic lock).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position", cascade="all, delete-orphan"
    )

    @property
    def is_free(self) -> bool:
        return not self.price_amount

    @property
    def is_published(self) -> bool:
        return self.status is CourseStatus.PUBLISHED

    @property
    def live_modules(self) -> list[Module]:
        return [m for m in self.modules if m.retired_at is None]

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (Index("ix_modules_course_id_position", "course_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship(back_populates="modules")
    lessons: Mapped[list[Lesson]] = relationship(back_populates="module", order_by="Lesson.position")
    quiz: Mapped[Quiz | None] = relationship(back_populates="module", uselist=False)

    @property
    def live_lessons(self) -> list[Lesson]:
        return [lesson for lesson in self.lessons if lesson.retired_at is None]


class Lesson(db.Model):
    __tablename__ = "lessons"
    __table_args__ = (
        UniqueConstraint("course_id", "slug", name="uq_lessons_course_id_slug"),
        Index("ix_lessons_module_id_position", "module_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    body: Mapped[str] = mapped_column(Text, default="")
    # Sanitized HTML of `body`, rendered when the body changes (revision counts the changes).
    body_html: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    # Optional video or audio: a YouTube/Vimeo page URL or a plain media file URL.
    media_url: Mapped[str | None] = mapped_column(String(500))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    module: Mapped[Module] = relationship(back_populates="lessons")
    course: Mapped[Course] = relationship()
    # In the author's order; rows written without a position (0) fall back to name order.
    topics: Mapped[list[Topic]] = relationship(
        secondary=lesson_topics, order_by=lambda: (lesson_topics.c.position, Topic.name)
    )

    @property
    def topic_names(self) -> list[str]:
        return [t.name for t in self.topics]


class Quiz(db.Model):
    """At most one per module."""

    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), unique=True)
    pass_percent: Mapped[int] = mapped_column(default=70, server_default="70")
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    module: Mapped[Module] = relationship(back_populates="quiz")
    questions: Mapped[list[Question]] = relationship(back_populates="quiz", order_by="Question.position")

    @property
    def live_questions(self) -> list[Question]:
        return [q for q in self.questions if q.retired_at is None]


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_quiz_id_position", "quiz_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    prompt: Mapped[str] = mapped_column(Text)
    choices: Mapped[list[str]] = mapped_column(JSON)
    correct: Mapped[list[int]] = mapped_column(JSON)  # indexes into choices; several = multiple answer
    # Shown with a learner's results: why the right answer is right (Markdown, "" for none), and
    # its sanitized HTML, rendered when it is saved, as a lesson's body is.
    explanation: Mapped[str] = mapped_column(Text, default="", server_default="")
    explanation_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The lesson that teaches it, linked from the results; None means the module's first lesson.
    # An id, not a slug: the link follows the lesson through renames and moves.
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lessons.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    quiz: Mapped[Quiz] = relationship(back_populates="questions")
    lesson: Mapped[Lesson | None] = relationship()

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1
