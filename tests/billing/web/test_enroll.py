"""Enrolling from a course's page: free courses enroll, paid ones go to Checkout."""
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from app.learning.models import Enrollment
from tests import factories
from tests.pages import link, parse


def test_enroll_asks_to_log_in_and_comes_back(browser, db):
    course = factories.course()
    person = factories.user(email="sam@example.com")
    page = f"/courses/{course.slug}"

    response = browser.submit(page, {}, action=f"{page}/enroll")
    assert response.status_code == 302
    login_url = response.location
    assert urlsplit(login_url).path == "/login" and parse_qs(urlsplit(login_url).query)["next"] == [page]
    login_page = browser.get(login_url).get_data(as_text=True)
    assert "Log in or create a free account to enroll." in login_page
    assert parse_qs(urlsplit(link(login_page, "Create an account")).query)["next"] == [page]

    response = browser.submit(login_url, {"email": person.email, "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.location == page
    response = browser.submit(page, {}, action=f"{page}/enroll")
    assert response.status_code == 302 and response.location == f"/learn/{course.slug}"
    outline = browser.get(response.location).get_data(as_text=True)
    assert f"You are enrolled in {course.title}." in outline
    # Enrolled, nothing begun yet: the course page's button starts the course.
    assert link(browser.get(page).get_data(as_text=True), "Start") == f"/learn/{course.slug}/lesson-1-1"


def test_enrolling_twice_keeps_one_enrollment(browser, login_as, db):
    course = factories.course()
    login_as("learner")
    for _ in range(2):
        response = browser.submit(f"/courses/{course.slug}", {}, action=f"/courses/{course.slug}/enroll")
        assert response.location == f"/learn/{course.slug}"
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 1


def test_a_paid_course_shows_its_price_and_cannot_be_enrolled_for_free(browser, login_as, db):
    course = factories.course(price=4900)
    login_as("learner")
    page = f"/courses/{course.slug}"
    html = browser.get(page).get_data(as_text=True)
    assert "$49.00" in html and "Paid courses cannot be bought right now" in html  # no Stripe keys here
    assert "Enroll for free" not in html
    buttons = [c for c in parse(html).controls if c.attrs.get("aria-describedby") == "checkout-note"]
    assert len(buttons) == 1 and "disabled" in buttons[0].attrs

    response = browser.post(f"{page}/enroll", token_page=page)
    assert response.status_code == 302 and response.location == page
    assert "Paid courses cannot be bought right now. Please try again later." in browser.get(page).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 0

    response = browser.get(f"/learn/{course.slug}")
    assert response.status_code == 302 and response.location == page
    assert "buy it to start learning" in browser.get(page).get_data(as_text=True)
