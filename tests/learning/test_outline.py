"""The plain outline pages render from: order, marks, where to go next, where to resume."""
from app.core.time import utcnow
from app.learning import queries, service
from app.learning.outline import LessonItem, course_outline, resume_point
from tests import factories


def lesson(id_, done=False):
    return LessonItem(id_, f"l{id_}", f"Lesson {id_}", 5, 1, done)


def test_resume_prefers_the_last_lesson_unless_it_is_done():
    lessons = [lesson(1, True), lesson(2), lesson(3, True), lesson(4)]
    assert resume_point(lessons, 4).id == 4
    assert resume_point(lessons, 3).id == 2  # done: the first lesson not done
    assert resume_point(lessons, None).id == 2
    assert resume_point(lessons, 99).id == 2  # a retired lesson
    every = [lesson(1, True), lesson(2, True)]
    assert resume_point(every, 2).id == 2 and resume_point(every, None).id == 1
    assert resume_point([], None) is None


def test_outline_numbers_live_modules_and_marks_the_learners_progress(app, db):
    learner, other = factories.user(), factories.user()
    course = factories.course(modules=3, lessons_per_module=2)
    course.modules[1].retired_at = utcnow()
    course.modules[0].lessons[1].retired_at = utcnow()
    db.session.commit()
    for person in (learner, other):
        service.enroll(person, course)
    service.complete_lesson(other, course.modules[0].lessons[0])
    service.complete_lesson(learner, course.modules[2].lessons[0])
    db.session.commit()

    outline = course_outline(course, learner.id)
    assert [(m.number, m.title) for m in outline.modules] == [(1, "Module 1"), (2, "Module 3")]
    assert [(item.slug, item.module, item.done) for item in outline.lessons] == [
        ("lesson-1-1", 1, False), ("lesson-3-1", 2, True), ("lesson-3-2", 2, False)]
    assert outline.minutes == 15 and outline.percent == 20  # 1 of 3 lessons + 2 quizzes
    assert outline.module(2).quiz.module == 2 and outline.module(3) is None and outline.module(0) is None
    assert course_outline(course).percent == 0 and not any(i.done for i in course_outline(course).lessons)


def test_the_step_after_a_lesson(app, db):
    learner = factories.user()
    course = factories.course(modules=2, lessons_per_module=2)
    service.enroll(learner, course)
    db.session.commit()
    outline = course_outline(course, learner.id)
    first, second, third, last = outline.lessons
    assert outline.step_after(first) == second
    assert outline.step_after(second) == outline.module(1).quiz
    assert outline.step_after(last) == outline.module(2).quiz
    assert outline.neighbours(third) == (second, last) and outline.neighbours(first) == (None, second)

    quiz = queries.course_quizzes(course.id)[0]
    service.submit_quiz(learner, quiz, {q.id: list(q.correct) for q in quiz.live_questions})
    db.session.commit()
    assert course_outline(course, learner.id).step_after(second) == third  # passed: straight on


def test_completed_by_knows_the_last_step(app, db):
    learner = factories.user()
    course = factories.course(modules=1, lessons_per_module=2, quiz=False)
    service.enroll(learner, course)
    service.complete_lesson(learner, course.modules[0].lessons[0])
    db.session.commit()
    outline = course_outline(course, learner.id)
    first, second = outline.lessons
    assert outline.completed_by(second) and not outline.completed_by(first)
