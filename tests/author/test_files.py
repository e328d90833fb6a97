"""Course files in the browser: the same format, checks and messages as `flask courses import`."""
from __future__ import annotations

import copy
import io
import json

import pytest
from sqlalchemy import func, select

from app.courses.files import CourseFileError, dump_course, export_course, import_course, parse_course
from app.courses.models import Course, Lesson, Module, Question, Topic
from app.learning import queries, service
from app.learning.models import LessonProgress
from tests import factories
from tests.courses.conftest import sample_course


def upload(author, text: str, filename: str = "course.yaml", draft: bool = False):
    data = {"file": (io.BytesIO(text.encode()), filename)}
    if draft:
        data["draft"] = "y"
    response = author.submit("/author/upload", data)
    return response, response.get_data(as_text=True)


def counts(db) -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(m)) for m in (Course, Module, Lesson, Question, Topic)]


def test_a_bad_file_lists_every_problem_and_writes_nothing(author, db):
    bad = sample_course()
    bad["slug"] = "Not A Slug"
    bad["modules"][0]["lessons"][0]["media"] = "ftp://example.com/x.mp4"
    bad["modules"][0]["quiz"]["questions"][0]["correct"] = [5]
    bad["modules"][1]["colour"] = "blue"
    text = dump_course(bad)
    with pytest.raises(CourseFileError) as cli:
        import_course(text)  # what the CLI would say about the same file
    db.session.rollback()

    response, page = upload(author, text)
    assert response.status_code == 422
    assert "course.yaml: nothing imported; 4 problems to fix:" in page
    for problem in cli.value.errors:
        assert f"<li>{problem}</li>" in page.replace("&#34;", '"').replace("&#39;", "'")
    assert counts(db) == [0, 0, 0, 0, 0]


@pytest.mark.parametrize("text,expected", [
    ("slug: [unclosed", "(not valid YAML)"),
    ('{"slug": "x", "slug": "y"}', 'key "slug" appears twice'),
])
def test_unreadable_files_are_refused(author, db, text, expected):
    response, page = upload(author, text, "course.json" if text.startswith("{") else "course.yaml")
    assert response.status_code == 422 and expected in page.replace("&#34;", '"')
    assert counts(db) == [0, 0, 0, 0, 0]


def test_not_utf8_is_refused(author, db):
    data = {"file": (io.BytesIO(b"slug: caf\xe9\n"), "course.yaml")}
    response = author.submit("/author/upload", data)
    assert response.status_code == 422 and "not UTF-8 text" in response.get_data(as_text=True)


def test_a_new_course_is_imported_published_or_as_a_draft(author, db):
    response, _ = upload(author, json.dumps(sample_course()), "sample.json")
    assert response.status_code == 302 and response.location == "/author/courses/sample-course"
    assert "Created sample-course (published, version 1): 2 modules, 3 lessons, 1 quiz, 2 questions." in \
        author.page("/author/courses/sample-course")
    other = sample_course()
    other["slug"] = "other-course"
    upload(author, dump_course(other), draft=True)
    assert db.session.scalar(select(Course.status).where(Course.slug == "other-course")).value == "draft"


def test_uploading_an_existing_slug_updates_it_in_place_keeping_progress(author, db):
    import_course(sample_course())
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.slug == "sample-course"))
    learner = factories.user()
    service.enroll(learner, course)
    intro = db.session.scalar(select(Lesson).where(Lesson.slug == "intro"))
    service.complete_lesson(learner, intro)
    db.session.commit()
    ids = {lesson.slug: lesson.id for lesson in queries.course_lessons(course.id)}

    changed = copy.deepcopy(sample_course())
    changed["title"] = "Sample course, second edition"
    changed["modules"][0]["lessons"].reverse()
    response, _ = upload(author, dump_course(changed))
    assert response.status_code == 302
    db.session.expire_all()
    course = db.session.get(Course, course.id)
    assert course.title == "Sample course, second edition" and course.version == 2
    assert {lesson.slug: lesson.id for lesson in queries.course_lessons(course.id)} == ids
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    assert queries.marks_in(learner.id, course.id)[0] == {intro.id}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_the_download_is_the_export(author, db, fmt):
    import_course(sample_course())
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.slug == "sample-course"))
    page = author.page(f"/author/courses/{course.slug}")
    assert f"/author/courses/{course.slug}/export.{fmt}" in page
    response = author.client.get(f"/author/courses/{course.slug}/export.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="sample-course.{fmt}"'
    text = response.get_data(as_text=True)
    assert text == dump_course(export_course(course), fmt)
    assert parse_course(text, fmt) == export_course(course) == sample_course()
