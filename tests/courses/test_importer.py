"""Importing over an existing course updates it in place and keeps every learner's progress."""
import copy

import pytest
from sqlalchemy import func, select

from app.core.extensions import db as _db
from app.courses import importer
from app.courses.files import CourseFileError, export_course, import_course
from app.courses.models import Course, CourseStatus, Lesson, Question, Topic
from app.learning.models import LessonProgress
from tests import factories


def lessons_by_slug(course: Course) -> dict[str, Lesson]:
    return {lesson.slug: lesson for lesson in
            _db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))}


def reimport(data: dict, **kwargs):
    course, created = import_course(copy.deepcopy(data), **kwargs)
    _db.session.commit()
    _db.session.expire_all()
    return course, created


def test_a_new_course_is_published_with_rendered_lessons_and_shared_topics(app, db, sample):
    course, created = reimport(sample)
    assert created and course.status is CourseStatus.PUBLISHED and course.published_at is not None
    assert course.version == 1
    intro = lessons_by_slug(course)["intro"]
    assert intro.body_html == "<h1>Hello</h1>\n<p>The <em>first</em> lesson.</p>\n"
    assert intro.revision == 1 and intro.topic_names == ["pricing", "overview"]
    assert [m.position for m in course.modules] == [1, 2]
    assert [q.correct for q in course.modules[0].quiz.questions] == [[1], [0, 2]]

    other = copy.deepcopy(sample)
    other["slug"] = "other-course"
    reimport(other)
    assert db.session.scalar(select(func.count()).select_from(Topic)) == 3  # pricing, overview, security


def test_draft_import_and_publishing_later(app, db, sample):
    course, _ = reimport(sample, draft=True)
    assert course.status is CourseStatus.DRAFT and course.published_at is None
    course, created = reimport(sample)
    assert not created and course.status is CourseStatus.PUBLISHED and course.published_at is not None
    assert course.version == 2


def test_reimport_keeps_lesson_ids_and_progress_retires_and_revives(app, db, sample):
    course, _ = reimport(sample)
    ids = {slug: lesson.id for slug, lesson in lessons_by_slug(course).items()}
    learner = factories.user()
    for slug in ("intro", "second", "third"):
        db.session.add(LessonProgress(user_id=learner.id, lesson_id=ids[slug], course_id=course.id))
    db.session.commit()

    changed = copy.deepcopy(sample)
    changed["modules"][0]["lessons"][0]["title"] = "Introduction"
    moved = changed["modules"][0]["lessons"].pop(1)                 # "second" moves to module 2 ...
    changed["modules"][1]["lessons"] = [moved, {"slug": "fourth", "title": "Fourth", "minutes": 2,
                                                "topics": ["overview"], "body": "Four"}]  # ... "third" is dropped
    course, created = reimport(changed)

    lessons = lessons_by_slug(course)
    assert not created and course.version == 2
    assert {slug: lessons[slug].id for slug in ids} == ids
    assert lessons["intro"].title == "Introduction"
    assert lessons["second"].module.position == 2 and lessons["second"].position == 1
    assert lessons["third"].retired_at is not None  # kept, not deleted
    assert lessons["fourth"].retired_at is None
    progress = db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == learner.id)).all()
    assert sorted(p.lesson_id for p in progress) == sorted(ids.values())
    assert export_course(course) == changed

    course, _ = reimport(sample)  # "third" is back, with its id; "fourth" is retired
    lessons = lessons_by_slug(course)
    assert lessons["third"].id == ids["third"] and lessons["third"].retired_at is None
    assert lessons["fourth"].retired_at is not None
    assert export_course(course) == sample


def test_questions_and_quizzes_are_retired_not_deleted(app, db, sample):
    course, _ = reimport(sample)
    quiz = course.modules[0].quiz
    quiz_id, question_ids = quiz.id, [q.id for q in quiz.questions]

    fewer = copy.deepcopy(sample)
    fewer["modules"][0]["quiz"]["questions"].pop()
    fewer["modules"][0]["quiz"]["questions"][0]["choices"] = ["A", "B", "C"]
    course, _ = reimport(fewer)
    questions = db.session.scalars(select(Question).where(Question.quiz_id == quiz_id).order_by(Question.position)).all()
    assert [q.id for q in questions] == question_ids
    assert questions[0].choices == ["A", "B", "C"] and questions[1].retired_at is not None
    assert export_course(course) == fewer

    no_quiz = copy.deepcopy(sample)
    del no_quiz["modules"][0]["quiz"]
    course, _ = reimport(no_quiz)
    assert course.modules[0].quiz.id == quiz_id and course.modules[0].quiz.retired_at is not None
    assert "quiz" not in export_course(course)["modules"][0]

    course, _ = reimport(sample)
    quiz = course.modules[0].quiz
    assert quiz.id == quiz_id and quiz.retired_at is None and [q.id for q in quiz.live_questions] == question_ids


def test_fewer_modules_retire_the_rest(app, db, sample):
    course, _ = reimport(sample)
    module_ids = [m.id for m in course.modules]
    shorter = copy.deepcopy(sample)
    shorter["modules"].pop()
    course, _ = reimport(shorter)
    assert [m.id for m in course.modules] == module_ids and course.modules[1].retired_at is not None
    assert lessons_by_slug(course)["third"].retired_at is not None
    assert export_course(course) == shorter
    course, _ = reimport(sample)
    assert [m.id for m in course.live_modules] == module_ids


def test_an_unchanged_body_is_not_rendered_again(app, db, sample, monkeypatch):
    course, _ = reimport(sample)
    rendered = []
    monkeypatch.setattr(importer, "render_markdown", lambda text: rendered.append(text) or f"<p>{text}</p>")

    course, _ = reimport(sample)
    intro = lessons_by_slug(course)["intro"]
    assert rendered == [] and intro.revision == 1 and intro.body_html.startswith("<h1>Hello</h1>")

    edited = copy.deepcopy(sample)
    edited["modules"][0]["lessons"][0]["body"] = "Rewritten"
    course, _ = reimport(edited)
    intro = lessons_by_slug(course)["intro"]
    assert rendered == ["Rewritten"] and intro.revision == 2 and intro.body_html == "<p>Rewritten</p>"


def test_price_can_be_added_and_removed(app, db, sample):
    paid = copy.deepcopy(sample)
    paid["price"] = {"amount": 4900, "currency": "eur"}
    course, _ = reimport(paid)
    assert (course.price_amount, course.price_currency, course.is_free) == (4900, "eur", False)
    course, _ = reimport(sample)
    assert (course.price_amount, course.price_currency, course.is_free) == (None, None, True)


def test_a_bad_reimport_changes_nothing(app, db, sample):
    course, _ = reimport(sample)
    before = export_course(course)
    broken = copy.deepcopy(sample)
    broken["title"] = "A new title"
    broken["modules"][0]["lessons"].pop(1)
    broken["modules"][0]["quiz"]["questions"][0]["correct"] = [5]
    with pytest.raises(CourseFileError):
        import_course(broken)
    assert not db.session.new and not db.session.dirty and not db.session.deleted
    db.session.rollback()
    course = db.session.scalar(select(Course).where(Course.slug == sample["slug"]))
    assert export_course(course) == before and course.version == 1
    assert all(lesson.retired_at is None for lesson in lessons_by_slug(course).values())
