"""A curator adds items by address: the worker fetches what the address is (here from the fake
web on loopback), the item fills in, and approved it plays inside Primer; an address whose
details cannot be fetched says why. Learners suggest addresses, which go to review."""
from __future__ import annotations

from sqlalchemy import select

from app.library.models import Details, ItemKind, ItemStatus, LibraryItem
from tests.library.fakeweb import PRIVATE_YOUTUBE_ID, YOUTUBE_ID

VIDEO = f"https://www.youtube.com/watch?v={YOUTUBE_ID}"


def _added(browser, url: str) -> LibraryItem:
    from app.core.extensions import db
    response = browser.submit("/author/library/new", {"url": url})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    return db.session.get(LibraryItem, int(response.location.rsplit("/", 1)[1]))


def test_a_video_added_by_its_address_fills_in_and_plays_privately(browser, login_as, db):
    login_as("author")
    item = _added(browser, VIDEO)
    assert (item.details, item.kind, item.status) == (Details.FETCHED, ItemKind.VIDEO, ItemStatus.DRAFT)
    assert item.title == "YouTube Developers Live: Embedded Web Player Customization"
    assert item.embed_url == f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"
    assert item.thumbnail_url == f"https://i.ytimg.com/vi/{YOUTUBE_ID}/hqdefault.jpg" and item.source == "YouTube"
    browser.submit(f"/author/library/{item.id}", {}, action=f"/author/library/{item.id}/move/approved")
    page = browser.get(f"/library/{item.id}").get_data(as_text=True)
    assert f'<iframe src="https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"' in page
    assert "https://www.youtube-nocookie.com" in browser.get("/library").headers["Content-Security-Policy"]


def test_an_address_whose_details_cannot_be_fetched_says_why_and_waits_for_the_author(browser, login_as, db):
    login_as("author")
    item = _added(browser, f"https://www.youtube.com/watch?v={PRIVATE_YOUTUBE_ID}")
    assert item.details is Details.FAILED and item.details_error
    page = browser.get(f"/author/library/{item.id}").get_data(as_text=True)
    assert "Its details could not be fetched" in page


def test_an_address_already_in_the_library_is_refused(browser, login_as, db):
    login_as("author")
    _added(browser, VIDEO)
    refused = browser.submit("/author/library/new", {"url": VIDEO})
    assert refused.status_code == 422 and "This address is in the library already" in refused.get_data(as_text=True)
    assert len(db.session.scalars(select(LibraryItem)).all()) == 1


def test_private_addresses_are_refused_before_anything_is_saved(browser, login_as, db):
    login_as("author")
    for url in ("ftp://example.com/x", "https://user:secret@example.com/", "not an address"):
        refused = browser.submit("/author/library/new", {"url": url})
        assert refused.status_code == 422, url
    assert db.session.scalar(select(LibraryItem)) is None


def test_a_learner_suggests_an_address_and_it_waits_in_review(browser, login_as, db):
    learner = login_as("learner")
    refused = browser.submit("/library/suggest", {"url": VIDEO, "reason": ""})
    assert refused.status_code == 422 and "Say in a sentence why" in refused.get_data(as_text=True)
    sent = browser.submit("/library/suggest", {"url": VIDEO, "reason": "It shows the embed options clearly."})
    assert sent.status_code == 302
    item = db.session.scalar(select(LibraryItem))
    assert (item.status, item.suggested_by_id, item.details) == (ItemStatus.IN_REVIEW, learner.id, Details.FETCHED)
    assert browser.get(f"/library/{item.id}").status_code == 404  # not approved: not shown, even to its suggester
    login_as("author")
    desk = browser.get("/author/library/?status=in_review").get_data(as_text=True)
    assert "YouTube Developers Live" in desk and "suggested by a learner" in desk
