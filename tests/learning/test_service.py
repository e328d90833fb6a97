"""Learning actions: enrollment, lessons, quizzes, completion, certificates, the event log."""
import pytest
from sqlalchemy import func, select

from app.learning import queries, service
from app.learning.events import Verb
from app.learning.models import (
    Certificate,
    EnrollmentStatus,
    IllegalTransition,
    LearningEvent,
    LessonProgress,
)
from app.learning.outline import course_outline
from app.learning.service import LearningError, NotEnrolled, PaymentRequired
from tests import factories

RIGHT = lambda quiz: {q.id: list(q.correct) for q in quiz.live_questions}  # noqa: E731
WRONG = lambda quiz: {q.id: [len(q.choices) - 1 - q.correct[0]] if len(q.correct) == 1 else [1] for q in quiz.live_questions}  # noqa: E731,E501


def verbs(db, user):
    return list(db.session.scalars(
        select(LearningEvent.verb).where(LearningEvent.user_id == user.id).order_by(LearningEvent.id)))


def test_enroll_is_idempotent_and_logged_once(app, db):
    user, course = factories.user(), factories.course()
    first = service.enroll(user, course)
    again = service.enroll(user, course)
    db.session.commit()
    assert first.id == again.id and first.status is EnrollmentStatus.ACTIVE
    assert verbs(db, user) == ["enrolled"]


def test_drafts_and_paid_courses_cannot_be_enrolled_for_free(app, db):
    user = factories.user()
    with pytest.raises(LearningError):
        service.enroll(user, factories.course(published=False))
    with pytest.raises(PaymentRequired):
        service.enroll(user, factories.course(price=4900))
    service.enroll(user, factories.course(price=4900, slug="paid-2"), source="purchase")


def test_a_purchase_enrolls_even_in_a_course_unpublished_since(app, db):
    user, course = factories.user(), factories.course(price=4900, published=False)
    with pytest.raises(LearningError):
        service.enroll(user, course, source="free")
    assert service.enroll(user, course, source="purchase").status is EnrollmentStatus.ACTIVE


def test_complete_lesson_once_with_topics_in_the_event(app, db):
    user, course = factories.user(), factories.course(topics=("pricing", "security"))
    service.enroll(user, course)
    lesson = queries.course_lessons(course.id)[0]
    assert service.complete_lesson(user, lesson) is True
    assert service.complete_lesson(user, lesson) is False
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    event = db.session.scalar(select(LearningEvent).where(LearningEvent.verb == "lesson_completed"))
    assert event.topics == ["pricing", "security"] and event.lesson_id == lesson.id and event.course_id == course.id


def test_lessons_need_an_enrollment(app, db):
    user, course = factories.user(), factories.course()
    with pytest.raises(NotEnrolled):
        service.complete_lesson(user, queries.course_lessons(course.id)[0])


def test_quiz_grading_single_and_multiple_answers(app, db):
    user, course = factories.user(), factories.course()
    service.enroll(user, course)
    quiz = queries.course_quizzes(course.id)[0]
    q1, q2 = quiz.live_questions
    grade = service.submit_quiz(user, quiz, {q1.id: [1], q2.id: [0]})  # second needs 0 and 2
    assert grade.attempt.score_percent == 50 and grade.passed  # pass mark is 50
    assert grade.wrong == [q2]
    grade = service.submit_quiz(user, quiz, {q1.id: [0], q2.id: [0, 1, 2]})
    assert grade.attempt.score_percent == 0 and not grade.passed
    assert [r.chosen for r in grade.attempt.responses] == ["0", "0,1,2"]
    db.session.commit()
    assert verbs(db, user)[-2:] == ["quiz_passed", "quiz_failed"]


def test_quiz_needs_every_question_answered(app, db):
    user, course = factories.user(), factories.course()
    service.enroll(user, course)
    quiz = queries.course_quizzes(course.id)[0]
    with pytest.raises(LearningError, match="question 2"):
        service.submit_quiz(user, quiz, {quiz.live_questions[0].id: [1]})


def test_course_completes_once_with_one_certificate(app, db):
    user, course = factories.user(first_name="Ada", last_name="Lovelace"), factories.course()
    service.enroll(user, course)
    for lesson in queries.course_lessons(course.id):
        service.complete_lesson(user, lesson)
    quizzes = queries.course_quizzes(course.id)
    service.submit_quiz(user, quizzes[0], WRONG(quizzes[0]))
    service.submit_quiz(user, quizzes[0], RIGHT(quizzes[0]))
    assert service.enrollment_of(user.id, course.id).completed_at is None  # second quiz still to pass
    service.submit_quiz(user, quizzes[1], RIGHT(quizzes[1]))
    service.submit_quiz(user, quizzes[1], RIGHT(quizzes[1]))  # a retake after completion changes nothing
    db.session.commit()
    enrollment = service.enrollment_of(user.id, course.id)
    assert enrollment.completed_at is not None
    certificates = db.session.scalars(select(Certificate)).all()
    assert len(certificates) == 1
    assert certificates[0].learner_name == "Ada Lovelace" and len(certificates[0].public_id) >= 22
    assert verbs(db, user).count("course_completed") == 1
    assert verbs(db, user).count("certificate_earned") == 1


def test_progress_counts_lessons_and_quizzes(app, db):
    user, course = factories.user(), factories.course(modules=2, lessons_per_module=3)
    service.enroll(user, course)
    lessons = queries.course_lessons(course.id)
    service.complete_lesson(user, lessons[0])
    outline = course_outline(course, user.id)
    assert (sum(item.done for item in outline.lessons), len(outline.lessons), len(outline.quizzes)) == (1, 6, 2)
    assert outline.percent == 12  # 1 of 8 steps
    cards = queries.my_courses(user.id)
    assert [(c.done, c.total) for c in cards] == [(1, 8)]


def test_revoked_enrollment_locks_the_course_and_keeps_progress(app, db):
    user, course = factories.user(), factories.course(price=900)
    enrollment = service.enroll(user, course, source="purchase")
    lesson = queries.course_lessons(course.id)[0]
    service.complete_lesson(user, lesson)
    service.revoke(enrollment)
    with pytest.raises(PaymentRequired):
        service.complete_lesson(user, queries.course_lessons(course.id)[1])
    with pytest.raises(IllegalTransition):
        enrollment.move_to(EnrollmentStatus.REVOKED)
    service.enroll(user, course, source="purchase")
    assert service.enrollment_of(user.id, course.id).is_active
    assert queries.marks_in(user.id, course.id) == ({lesson.id}, set())


def test_record_event_dedupes_by_key(app, db):
    user = factories.user()
    assert service.record_event(user.id, Verb.SIGNED_UP, dedupe_key=f"signup:{user.id}") is not None
    assert service.record_event(user.id, Verb.SIGNED_UP, dedupe_key=f"signup:{user.id}") is None
    db.session.commit()
    assert verbs(db, user) == ["signed_up"]
