"""Catalog search on the database under test (SQLite FTS5, or PostgreSQL with TEST_DATABASE_URL):
what is found, in which order, and that the index follows every import."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import delete, text

from app.core.extensions import db as _db
from app.courses import search
from app.courses.catalog import Filters, find_courses, published_courses
from app.courses.files import import_course
from app.courses.models import Course
from tests import factories
from tests.courses.conftest import course_file
from tests.querycount import counting


def load(*files: dict, draft: bool = False) -> list[Course]:
    """Import the course files (published unless `draft`) and commit."""
    courses = [import_course(copy.deepcopy(data), draft=draft)[0] for data in files]
    _db.session.commit()
    return courses


def found(query: str, **filters: str) -> list[str]:
    """The slugs the catalog lists for `query`, best first."""
    return [entry.course.slug for entry in find_courses(Filters(search=search.clean(query), **filters)).entries]


def search_rows(db) -> int:
    return db.session.scalar(text("SELECT count(*) FROM course_search"))


def test_each_part_of_a_course_is_found_and_ranked_title_first(app, db):
    # Alphabetical titles run against the ranking, and the body-only course is featured: the
    # ranking still puts the title first and the body last.
    courses = load(
        course_file("in-body", title="Aardvark course", lessons=[("Basics", "Everything about zephyrs.", ())]),
        course_file("in-lesson-title", title="Badger course", lessons=[("Zephyr tuning", "Plain text.", ())]),
        course_file("in-topics", title="Cat course", lessons=[("Basics", "Plain text.", ("zephyr",))]),
        course_file("in-summary", title="Dog course", summary="All about the zephyr."),
        course_file("in-title", title="Zephyr course"),
        course_file("elsewhere", title="Eel course", summary="Nothing to see."),
    )
    courses[0].featured = True
    db.session.commit()

    ranked = found("zephyr")
    assert ranked[0] == "in-title" and set(ranked[1:3]) == {"in-summary", "in-topics"}
    assert ranked[3:] == ["in-lesson-title", "in-body"]
    assert found("Aardvark") == ["in-body"] and found("tuning") == ["in-lesson-title"]
    assert found("everything") == ["in-body"] and found("see") == ["elsewhere"]


def test_a_body_saying_it_often_stays_below_a_title_saying_it_once(app, db):
    load(course_file("shouting", title="Aardvark", lessons=[("Basics", "zephyr " * 300, ())],
                     summary="zephyr " * 50),
         course_file("titled", title="Zephyr"))
    assert found("zephyr") == ["titled", "shouting"]


def test_english_words_are_stemmed_and_the_last_word_is_a_prefix(app, db):
    load(course_file("plans", lessons=[("Plans", "Every price is per seat. Integrations are extra.", ())]),
         course_file("other", lessons=[("Other", "Something else entirely.", ())]))
    for query in ("pricing", "prices", "PRICE", "integration", "pric", "integ", "per seat"):
        assert found(query) == ["plans"], query
    assert found("pric seat") == [] and found("seat pric") == ["plans"]  # only the last word is a prefix


def test_phrases_alternatives_exclusions_and_stop_words(app, db):
    load(course_file("sso", lessons=[("Set up SSO", "Single sign-on for everyone.", ())]),
         course_file("apart", lessons=[("Accounts", "A single account. Sign-on comes later.", ())]),
         course_file("scim", lessons=[("Provisioning", "SCIM and SSO together.", ())]))
    assert found('"single sign-on"') == ["sso"]
    assert set(found("single sign-on")) == {"sso", "apart"}
    assert set(found("scim or later")) == {"scim", "apart"}
    assert set(found("sso")) == {"sso", "scim"} and found("sso -scim") == ["sso"]
    assert found("how to set up sso") == ["sso"]  # "how", "to" and "up" are not searched for
    assert found("the") == [] and found("-sso") == [] and found('"" - or') == []


def test_drafts_and_unpublished_courses_are_never_found(app, db):
    load(course_file("shown", title="Zephyr shown"), course_file("hidden", title="Zephyr hidden"))
    load(course_file("drafted", title="Zephyr drafted"), draft=True)
    assert sorted(found("zephyr")) == ["hidden", "shown"]
    load(course_file("hidden", title="Zephyr hidden"), draft=True)  # reimported as a draft: off the catalog
    assert found("zephyr") == ["shown"] and [e.course.slug for e in published_courses("zephyr")] == ["shown"]


def test_an_import_replaces_the_text_and_drops_retired_lessons(app, db):
    first = course_file("course", title="Zephyr basics", summary="About gales.",
                        lessons=[("Kept", "Breeze.", ("weather",)), ("Dropped", "Tornado.", ("storms",))])
    load(first)
    assert found("tornado") == found("storms") == found("gales") == ["course"]

    second = course_file("course", title="Mistral basics", summary="About calm days.",
                         lessons=[("Kept", "Breeze and drizzle.", ("weather",))])
    load(second)  # the same slug: updated in place, the second lesson retired
    assert found("zephyr") == found("gales") == found("tornado") == found("storms") == found("dropped") == []
    assert found("mistral") == found("drizzle") == found("calm") == found("weather") == ["course"]
    assert found("kept") == ["course"]


def test_indexing_a_course_takes_the_same_statements_whatever_its_size(app, db):
    small = factories.course(modules=1, lessons_per_module=1)
    large = factories.course(modules=10, lessons_per_module=20)
    counts = []
    for course in (small, large):
        db.session.refresh(course)  # loaded, as in a save
        with counting(db.engine) as statements:
            search.index_course(course)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 2, statements
    assert found(large.title) == [large.slug]


def test_a_huge_course_is_indexed_within_the_databases_limits(app, db):
    # 1.5 MB of distinct words: past a PostgreSQL tsvector's 1 MB if it were indexed whole.
    words = [f"w{n:x}" for n in range(250_000)]
    lessons = [(f"Part {n}", " ".join(words[n * 2500:(n + 1) * 2500]), ()) for n in range(100)]
    load(course_file("huge", title="Enormous handbook", summary="x" * 50_000, lessons=lessons))
    assert found("enormous") == ["huge"] and found("w0 w1") == ["huge"]


def test_reindexing_rebuilds_every_course(app, db):
    load(course_file("one", title="Zephyr one"), course_file("two", title="Zephyr two"))
    db.session.execute(text("DELETE FROM course_search"))
    db.session.commit()
    assert found("zephyr") == []

    result = app.test_cli_runner().invoke(args=["courses", "reindex"])
    assert result.exit_code == 0 and result.output == "Indexed 2 courses for search.\n"
    assert sorted(found("zephyr")) == ["one", "two"] and search_rows(db) == 2


def test_a_deleted_course_takes_its_search_row_with_it(app, db):
    _, gone = load(course_file("keep", title="Zephyr kept"), course_file("gone", title="Zephyr gone"))
    db.session.execute(delete(Course).where(Course.id == gone.id))  # as the tests' clean-up does
    db.session.commit()
    assert search_rows(db) == 1 and found("zephyr") == ["keep"]


# --- reading a search ----------------------------------------------------------------------------

def test_a_search_is_cleaned_of_control_characters_and_cut_short():
    assert search.clean("  a\x00b\u202ec\n\td  ") == "a b c d"
    assert search.clean(None) == "" and len(search.clean("x" * 10_000)) == search.MAX_QUERY


@pytest.mark.parametrize("typed, expression", [
    ("sso", '(("sso" *))'),
    ("sso ", '(("sso" *))'),
    ('"single sign-on"', '(("single sign on"))'),
    ("single sign-on", '(("single" AND "sign on" *))'),
    ("pricing -sso", '(("pricing") NOT "sso")'),
    ("sso or scim", '(("sso")) OR (("scim" *))'),
    ('b NEAR(c) * ^d', '(("b" AND "near c" AND "d" *))'),
    ('a" OR b', '(("or b"))'),  # an open quote runs to the end
    ("how to set up sso", '(("set" AND "sso" *))'),
    ("-sso", None), ("the", None), ('"', None), ("*:()&|!", None), ("", None),
])
def test_the_fts5_expression_quotes_every_word(typed, expression):
    assert search.fts5_expression(search.clean(typed)) == expression


def test_the_catalog_lists_published_courses_without_a_search_in_catalog_order(app, db):
    first, second = factories.course(title="Beta"), factories.course(title="Alpha")
    second.featured = True
    db.session.commit()
    page = find_courses(Filters())
    assert [e.course.slug for e in page.entries] == [second.slug, first.slug] and page.total == 2
    assert [(e.lessons, e.minutes, e.topics) for e in page.entries] == [(4, 20, ["overview"])] * 2
