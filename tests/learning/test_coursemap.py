"""A course's map is read once per version of the course, and never outlives a change."""
import pytest

from app.authoring import structure
from app.authoring.versioning import claim
from app.learning import coursemap, service
from app.learning.outline import course_outline
from tests import factories
from tests.querycount import counting


def structure_reads(statements: list[str]) -> list[str]:
    return [s for s in statements if "FROM modules" in s or "FROM lessons JOIN modules" in s]


def test_the_structure_is_read_once_then_kept(app, db):
    course = factories.course(modules=3, lessons_per_module=4)
    with counting(db.engine) as first:
        course_outline(course)
    with counting(db.engine) as again:
        outline = course_outline(course)
    assert structure_reads(first) and not again, "\n".join(again)
    assert len(outline.lessons) == 12 and outline.topics(outline.lessons[0]) == ("overview",)


def test_a_body_is_read_once_then_kept(app, db):
    course = factories.course()
    outline = course_outline(course)
    item = outline.lessons[1]
    with counting(db.engine) as first:
        assert outline.content(item).body_html == "<p>Body of lesson 1.2</p>"
    with counting(db.engine) as again:
        assert course_outline(course).content(item).body_html == "<p>Body of lesson 1.2</p>"
    assert len(first) == 1 and again == []


def test_an_authors_save_shows_at_once(app, db):
    course = factories.course()
    before = course_outline(course)
    lesson = course.modules[0].lessons[0]
    structure.rename_module(course, course.version, course.modules[0], "Getting started")
    db.session.commit()
    after = course_outline(course)
    assert before.modules[0].title == "Module 1" and after.modules[0].title == "Getting started"
    structure.update_lesson(course, course.version, lesson, structure.LessonDraft(
        slug=lesson.slug, title="Welcome", minutes=7, body="New **body**", new_topics=["pricing"]))
    db.session.commit()
    changed = course_outline(course)
    item = changed.lessons[0]
    assert (item.title, item.minutes, changed.topics(item)) == ("Welcome", 7, ("pricing",))
    assert "<strong>body</strong>" in changed.content(item).body_html


def test_a_save_that_is_rolled_back_leaves_no_map_behind(app, db):
    course = factories.course()
    course_outline(course)
    claim(course, course.version)  # an author's save, seen by a page in the same transaction …
    course.modules[0].title = "Never saved"
    db.session.flush()
    assert course_outline(course).modules[0].title == "Never saved"
    db.session.rollback()  # … then refused
    structure.rename_module(course, course.version, course.modules[1], "Saved")  # the next save: same version
    db.session.commit()
    titles = [module.title for module in course_outline(course).modules]
    assert titles == ["Module 1", "Saved"]


def test_a_learners_marks_are_theirs_alone(app, db):
    course = factories.course(modules=1, lessons_per_module=3)
    learner, other = factories.user(), factories.user()
    for person in (learner, other):
        service.enroll(person, course)
    service.complete_lesson(learner, course.modules[0].lessons[1])
    db.session.commit()
    assert [i.done for i in course_outline(course, learner.id).lessons] == [False, True, False]
    assert [i.done for i in course_outline(course, other.id).lessons] == [False, False, False]
    assert course_outline(course, learner.id).percent == 25  # 1 of 3 lessons and 1 quiz


def test_the_process_keeps_a_bounded_number_of_courses(app, db, monkeypatch):
    monkeypatch.setattr(coursemap, "MAX_COURSES", 2)
    courses = [factories.course() for _ in range(3)]
    for course in courses:
        course_outline(course)
    kept = app.extensions["primer.course_maps"]
    assert sorted(kept) == sorted(c.id for c in courses[1:])
    with counting(db.engine) as statements:
        course_outline(courses[0])  # read again, the oldest kept one goes
    assert structure_reads(statements) and sorted(kept) == sorted(c.id for c in (courses[0], courses[2]))


@pytest.mark.parametrize("change", ["retire_lesson", "move_lesson"])
def test_structure_changes_reach_the_outline(app, db, change):
    course = factories.course(modules=1, lessons_per_module=3)
    course_outline(course)
    lesson = course.modules[0].lessons[0]
    if change == "retire_lesson":
        structure.retire_lesson(course, course.version, lesson)
        expected = ["lesson-1-2", "lesson-1-3"]
    else:
        structure.move_lesson(course, course.version, lesson, 1)
        expected = ["lesson-1-2", "lesson-1-1", "lesson-1-3"]
    db.session.commit()
    assert [item.slug for item in course_outline(course).lessons] == expected
