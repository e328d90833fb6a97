"""Double clicks and simultaneous requests never double-count (threads, real transactions)."""
import time

from sqlalchemy import func, select

from app.accounts.models import User
from app.courses.models import Lesson
from app.learning import queries, service
from app.learning.models import Certificate, Enrollment, LearningEvent, LessonProgress
from tests import factories
from tests.concurrency import run_together


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_simultaneous_enrolls_make_one_enrollment(app, db):
    user, course = factories.user(), factories.course()
    uid, cid = user.id, course.id

    def enroll():
        from app.courses.models import Course
        service.enroll(db.session.get(User, uid), db.session.get(Course, cid))

    assert run_together(app, [enroll] * 6) == []
    db.session.expire_all()
    assert count(db, Enrollment) == 1
    assert count(db, LearningEvent, LearningEvent.verb == "enrolled") == 1


def test_double_clicked_lesson_counts_once(app, db):
    user, course = factories.user(), factories.course()
    service.enroll(user, course)
    db.session.commit()
    uid, lid = user.id, queries.course_lessons(course.id)[0].id

    def complete():
        service.complete_lesson(db.session.get(User, uid), db.session.get(Lesson, lid))

    assert run_together(app, [complete] * 6) == []
    db.session.expire_all()
    assert count(db, LessonProgress) == 1
    assert count(db, LearningEvent, LearningEvent.verb == "lesson_completed") == 1


def test_last_two_lessons_at_once_complete_the_course_exactly_once(app, db, monkeypatch):
    # Widen the window between "is everything done?" and the commit, so that without the
    # per-enrollment lock both requests would see only their own lesson and neither would
    # complete the course.
    real_marks = service.marks_in

    def slow_marks(*args, **kwargs):
        result = real_marks(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(service, "marks_in", slow_marks)
    user, course = factories.user(), factories.course(modules=1, lessons_per_module=2, quiz=False)
    service.enroll(user, course)
    db.session.commit()
    uid = user.id
    lesson_ids = [lesson.id for lesson in queries.course_lessons(course.id)]

    def complete(lid):
        return lambda: service.complete_lesson(db.session.get(User, uid), db.session.get(Lesson, lid))

    assert run_together(app, [complete(lid) for lid in lesson_ids] * 2) == []
    db.session.expire_all()
    assert count(db, LessonProgress) == 2
    assert count(db, Certificate) == 1
    assert count(db, LearningEvent, LearningEvent.verb == "course_completed") == 1
    assert db.session.scalar(select(Enrollment.completed_at)) is not None
