"""The public catalog as a prospect uses it: browse and search. (A course's page: tests/learning/web/
test_course_page.py; enrolling from it: tests/billing/web/test_enroll.py.)"""
from tests import factories
from tests.pages import parse


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
    security = factories.course(topics=("security", "sso"), title="Keeping data safe")

    by_topic = client.get("/courses?q=PRICING").get_data(as_text=True)
    assert pricing.title in by_topic and security.title not in by_topic
    by_title = client.get("/courses?q=data safe").get_data(as_text=True)
    assert security.title in by_title and pricing.title not in by_title
    nothing = client.get("/courses?q=100%25").get_data(as_text=True)  # a LIKE wildcard is plain text
    assert "No course matches “100%”" in nothing and pricing.title not in nothing
    search_box = next(c for c in parse(by_topic).controls if c.name == "q")
    assert search_box.label == "Search courses" and search_box.attrs["value"] == "PRICING"
