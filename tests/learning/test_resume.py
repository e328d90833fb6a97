"""The learner's button on a course: Start, Continue or Review, and where it goes."""
import pytest

from app.core.time import utcnow
from app.learning import queries, service
from app.learning.items import Step
from app.learning.outline import course_outline
from app.learning.resume import Stage, course_button, my_buttons, outline_button, stage_of
from tests import factories


def lesson(id_, done=False):
    return Step(id_, f"Lesson {id_}", done, slug=f"l{id_}")


def quiz(number, passed=False):
    return Step(None, f"Module {number} quiz", passed, quiz_number=number)


@pytest.mark.parametrize("steps, last_lesson_id, stage", [
    ([lesson(1), lesson(2), quiz(1)], None, Stage.NOT_STARTED),
    ([lesson(1), lesson(2), quiz(1)], 1, Stage.IN_PROGRESS),  # opened, nothing done yet
    ([lesson(1, True), lesson(2), quiz(1)], None, Stage.IN_PROGRESS),
    ([lesson(1), lesson(2), quiz(1, True)], None, Stage.IN_PROGRESS),  # a quiz passed first
    ([lesson(1, True), lesson(2, True), quiz(1)], 2, Stage.IN_PROGRESS),
    ([lesson(1, True), lesson(2, True), quiz(1, True)], 2, Stage.FINISHED),
    ([lesson(1, True), lesson(2, True), lesson(3), quiz(1, True)], 2, Stage.IN_PROGRESS),  # a lesson added since
])
def test_the_stage_is_decided_by_the_marks(steps, last_lesson_id, stage):
    assert stage_of(steps, last_lesson_id) is stage
    assert course_button("c", steps, last_lesson_id).label == stage.value


def test_the_words_are_start_continue_and_review():
    assert [stage.value for stage in Stage] == ["Start", "Continue", "Review"]


def test_where_the_button_goes():
    steps = [lesson(1, True), lesson(2, True), quiz(1), lesson(3), quiz(2)]
    assert course_button("c", [lesson(1), lesson(2)], None).step.slug == "l1"  # Start: the first lesson
    assert course_button("c", steps, 3).step.slug == "l3"  # the lesson last opened, not done yet
    assert course_button("c", steps, 2).step.quiz_number == 1  # it is done: the first thing not done
    assert course_button("c", steps, None).step.quiz_number == 1  # a quiz's None id never matches
    finished = [lesson(1, True), quiz(1, True), lesson(2, True)]
    assert course_button("c", finished, 2).step is None  # Review: the course outline
    assert course_button("c", finished, 2, on_outline=True).step.slug == "l1"  # on it: the first lesson
    assert course_button("c", [], None) is None


def test_my_learning_buttons_in_one_query_for_every_course(app, db):
    learner = factories.user()
    fresh, quiz_next, finished = (factories.course(modules=2, lessons_per_module=1) for _ in range(3))
    started = factories.course(modules=2, lessons_per_module=2)
    for course in (fresh, started, quiz_next, finished):
        service.enroll(learner, course)
    service.complete_lesson(learner, started.modules[0].lessons[0])
    quiz_next.modules[0].retired_at = utcnow()  # the second live module is module 1 now
    quiz_next.modules[0].lessons[0].retired_at = utcnow()
    service.complete_lesson(learner, quiz_next.modules[1].lessons[0])
    for lesson_row in queries.course_lessons(finished.id):
        service.complete_lesson(learner, lesson_row)
    for quiz_row in queries.course_quizzes(finished.id):
        service.submit_quiz(learner, quiz_row, {q.id: list(q.correct) for q in quiz_row.live_questions})
    db.session.commit()

    cards = queries.my_courses(learner.id)
    buttons = my_buttons(learner.id, [c.enrollment for c in cards])
    seen = {course_id: (b.label, b.step and (b.step.slug or b.step.quiz_number)) for course_id, b in buttons.items()}
    assert seen == {fresh.id: ("Start", "lesson-1-1"), started.id: ("Continue", "lesson-1-2"),
                    quiz_next.id: ("Continue", 1), finished.id: ("Review", None)}
    # The outline's own marks give the same buttons as My learning's one query.
    for card in cards:
        course = card.enrollment.course
        from_outline = outline_button(course_outline(course, learner.id), card.enrollment)
        assert from_outline == buttons[course.id], course.slug
