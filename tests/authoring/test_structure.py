"""Edits made in the browser leave the course as its own export would import it: the same ids,
nothing retired or revived, so the CLI and the browser can be used on the same course."""
import pytest
from sqlalchemy import select

from app.authoring import quizzes, structure
from app.authoring.errors import Invalid
from app.authoring.quizzes import QuestionDraft
from app.authoring.structure import LessonDraft
from app.courses.files import export_course, import_course
from app.courses.models import Course, Lesson, Module, Question
from tests import factories


def rows(db):
    db.session.expire_all()
    return {
        "lessons": db.session.execute(select(Lesson.id, Lesson.slug, Lesson.module_id, Lesson.position,
                                             Lesson.retired_at.is_(None)).order_by(Lesson.id)).all(),
        "modules": db.session.execute(select(Module.id, Module.title, Module.position, Module.retired_at.is_(None))
                                      .order_by(Module.id)).all(),
        "questions": db.session.execute(select(Question.id, Question.prompt, Question.position,
                                               Question.retired_at.is_(None)).order_by(Question.id)).all(),
    }


def version(db) -> int:
    return db.session.scalar(select(Course.version))


def test_browser_edits_round_trip_through_the_course_file(db):
    course = factories.course(modules=3, lessons_per_module=2, published=False)
    one, two, three = course.modules
    v = course.version
    structure.retire_module(course, v, two)
    v += 1
    structure.add_module(course, v, "Fourth")
    v += 1
    structure.move_lesson(course, v, one.lessons[1], +1)  # into module three (the next live one)
    v += 1
    fourth = next(m for m in course.modules if m.title == "Fourth")
    structure.add_lesson(course, v, fourth, LessonDraft(title="New lesson", minutes=3, body="Hi",
                                                        new_topics=["pricing"]))
    v += 1
    quiz = three.quiz
    quizzes.add_question(course, v, quiz, QuestionDraft("Third?", ["a", "b"], [1]))
    v += 1
    quizzes.retire_question(course, v, sorted(quiz.live_questions, key=lambda q: q.position)[0])
    v += 1
    structure.move_module(course, v, fourth, -1)
    db.session.commit()
    before = rows(db)

    import_course(export_course(course), draft=True)
    db.session.commit()
    assert rows(db) == before
    assert [m.title for m in structure.live_modules(db.session.get(Course, course.id))] == [
        "Module 1", "Fourth", "Module 3"]


def test_positions_of_live_rows_are_one_to_n(db):
    course = factories.course(modules=2, lessons_per_module=3, published=False)
    structure.retire_lesson(course, 1, course.modules[0].lessons[0])
    structure.retire_module(course, 2, course.modules[0])
    db.session.commit()
    live = [(m.position, m.retired_at is None) for m in sorted(course.modules, key=lambda m: m.position)]
    assert live == [(1, True), (2, False)]
    assert [lesson.position for lesson in structure.live_modules(course)[0].live_lessons] == [1, 2, 3]


def test_a_quiz_keeps_at_least_one_question(db):
    course = factories.course(modules=1, published=False)
    quiz = course.modules[0].quiz
    first, second = quiz.live_questions
    quizzes.retire_question(course, 1, second)
    with pytest.raises(Invalid) as refused:
        quizzes.retire_question(course, 2, first)
    assert "remove the whole quiz instead" in str(refused.value)


def test_a_removed_quiz_comes_back_with_a_fresh_first_question(db):
    course = factories.course(modules=1, published=False)
    module = course.modules[0]
    old_ids = {q.id for q in module.quiz.questions}
    quizzes.retire_quiz(course, 1, module.quiz)
    quiz = quizzes.add_quiz(course, 2, module, 60, QuestionDraft("Fresh?", ["yes", "no"], [0]))
    db.session.commit()
    assert [q.prompt for q in quiz.live_questions] == ["Fresh?"] and quiz.pass_percent == 60
    assert old_ids < {q.id for q in quiz.questions}  # the old questions are kept, retired
    assert export_course(course)["modules"][0]["quiz"]["questions"] == [
        {"prompt": "Fresh?", "choices": ["yes", "no"], "correct": [0]}]
