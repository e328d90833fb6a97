"""A learner's journey through courses, and the event log it leaves."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.columns import BigId, enum_column
from app.core.extensions import db
from app.courses.models import Course, Lesson, Question, Quiz
from app.core.states import HasTransitions, IllegalTransition  # noqa: F401  (IllegalTransition: re-exported)
from app.core.time import UTCDateTime, utcnow

# BIGINT on PostgreSQL for tables that grow with every click; INTEGER on SQLite (rowid alias).


class EnrollmentStatus(str, enum.Enum):
    ACTIVE = "active"
    REVOKED = "revoked"  # a refunded purchase: the course is locked again, progress is kept


ENROLLMENT_TRANSITIONS = {
    EnrollmentStatus.ACTIVE: {EnrollmentStatus.REVOKED},
    EnrollmentStatus.REVOKED: {EnrollmentStatus.ACTIVE},
}


class Enrollment(HasTransitions, db.Model):
    __tablename__ = "enrollments"
    TRANSITIONS = ENROLLMENT_TRANSITIONS
    STATE_NAME = "enrollment"
    __table_args__ = (UniqueConstraint("user_id", "course_id", name="uq_enrollments_user_id_course_id"),
                      Index("ix_enrollments_course_id", "course_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    status: Mapped[EnrollmentStatus] = mapped_column(
        enum_column(EnrollmentStatus), default=EnrollmentStatus.ACTIVE, server_default=EnrollmentStatus.ACTIVE.value
    )
    source: Mapped[str] = mapped_column(String(16), default="free", server_default="free")  # free | purchase
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lessons.id", ondelete="SET NULL"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()
    last_lesson: Mapped[Lesson | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status is EnrollmentStatus.ACTIVE


class LessonProgress(db.Model):
    """A lesson the learner completed (one row per learner and lesson)."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_id_lesson_id"),
                      Index("ix_lesson_progress_lesson_id", "lesson_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_user_id_quiz_id", "user_id", "quiz_id"),
                      Index("ix_quiz_attempts_quiz_id", "quiz_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    score_percent: Mapped[int] = mapped_column()
    passed: Mapped[bool] = mapped_column()
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    quiz: Mapped[Quiz] = relationship()
    responses: Mapped[list[QuizResponse]] = relationship(back_populates="attempt", cascade="all, delete-orphan")


class QuizResponse(db.Model):
    """One question's answer within an attempt: the chosen indexes ("0,2") and whether it was right."""

    __tablename__ = "quiz_responses"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_quiz_responses_attempt_id_question_id"),
                      Index("ix_quiz_responses_question_id", "question_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    chosen: Mapped[str] = mapped_column(String(100))
    correct: Mapped[bool] = mapped_column()

    attempt: Mapped[QuizAttempt] = relationship(back_populates="responses")
    question: Mapped[Question] = relationship()


class Certificate(db.Model):
    """Issued once per learner and course; `public_id` is the unguessable id in its URL."""

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("user_id", "course_id", name="uq_certificates_user_id_course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The name and title as they were when issued, so the certificate does not change later.
    learner_name: Mapped[str] = mapped_column(String(220))
    course_title: Mapped[str] = mapped_column(String(200))

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()


class LearningEvent(db.Model):
    """Append-only: what a learner did, when. Scoring reads this and nothing else.

    `dedupe_key` makes once-only events (a lesson completed, a quiz first passed or failed, a
    course completed) unique even when two requests race; events that may repeat leave it empty.
    """

    __tablename__ = "learning_events"
    __table_args__ = (Index("ix_learning_events_user_id_occurred_at", "user_id", "occurred_at"),
                      Index("ix_learning_events_verb", "verb"),
                      Index("ix_learning_events_course_id", "course_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    verb: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lessons.id", ondelete="SET NULL"))
    object_id: Mapped[str | None] = mapped_column(String(500))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)

    course: Mapped[Course | None] = relationship()
