"""The catalog as a prospect uses it: search the demo courses, filter by topic, price and length,
page through, read how many courses match; and whatever is typed, a page, never an error."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from app.courses import search
from app.courses.files import import_course
from app.demo.courses import seed_demo_courses
from tests import factories
from tests.courses.conftest import course_file
from tests.pages import parse

CARD_TITLE = re.compile(r'class="course-card-title"><a href="/courses/([^"]+)"')


def listed(client, url: str) -> list[str]:
    """The slugs of the course cards on the page, in order."""
    response = client.get(url)
    assert response.status_code == 200, url
    return CARD_TITLE.findall(response.get_data(as_text=True))


def status_line(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'<p role="status" class="catalog-status">(.*?)</p>', html, re.DOTALL)
    assert match, url
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def demo(db):
    seed_demo_courses()
    db.session.commit()


@pytest.mark.parametrize("query, expected", [
    # The paid administrator course says "SSO" in a lesson title and "single sign-on" in its
    # summary; the free course only in a lesson's title ("single sign-on") and body ("SSO").
    ("sso", ["acme-certified-administrator", "acme-analytics-101"]),
    ("SSO", ["acme-certified-administrator", "acme-analytics-101"]),
    ("single sign-on", ["acme-certified-administrator", "acme-analytics-101"]),
    ("pricing", {"acme-certified-administrator", "acme-analytics-101"}),
    ("dashboards", {"acme-analytics-101", "acme-certified-administrator"}),
    ("certified", ["acme-certified-administrator"]),
    ("dashboard tour", ["acme-analytics-101"]),
])
def test_searching_the_demo_courses_finds_them(client, demo, query, expected):
    found = listed(client, f"/courses?q={query}")
    assert (found if isinstance(expected, list) else set(found)) == expected


def test_how_many_courses_match_is_said_in_words(client, db):
    for n in range(3):
        factories.course(title=f"Zephyr {n}", topics=("weather",))
    factories.course(title="Mistral", topics=("weather",))
    assert status_line(client, "/courses?q=mistral") == "1 course matches “mistral”. Show every course"
    assert status_line(client, "/courses?q=zephyr") == "3 courses match “zephyr”. Show every course"
    assert status_line(client, "/courses?q=zephyr&price=paid") == \
        "No course matches “zephyr” with these filters. Clear the search and filters"
    assert status_line(client, "/courses?q=nothing+like+it") == \
        "No course matches “nothing like it”. Clear the search and filters"
    assert status_line(client, "/courses?topic=weather") == "4 courses match these filters. Show every course"
    html = client.get("/courses?q=nothing").get_data(as_text=True)
    assert ("Clear the search and filters", "/courses") in parse(html).links
    assert 'role="status"' not in client.get("/courses").get_data(as_text=True)  # nothing asked, nothing said


def test_filters_by_topic_price_and_length_combine_with_the_search(client, db):
    for data in (
        course_file("free-short-sso", title="SSO in a hurry", lessons=[("Setup", "Quick.", ("sso",))], minutes=30),
        course_file("free-long-sso", title="SSO in depth", minutes=50,
                    lessons=[("Setup", "Slow.", ("sso",))] + [(f"Part {n}", "More.", ()) for n in range(4)]),
        course_file("paid-medium-sso", title="SSO for admins", price=4900,
                    lessons=[("Setup", "Paid.", ("sso", "admin")), ("More", "Yes.", ())], minutes=45),
        course_file("paid-medium-pricing", title="Pricing", price=900, lessons=[("Plans", "Plans.", ("pricing",))],
                    minutes=120),
    ):
        import_course(data)
    db.session.commit()

    assert set(listed(client, "/courses?topic=sso")) == {"free-short-sso", "free-long-sso", "paid-medium-sso"}
    assert set(listed(client, "/courses?price=free")) == {"free-short-sso", "free-long-sso"}
    assert set(listed(client, "/courses?price=paid")) == {"paid-medium-sso", "paid-medium-pricing"}
    assert listed(client, "/courses?length=short") == ["free-short-sso"]  # 30 min
    assert set(listed(client, "/courses?length=medium")) == {"paid-medium-sso", "paid-medium-pricing"}  # 90, 120
    assert listed(client, "/courses?length=long") == ["free-long-sso"]  # 250 min
    assert listed(client, "/courses?topic=sso&price=paid") == ["paid-medium-sso"]
    assert listed(client, "/courses?q=sso&price=free&length=long") == ["free-long-sso"]
    assert listed(client, "/courses?q=plans&topic=sso") == []
    assert listed(client, "/courses?q=admins&topic=admin&price=paid&length=medium") == ["paid-medium-sso"]
    # Unknown values mean "any"; an unknown topic finds nothing (and is kept in the form).
    assert len(listed(client, "/courses?price=cheap&length=forever")) == 4
    assert listed(client, "/courses?topic=nope") == []

    html = client.get("/courses?q=sso&topic=sso&price=paid&length=medium").get_data(as_text=True)
    controls = {c.name: c for c in parse(html).controls}
    assert {name: controls[name].label for name in ("q", "topic", "price", "length")} == {
        "q": "Search courses", "topic": "Topic", "price": "Price", "length": "Length"}
    for name, value in (("topic", "sso"), ("price", "paid"), ("length", "medium")):
        assert re.search(rf'<option value="{value}" selected>', html.split(f'name="{name}"')[1].split("</select>")[0])
    topics = re.findall(r'<option value="([^"]*)"', html.split('name="topic"')[1].split("</select>")[0])
    assert topics == ["", "admin", "pricing", "sso"]  # the published courses' topics


def test_pages_of_twelve_with_numbered_links_that_keep_the_filters(client, db):
    for n in range(30):
        factories.course(title=f"Zephyr {n:02d}", topics=("weather",))
    factories.course(title="Mistral", topics=("weather",))

    first = listed(client, "/courses?q=zephyr")
    assert len(first) == 12
    html = client.get("/courses?q=zephyr&page=2").get_data(as_text=True)
    links = dict((text, href) for text, href in parse(html).links if urlsplit(href).path == "/courses")
    assert {"1", "2", "3", "← Previous", "Next →"} <= set(links)
    assert parse_qs(urlsplit(links["3"]).query) == {"q": ["zephyr"], "page": ["3"]}
    assert parse_qs(urlsplit(links["1"]).query) == {"q": ["zephyr"]}  # page 1 has no page argument
    assert 'aria-current="page" aria-label="Page 2">2</a>' in html
    second, third = listed(client, "/courses?q=zephyr&page=2"), listed(client, "/courses?q=zephyr&page=3")
    assert len(second) == 12 and len(third) == 6 and not set(first) & set(second) | set(second) & set(third)
    assert "mistral" not in " ".join(first + second + third)
    # Past the last page, the last one; nonsense, the first.
    assert listed(client, "/courses?q=zephyr&page=99") == third
    assert listed(client, "/courses?q=zephyr&page=-4") == listed(client, "/courses?q=zephyr&page=x") == first
    assert listed(client, f"/courses?q=zephyr&page={10**30}") == third
    assert "Next →" not in client.get("/courses?q=zephyr&page=3").get_data(as_text=True)
    assert 'class="pagination' not in client.get("/courses?q=mistral").get_data(as_text=True)


def test_a_card_shows_the_course_image_lazily_with_alt_text(client, db):
    import_course(course_file("pictured", title="Pictured course", image="https://cdn.example.com/p.png?w=640&h=360"))
    import_course(course_file("plain", title="Plain course"))
    db.session.commit()
    html = client.get("/courses").get_data(as_text=True)
    images = re.findall(r"<img [^>]*>", html.split("<main")[1])
    assert len(images) == 1
    image = images[0]
    for attribute in ('src="https://cdn.example.com/p.png?w=640&amp;h=360"', 'alt="Pictured course"', 'loading="lazy"',
                      'width="640"', 'height="360"', 'class="course-card-image"', 'referrerpolicy="no-referrer"'):
        assert attribute in image
    assert 'class="course-card-image"' in client.get("/").get_data(as_text=True)  # the front page's cards too


@pytest.mark.parametrize("query", [
    '"', '""', "'", "-", "--", "or", "OR OR", "*", "sso*", "NEAR(a b)", "a:b", "{title}: x", "(", ")", "^x", "&|!",
    "\\", "%", "_", "title:sso", "'; DROP TABLE courses; --", "\u202eevil", "\ufeff", "ﬀ" * 50, "😀 sso", "ǅ",
    "a\u0301", "x" * 500, ("sso " * 100), '"unclosed phrase', "-\"neg phrase\"", "\x01\x02", "\u2028",
])
def test_any_search_gives_a_page(client, demo, query):
    response = client.get("/courses", query_string={"q": query, "topic": query, "page": query})
    assert response.status_code == 200
    # Control and format characters are dropped; whatever is left is searched for, and answered.
    assert ('role="status"' in response.get_data(as_text=True)) == bool(search.clean(query))
