"""Only L&D authors and admins reach the author area, its exports and its CSVs."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.courses.models import Course
from tests import factories

PAGES = [
    "/author/", "/author/courses/new", "/author/upload", "/author/analytics", "/author/analytics/courses.csv",
    "/author/analytics/weekly.csv", "/author/courses/{slug}", "/author/courses/{slug}/edit",
    "/author/courses/{slug}/preview", "/author/courses/{slug}/preview/lesson-1-1",
    "/author/courses/{slug}/preview/quiz/1",
    "/author/courses/{slug}/export.yaml", "/author/courses/{slug}/export.json", "/author/courses/{slug}/analytics",
    "/author/courses/{slug}/analytics/funnel.csv", "/author/courses/{slug}/analytics/lessons.csv",
    "/author/courses/{slug}/analytics/quiz.csv", "/author/courses/{slug}/analytics/weekly.csv",
    "/author/courses/{slug}/modules/{module}/quiz", "/author/courses/{slug}/lessons/{lesson}", "/author/scoring",
]


@pytest.fixture
def course(db):
    return factories.course(published=False)


def _url(template: str, course) -> str:
    return template.format(slug=course.slug, module=course.modules[0].id, lesson=course.modules[0].lessons[0].id)


@pytest.mark.parametrize("role", ["anonymous", "learner", "sales", "author", "admin"])
def test_who_may_open_the_author_pages(client, db, course, role):
    if role != "anonymous":
        factories.sign_in(client, factories.user(role))
    for template in PAGES:
        response = client.get(_url(template, course))
        if role == "anonymous":
            assert response.status_code == 302 and response.location.startswith("/login?next="), template
        elif role in ("learner", "sales"):
            assert response.status_code == 403, template
            assert course.title not in response.get_data(as_text=True)
        else:
            assert response.status_code == 200, (template, response.status_code)


@pytest.mark.parametrize("role", ["learner", "sales"])
def test_others_cannot_change_courses(browser, db, course, role):
    factories.sign_in(browser.client, factories.user(role))
    base = f"/author/courses/{course.slug}"
    for action, data in [(f"{base}/publish", {"version": "1"}), (f"{base}/feature", {"featured": "1"}),
                         (f"{base}/edit", {"title": "Hijacked", "version": "1"}),
                         (f"{base}/lessons/{course.modules[0].lessons[0].id}/retire", {"version": "1"})]:
        assert browser.post(action, data).status_code == 403, action
    db.session.expire_all()
    row = db.session.scalar(select(Course).where(Course.id == course.id))
    assert (row.title, row.status.value, row.featured, row.version) == (course.title, "draft", False, 1)


def test_the_author_link_shows_for_authors_only(client, db):
    factories.sign_in(client, factories.user("author"))
    assert 'href="/author/"' in client.get("/").get_data(as_text=True)
    other = factories.user("sales")
    factories.sign_in(client, other)
    assert 'href="/author/"' not in client.get("/").get_data(as_text=True)
