"""The catalog's search, filters and pages in a real browser: typed and chosen like a person
would, cards with a picture of a fixed shape, and no serious accessibility problem at a desktop
or a phone's width."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories
from tests.browser.conftest import open_page
from tests.browser.test_accessibility import violations


@pytest.fixture
def page(request, chromium, live):
    with open_page(request, chromium, live, bypass_csp=True) as opened:  # axe is injected as a script
        yield opened


def test_search_filter_and_page_through_the_catalog(page, live, db):
    for n in range(14):
        factories.course(title=f"Zephyr {n:02d}", topics=("weather",))
    factories.course(title="Zephyr paid", price=4900, topics=("weather",))
    pictured = factories.course(title="Zephyr pictured", topics=("weather",))
    pictured.featured = True
    pictured.image_url = f"{live.url}/static/favicon.svg"  # served here (course files take https addresses)
    db.session.commit()

    page.goto("/courses")
    page.get_by_label("Search courses").fill("zephyr")
    page.get_by_label("Price").select_option(label="Free")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query) == {"q": ["zephyr"], "price": ["free"]}
    assert page.get_by_role("status").inner_text().startswith("15 courses match “zephyr” with these filters.")
    assert page.locator(".course-card").count() == 12
    assert not violations(page)

    image = page.locator("img.course-card-image")
    assert image.get_attribute("loading") == "lazy" and image.get_attribute("alt") == "Zephyr pictured"
    box = image.bounding_box()
    assert box["width"] > 100 and abs(box["height"] - box["width"] * 9 / 16) < 2

    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Page 2").click()
    page.wait_for_load_state()
    assert page.locator(".course-card").count() == 3
    assert page.get_by_role("link", name="Page 2").get_attribute("aria-current") == "page"
    assert page.get_by_label("Price").input_value() == "free"  # the filters stay chosen

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/courses?q=zephyr&topic=weather")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert not violations(page)
    page.goto("/courses?q=no+such+thing")
    page.get_by_role("link", name="Clear the search and filters").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).query == "" and page.locator(".course-card").count() == 12
