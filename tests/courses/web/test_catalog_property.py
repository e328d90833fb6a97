"""Whatever is typed into the catalog's search and filters, a page comes back: never a server
error, never a full-text syntax error, on SQLite (FTS5) and PostgreSQL (tsquery) alike."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.courses import search
from app.courses.catalog import Filters, find_courses
from app.demo.courses import seed_demo_courses

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Full-text operators of both databases, quotes, and any character HTTP can carry.
SYNTAX = st.sampled_from(['"', "'", "-", "*", ":", "(", ")", "&", "|", "!", "<->", "^", "{", "}", ":*", "NEAR",
                          "AND", "OR", "NOT", "or", "and", "not", "\\", "%", "_", " ", "sso", "pricing", "\x00"])
TEXT = st.lists(SYNTAX | st.text(st.characters(blacklist_categories=("Cs",)), max_size=8), max_size=40).map("".join) \
    | st.text(st.characters(blacklist_categories=("Cs",)), min_size=400, max_size=600)


@pytest.fixture
def demo(app, db):
    seed_demo_courses()
    db.session.commit()


@FUZZ
@given(query=TEXT, topic=TEXT, price=TEXT | st.sampled_from(["free", "paid"]),
       length=TEXT | st.sampled_from(["short", "medium", "long"]), page=TEXT | st.integers().map(str))
def test_the_catalog_answers_any_query_string(client, demo, query, topic, price, length, page):
    response = client.get("/courses", query_string={"q": query, "topic": topic, "price": price, "length": length,
                                                    "page": page})
    # A NUL anywhere in the address is refused (400) before any view runs; the rest is a page.
    assert response.status_code == (400 if "\x00" in query + topic + price + length + page else 200)


@FUZZ
@given(query=TEXT)
def test_any_search_runs_on_the_database(demo, db, query):
    page = find_courses(Filters(search=search.clean(query)))
    assert page.total == len(page.entries) <= 2
    db.session.rollback()
