"""The public catalog as a prospect uses it: browse, search, read a course page, enroll."""
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from app.courses.formatting import format_minutes, format_price
from app.courses.models import Topic
from app.learning.models import Enrollment
from tests import factories
from tests.pages import link, parse


def titles_in_order(html: str, titles: list[str]) -> list[str]:
    return sorted((t for t in titles if t in html), key=html.index)


def test_catalog_lists_published_courses_featured_first_and_hides_drafts(client, db):
    plain = factories.course()
    second = factories.course()
    featured = factories.course()
    draft = factories.course(published=False)
    featured.featured = True
    plain.catalog_position, second.catalog_position = 2, 1
    db.session.commit()

    html = client.get("/courses").get_data(as_text=True)
    titles = [plain.title, second.title, featured.title, draft.title]
    assert titles_in_order(html, titles) == [featured.title, second.title, plain.title]
    front = client.get("/").get_data(as_text=True)
    assert featured.title in front and draft.title not in front
    assert f'href="/courses/{featured.slug}"' in front


def test_search_matches_title_and_topic(client, db):
    pricing = factories.course(topics=("pricing",))
    security = factories.course(topics=("security", "sso"))
    security.title = "Keeping data safe"
    db.session.commit()

    by_topic = client.get("/courses?q=PRICING").get_data(as_text=True)
    assert pricing.title in by_topic and security.title not in by_topic
    by_title = client.get("/courses?q=data safe").get_data(as_text=True)
    assert security.title in by_title and pricing.title not in by_title
    nothing = client.get("/courses?q=100%25").get_data(as_text=True)  # a LIKE wildcard is plain text
    assert "0 courses match" in nothing and pricing.title not in nothing
    search_box = next(c for c in parse(by_topic).controls if c.name == "q")
    assert search_box.label == "Search by title or topic" and search_box.attrs["value"] == "PRICING"


def test_course_page_shows_outline_minutes_topics_and_enroll_form(client, db):
    course = factories.course(modules=2, lessons_per_module=3, topics=("pricing", "overview"))
    html = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert course.title in html and course.summary in html
    assert "Module 1: Module 1" in html and "Lesson 2.3" in html
    assert html.count("5 min") >= 6 and "Total time: 30 min" in html
    assert html.count("pass mark 50%") == 2  # one quiz per module
    assert "pricing" in html and "overview" in html
    assert "Free" in html
    forms = parse(html).forms
    assert {"method": "post", "action": f"/courses/{course.slug}/enroll"} in forms


def test_drafts_are_not_found(client, login_as):
    draft = factories.course(published=False)
    assert client.get(f"/courses/{draft.slug}").status_code == 404
    login_as("learner")
    assert client.get(f"/courses/{draft.slug}").status_code == 404
    assert client.get(f"/learn/{draft.slug}").status_code == 404
    assert client.get("/courses/no-such-course").status_code == 404


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
    assert "Continue" in browser.get(page).get_data(as_text=True)


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


@pytest.mark.parametrize("amount,currency,shown", [
    (4900, "usd", "$49.00"), (123456, "eur", "€1,234.56"), (4900, "jpy", "¥4,900"),
    (1999, "chf", "19.99 CHF"), (None, None, "Free"),
])
def test_prices_read_like_prices(amount, currency, shown):
    assert format_price(amount, currency) == shown


def test_minutes_read_like_durations():
    assert [format_minutes(m) for m in (0, 6, 60, 75)] == ["0 min", "6 min", "1 h", "1 h 15 min"]


def test_topics_of_retired_lessons_do_not_show(client, db):
    course = factories.course(modules=1, lessons_per_module=1, topics=("legacy",))
    from app.core.time import utcnow

    course.modules[0].lessons[0].retired_at = utcnow()
    db.session.commit()
    assert db.session.scalar(select(Topic).where(Topic.name == "legacy"))
    assert "legacy" not in client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert course.title not in client.get("/courses?q=legacy").get_data(as_text=True)
