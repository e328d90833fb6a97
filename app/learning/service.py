"""What a learner does: enroll, complete lessons, take quizzes, finish courses.

Every action writes its learning event in the same transaction. Actions on one course by one
learner are serialized by touching their enrollment row first (an UPDATE takes the row lock on
PostgreSQL and the write lock on SQLite before anything is read), so two requests at once can
neither double-count nor miss a completion. Functions flush; the caller commits.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.core import signals
from app.core.extensions import db
from app.courses.models import Course, Lesson, Question, Quiz
from app.learning.events import SCORABLE, Verb
from app.scoring import service as scoring
from app.learning.models import (
    Certificate,
    Enrollment,
    EnrollmentStatus,
    LearningEvent,
    LessonProgress,
    QuizAttempt,
    QuizResponse,
)
from app.core.time import utcnow
from app.learning.coursemap import course_map
from app.learning.items import LessonRef
from app.learning.queries import marks_in, module_topics


class LearningError(Exception):
    """An action the learner cannot take; the message is for them."""


class NotEnrolled(LearningError):
    pass


class PaymentRequired(LearningError):
    pass


def record_event(
    user_id: int, verb: Verb, *, course_id: int | None = None, lesson_id: int | None = None,
    topics: list[str] | tuple[str, ...] = (), payload: dict | None = None, object_id: str | None = None,
    dedupe_key: str | None = None, occurred_at: datetime | None = None,
) -> LearningEvent | None:
    """Append an event, score it and send event_recorded; with a dedupe_key already used, do
    nothing and return None.

    The learner's score row is locked before the event row exists (see scoring.service).
    """
    locked = scoring.lock_learner(user_id) if verb.value in SCORABLE else None
    event = LearningEvent(
        user_id=user_id, verb=verb.value, course_id=course_id, lesson_id=lesson_id, topics=list(topics),
        payload=payload or {}, object_id=object_id, dedupe_key=dedupe_key, occurred_at=occurred_at or utcnow(),
    )
    if dedupe_key is None:
        db.session.add(event)
        db.session.flush()
    else:
        try:
            with db.session.begin_nested():
                db.session.add(event)
        except IntegrityError:  # recorded before (the unique dedupe key says so)
            return None
    if locked is not None:
        scoring.apply_event(locked, event)
    signals.event_recorded.send(user_id, event=event)
    return event


# --- enrollment ------------------------------------------------------------------------------

def enrollment_of(user_id: int, course_id: int) -> Enrollment | None:
    return db.session.scalar(select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course_id))


def has_access(enrollment: Enrollment | None) -> bool:
    return enrollment is not None and enrollment.is_active


def enroll(user: User, course: Course, *, source: str = "free") -> Enrollment:
    """Enroll the learner (idempotent). A paid course is enrolled only by its purchase.

    A purchase enrolls even in a course unpublished since the buyer paid: what they paid for
    stays theirs (the catalog hides the course; see queries.learner_course_for)."""
    if not course.is_published and source != "purchase":
        raise LearningError(_("This course is not available."))
    if not course.is_free and source != "purchase":
        raise PaymentRequired(_("This course is paid: buy it to start learning."))
    enrollment = _lock_enrollment(user.id, course.id)
    if enrollment is None:
        enrollment = Enrollment(user_id=user.id, course_id=course.id, source=source)
        try:
            with db.session.begin_nested():
                db.session.add(enrollment)
        except IntegrityError:  # a double click got there first: use its row
            enrollment = _lock_enrollment(user.id, course.id)
    elif not enrollment.is_active and source == "purchase":
        enrollment.move_to(EnrollmentStatus.ACTIVE)
        enrollment.source = source
    record_event(user.id, Verb.ENROLLED, course_id=course.id, dedupe_key=f"enrolled:{user.id}:{course.id}")
    return enrollment


def revoke(enrollment: Enrollment) -> None:
    """Lock a course again (a refunded purchase). Progress is kept for if they buy again."""
    if enrollment.is_active:
        enrollment.move_to(EnrollmentStatus.REVOKED)


def _lock_enrollment(user_id: int, course_id: int, **values) -> Enrollment | None:
    """Touch the enrollment first (writing `values` too) so the rest of the action runs alone
    (see module docstring)."""
    db.session.execute(
        update(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course_id)
        .values(last_activity_at=utcnow(), **values).execution_options(synchronize_session=False)
    )
    return db.session.scalar(
        select(Enrollment).where(Enrollment.user_id == user_id, Enrollment.course_id == course_id)
        .execution_options(populate_existing=True)
    )


def _active_enrollment(user: User, course_id: int, **values) -> Enrollment:
    enrollment = _lock_enrollment(user.id, course_id, **values)
    if enrollment is None:
        raise NotEnrolled(_("Enroll in this course first."))
    if not enrollment.is_active:
        raise PaymentRequired(_("Your access to this course has ended. Buy it again to continue."))
    return enrollment


# --- lessons ---------------------------------------------------------------------------------

def open_lesson(enrollment: Enrollment, lesson_id: int) -> None:
    """Remember where the learner is, for "Continue" (no lock: last writer wins, harmlessly)."""
    if enrollment.last_lesson_id != lesson_id:
        enrollment.last_lesson_id = lesson_id


def complete_lesson(user: User, lesson: Lesson | LessonRef) -> bool:
    """Mark a lesson complete, once. Returns True if this call completed it."""
    if lesson.retired_at is not None:
        raise LearningError(_("This lesson is no longer part of the course."))
    enrollment = _active_enrollment(user, lesson.course_id, last_lesson_id=lesson.id)
    try:
        with db.session.begin_nested():
            db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id, course_id=lesson.course_id))
    except IntegrityError:  # done before
        return False
    record_event(user.id, Verb.LESSON_COMPLETED, course_id=lesson.course_id, lesson_id=lesson.id,
                 topics=lesson.topic_names, dedupe_key=f"lesson:{user.id}:{lesson.id}")
    _complete_course_if_done(user, enrollment)
    return True


# --- quizzes ---------------------------------------------------------------------------------

@dataclass
class Grade:
    attempt: QuizAttempt
    wrong: list[Question] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.attempt.passed


def submit_quiz(user: User, quiz: Quiz, answers: dict[int, list[int]]) -> Grade:
    """Grade an attempt on the server. `answers` maps question id to the chosen choice indexes.

    A question is right when exactly its correct choices are chosen. Every question must be
    answered; otherwise nothing is recorded and the learner is told which.
    """
    course_id = quiz.module.course_id
    enrollment = _active_enrollment(user, course_id)
    questions = quiz.live_questions
    unanswered = [n for n, q in enumerate(questions, 1) if not answers.get(q.id)]
    if unanswered:
        missing = ", ".join(_("question %(number)s", number=n) for n in unanswered)
        raise LearningError(_("Answer every question before submitting (missing: %(questions)s).", questions=missing))
    attempt = QuizAttempt(user_id=user.id, quiz_id=quiz.id, course_id=course_id, score_percent=0, passed=False)
    wrong = []
    for question in questions:
        chosen = sorted({i for i in answers[question.id] if 0 <= i < len(question.choices)})
        right = chosen == sorted(question.correct)
        attempt.responses.append(QuizResponse(question_id=question.id, chosen=",".join(map(str, chosen)),
                                              correct=right))
        if not right:
            wrong.append(question)
    attempt.score_percent = (len(questions) - len(wrong)) * 100 // len(questions)
    attempt.passed = attempt.score_percent >= quiz.pass_percent
    db.session.add(attempt)
    db.session.flush()
    topics = module_topics(quiz.module_id)  # one query, however many lessons the module has
    # Every attempt is kept (above), but the log holds a quiz's first failure and first pass only:
    # a retake must not score again whatever the scoring model says, or retakes would farm points.
    verb = Verb.QUIZ_PASSED if attempt.passed else Verb.QUIZ_FAILED
    record_event(user.id, verb, course_id=course_id, topics=topics,
                 payload={"quiz_id": quiz.id, "score": attempt.score_percent, "module": quiz.module.position},
                 dedupe_key=f"{verb.value}:{user.id}:{quiz.id}")
    if attempt.passed:
        _complete_course_if_done(user, enrollment)
    return Grade(attempt, wrong)


# --- completion ------------------------------------------------------------------------------

def _complete_course_if_done(user: User, enrollment: Enrollment) -> Certificate | None:
    """All lessons done and all quizzes passed: complete the course and certify it, once."""
    if enrollment.completed_at is not None:
        return None
    course = enrollment.course
    if not course_map(course).finished(*marks_in(user.id, course.id)):
        return None
    enrollment.completed_at = utcnow()
    record_event(user.id, Verb.COURSE_COMPLETED, course_id=course.id, dedupe_key=f"course:{user.id}:{course.id}")
    certificate = Certificate(public_id=secrets.token_urlsafe(16), user_id=user.id, course_id=course.id,
                              learner_name=user.full_name, course_title=course.title)
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:
        return None
    record_event(user.id, Verb.CERTIFICATE_EARNED, course_id=course.id,
                 dedupe_key=f"certificate:{user.id}:{course.id}")
    return certificate
