"""The author area in a real browser: charts drawn under Primer's CSP, no serious accessibility
violations, and a lesson written and previewed through the forms."""
from __future__ import annotations

import pytest

from app.learning import service as learning
from tests import factories
from tests.browser.conftest import log_in, open_page
from tests.browser.test_accessibility import violations


@pytest.fixture
def studied_course(db):
    """A course with a few learners' progress and quiz answers, and an author to read it."""
    course = factories.course(modules=2, lessons_per_module=2, topics=("pricing",))
    quiz = course.modules[0].quiz
    q1, q2 = sorted(quiz.live_questions, key=lambda q: q.position)
    for n in range(3):
        person = factories.user()
        learning.enroll(person, course)
        for lesson in course.modules[0].lessons[: n + 1]:
            learning.complete_lesson(person, lesson)
        learning.submit_quiz(person, quiz, {q1.id: [n % 3], q2.id: [0, 2]})
    author = factories.user("author")
    db.session.commit()
    return course, author


def test_analytics_charts_are_drawn_with_the_csp_in_force(page, studied_course):
    course, author = studied_course
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, author.email, factories.DEFAULT_PASSWORD)
    for url, charts in ((f"/author/courses/{course.slug}/analytics", 4), ("/author/analytics", 2)):
        assert page.goto(url).status == 200
        page.wait_for_function(f"document.querySelectorAll('canvas[data-chart-drawn]').length === {charts}")
        assert page.get_by_role("table", name="Drop-off per lesson").count() <= 1
    assert not errors, errors


@pytest.fixture
def axe_page(request, chromium, live):
    """A page with the CSP bypassed, so axe-core can be injected (as in test_accessibility)."""
    with open_page(request, chromium, live, bypass_csp=True) as opened:
        yield opened


AUTHOR_PAGES = ["/author/", "/author/courses/{slug}", "/author/courses/{slug}/edit",
                "/author/courses/{slug}/lessons/{lesson}", "/author/courses/{slug}/modules/{module}/quiz",
                "/author/courses/{slug}/preview/lesson-1-1", "/author/courses/{slug}/analytics", "/author/upload"]


@pytest.mark.parametrize("url", AUTHOR_PAGES)
def test_author_pages_have_no_serious_accessibility_violations(axe_page, studied_course, url):
    course, author = studied_course
    log_in(axe_page, author.email, factories.DEFAULT_PASSWORD)
    target = url.format(slug=course.slug, lesson=course.modules[0].lessons[0].id, module=course.modules[0].id)
    assert axe_page.goto(target).status == 200
    found = violations(axe_page)
    assert not found, "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found)


def test_an_author_writes_and_previews_a_lesson(page, studied_course):
    course, author = studied_course
    log_in(page, author.email, factories.DEFAULT_PASSWORD)
    page.goto(f"/author/courses/{course.slug}")
    page.get_by_role("link", name="Add a lesson to module 2").click()
    page.get_by_label("Title").fill("Security basics")
    page.get_by_label("Body (Markdown)").fill("Use **SSO**.\n\n<script>alert(1)</script>")
    page.get_by_label("pricing").check()
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".preview-box")
    assert preview.locator(".lesson-body strong").inner_text() == "SSO"
    assert "<script>alert(1)</script>" in preview.inner_text()  # shown as text, never run
    page.get_by_role("button", name="Save lesson").click()
    page.wait_for_url(f"**/author/courses/{course.slug}#lesson-*")
    assert page.get_by_role("link", name="Security basics").count() == 1
