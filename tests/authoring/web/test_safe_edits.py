"""Safe edits: lessons keep their ids, refused saves change nothing, stale forms are refused."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.courses.models import Course, Lesson, Topic
from app.learning import queries, service
from app.learning.models import LessonProgress
from tests import factories
from tests.pages import parse

STALE = "Someone else saved this course since you opened it"


def field_error(html: str, name: str) -> str:
    """The error shown next to the field `name` (tied to it by aria-describedby), or ""."""
    control = next(c for c in parse(html).controls if c.name == name)
    described = control.attrs.get("aria-describedby", "")
    if f"{name}-error" not in described or control.attrs.get("aria-invalid") != "true":
        return ""
    match = re.search(rf'<p class="error" id="{name}-error">(.*?)</p>', html, re.DOTALL)
    return match.group(1) if match else ""


def snapshot(db, course_id: int) -> tuple:
    db.session.expire_all()
    course = db.session.get(Course, course_id)
    return (course.version, course.title, [(lesson.id, lesson.title, lesson.slug, lesson.media_url, lesson.body,
                                             lesson.position, lesson.module_id, tuple(lesson.topic_names))
                                            for lesson in db.session.scalars(select(Lesson).order_by(Lesson.id))])


@pytest.fixture
def course(db):
    return factories.course(modules=2, lessons_per_module=2, published=False)


def test_editing_a_lesson_keeps_its_id_and_bumps_the_version(author, course, db):
    lesson = course.modules[0].lessons[1]
    url = f"/author/courses/{course.slug}/lessons/{lesson.id}"
    version = course.version
    response = author.submit(url, {"title": "Renamed", "slug": "renamed", "minutes": "7", "body": "New *body*",
                                   "topics": ["overview"], "new_topics": "", "save": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(Lesson, lesson.id)
    assert (edited.title, edited.slug, edited.minutes, edited.revision) == ("Renamed", "renamed", 7, 2)
    assert edited.body_html == "<p>New <em>body</em></p>\n"
    assert db.session.get(Course, course.id).version == version + 1


def test_a_stale_form_is_refused_and_changes_nothing(author, course, db):
    lesson = course.modules[0].lessons[0]
    url = f"/author/courses/{course.slug}/lessons/{lesson.id}"
    first_tab, second_tab = author.page(url), author.page(url)  # two authors open the same lesson
    saved = author.submit(url, {"title": "First author's title", "save": "1"}, html=first_tab)
    assert saved.status_code == 302
    before = snapshot(db, course.id)

    refused = author.submit(url, {"title": "Second author's title", "body": "Overwrite!", "save": "1"},
                            html=second_tab)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert STALE in page and "reload" in page
    assert "Second author&#39;s title" in page  # what they typed is still there to copy
    assert snapshot(db, course.id) == before

    # After reloading, the second author's save goes through.
    assert author.submit(url, {"title": "Second author's title", "save": "1"}).status_code == 302
    assert snapshot(db, course.id)[0] == before[0] + 1


def test_a_stale_button_is_refused_too(author, course, db):
    page = f"/author/courses/{course.slug}"
    old_page = author.page(page)
    lesson = course.modules[0].lessons[0]
    moved = author.submit(page, action=f"{page}/lessons/{lesson.id}/move", where={"direction": "down"})
    assert moved.status_code == 302
    before = snapshot(db, course.id)
    response = author.submit(page, action=f"{page}/publish", html=old_page)
    assert response.status_code == 302
    assert STALE in author.page(page)  # flashed on the course page
    assert snapshot(db, course.id) == before and db.session.get(Course, course.id).status.value == "draft"


def test_a_bad_lesson_shows_errors_next_to_the_fields_and_saves_nothing(author, course, db):
    module = course.modules[0]
    url = f"/author/courses/{course.slug}/modules/{module.id}/lessons/new"
    before = snapshot(db, course.id)
    topics = db.session.scalar(select(func.count()).select_from(Topic))
    response = author.submit(url, {"title": "  ", "minutes": "5", "body": "Text", "media": "https://example.com/page",
                                   "new_topics": "fresh-topic, Bad Topic!", "save": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "title") == "Must not be empty."
    assert "YouTube or Vimeo" in field_error(page, "media")
    assert "bad-topic!" in field_error(page, "new_topics")
    assert snapshot(db, course.id) == before
    assert db.session.scalar(select(func.count()).select_from(Topic)) == topics  # no half-made topic


def test_minutes_must_be_a_number(author, course, db):
    lesson = course.modules[0].lessons[0]
    url = f"/author/courses/{course.slug}/lessons/{lesson.id}"
    response = author.submit(url, {"minutes": "ten", "save": "1"})
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "minutes")
    response = author.submit(url, {"minutes": "900", "save": "1"})
    assert "from 0 to 600" in field_error(response.get_data(as_text=True), "minutes")


def test_a_lesson_slug_is_unique_in_the_course(author, course, db):
    lesson = course.modules[0].lessons[0]
    response = author.submit(f"/author/courses/{course.slug}/lessons/{lesson.id}", {"slug": "lesson-2-1",
                                                                                    "save": "1"})
    assert response.status_code == 422
    assert "already uses this slug" in field_error(response.get_data(as_text=True), "slug")


def test_preview_renders_with_the_learners_sanitizer_and_saves_nothing(author, course, db):
    lesson = course.modules[0].lessons[0]
    url = f"/author/courses/{course.slug}/lessons/{lesson.id}"
    before = snapshot(db, course.id)
    response = author.submit(url, {"title": "T", "body": "**Bold** <script>alert(1)</script> [x](javascript:alert(1))",
                                   "preview": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Preview" in page
    assert "<strong>Bold</strong>" in page and "<script>alert" not in page and 'href="javascript' not in page
    assert snapshot(db, course.id) == before


def test_reordering_keeps_lesson_ids_and_learners_progress(author, db):
    course = factories.course(modules=2, lessons_per_module=2)
    learner = factories.user()
    service.enroll(learner, course)
    first, second = course.modules[0].lessons
    service.complete_lesson(learner, first)
    service.complete_lesson(learner, second)
    db.session.commit()
    ids = {lesson.slug: lesson.id for lesson in queries.course_lessons(course.id)}
    progress = db.session.scalars(select(LessonProgress.id).order_by(LessonProgress.id)).all()

    page = f"/author/courses/{course.slug}"
    # Lesson 1.2 down past the end of module 1: it becomes the first lesson of module 2.
    moved = author.submit(page, action=f"{page}/lessons/{second.id}/move", where={"direction": "down"})
    assert moved.status_code == 302
    # Module 2 up: it is now module 1.
    module_two = course.modules[1]
    moved = author.submit(page, action=f"{page}/modules/{module_two.id}/move", where={"direction": "up"})
    assert moved.status_code == 302

    db.session.expire_all()
    order = [lesson.slug for lesson in queries.course_lessons(course.id)]
    assert order == ["lesson-1-2", "lesson-2-1", "lesson-2-2", "lesson-1-1"]
    assert {lesson.slug: lesson.id for lesson in queries.course_lessons(course.id)} == ids
    assert db.session.scalars(select(LessonProgress.id).order_by(LessonProgress.id)).all() == progress
    assert queries.marks_in(learner.id, course.id) == ({first.id, second.id}, set())


def test_retiring_a_lesson_keeps_progress_and_hides_it(author, db):
    course = factories.course(modules=1, lessons_per_module=3)
    learner = factories.user()
    service.enroll(learner, course)
    gone = course.modules[0].lessons[1]
    service.complete_lesson(learner, gone)
    db.session.commit()
    page = f"/author/courses/{course.slug}"
    assert author.submit(page, action=f"{page}/lessons/{gone.id}/retire").status_code == 302
    db.session.expire_all()
    assert db.session.get(Lesson, gone.id).retired_at is not None
    assert gone.id not in {lesson.id for lesson in queries.course_lessons(course.id)}
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    assert ">Lesson 1.2</a>" not in author.page(page)


def test_a_published_course_cannot_lose_its_last_lesson(author, db):
    course = factories.course(modules=1, lessons_per_module=1, quiz=False)
    page = f"/author/courses/{course.slug}"
    before = snapshot(db, course.id)
    lesson = course.modules[0].lessons[0]
    response = author.submit(page, action=f"{page}/lessons/{lesson.id}/retire")
    assert response.status_code == 302
    assert "a course needs at least one lesson" in author.page(page)
    assert snapshot(db, course.id) == before


def test_an_incomplete_draft_is_not_published(author, db):
    author.submit("/author/courses/new", {"title": "Empty course", "summary": ""})
    page = "/author/courses/empty-course"
    author.submit(page, action=f"{page}/publish")
    html = author.page(page)
    assert "Not published yet" in html and "a course needs at least one module" in html
    assert db.session.scalar(select(Course.status).where(Course.slug == "empty-course")).value == "draft"


def test_course_details_and_price(author, db):
    author.submit("/author/courses/new", {"title": "Paid course", "slug": "paid", "summary": "S", "price": "49.00",
                                          "currency": "usd"})
    course = db.session.scalar(select(Course).where(Course.slug == "paid"))
    assert (course.price_amount, course.price_currency) == (4900, "usd")
    edit = "/author/courses/paid/edit"
    assert 'value="49.00"' in author.page(edit)
    response = author.submit(edit, {"price": "12.345"})
    assert response.status_code == 422 and "at most 2 decimals" in field_error(response.get_data(as_text=True), "price")
    response = author.submit(edit, {"price": "10", "currency": "US"})
    assert "three-letter" in field_error(response.get_data(as_text=True), "currency")
    response = author.submit(edit, {"price": "", "title": "Free now", "slug": "free-now"})
    assert response.status_code == 302 and response.location == "/author/courses/free-now"
    db.session.expire_all()
    course = db.session.get(Course, course.id)
    assert (course.price_amount, course.price_currency, course.title) == (None, None, "Free now")


def test_a_taken_course_slug_is_refused(author, db):
    factories.course(slug="taken")
    response = author.submit("/author/courses/new", {"title": "Another", "slug": "taken"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "slug") == "Another course already uses this slug."


@pytest.mark.parametrize("price, message", [
    ("1e999999999", "at most 999,999.99"), ("1000000", "at most 999,999.99"), ("92233720368547758.08", "at most"),
    ("NaN", "positive amount"), ("-1", "positive amount"),
])
def test_prices_out_of_range_are_refused_not_crashed_on(author, db, price, message):
    response = author.submit("/author/courses/new", {"title": "Paid", "slug": "paid", "price": price})
    assert response.status_code == 422 and message in field_error(response.get_data(as_text=True), "price")
    assert db.session.scalar(select(Course)) is None


@pytest.mark.parametrize("title", ["Evil \u202egnp.exe", "Isolated \u2066x\u2069", "Embedded \u202ax\u202c"])
def test_titles_refuse_bidirectional_controls_in_every_editor(author, course, db, title):
    module = course.modules[0]
    lesson = module.lessons[0]
    before = snapshot(db, course.id)
    for url in (f"/author/courses/{course.slug}/edit", f"/author/courses/{course.slug}/modules/{module.id}",
                f"/author/courses/{course.slug}/lessons/{lesson.id}"):
        response = author.submit(url, {"title": title, "save": "1"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, url
        assert "ust not contain NUL or bidirectional control characters" in field_error(page, "title"), url
    assert snapshot(db, course.id) == before


def test_a_version_too_large_for_the_database_is_refused(author, course, db):
    url = f"/author/courses/{course.slug}/edit"
    response = author.submit(url, {"title": "New", "version": str(2**70)})
    assert response.status_code == 422
