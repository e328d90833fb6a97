"""A curator adds a PDF to the library, writes it up, approves it; a prospect finds it, opens it
and marks it read — each step a learning event with the item's topics and its evidence level,
scored by the model (the `evidence` filter) and kept in the item's history."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from app.learning.models import LearningEvent
from app.library.models import ItemCompletion, ItemStatus, ItemTransition, LibraryItem
from app.scoring import service as scoring
from app.scoring.models import LeadScore
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
WRITE_UP = {"title": "SSO set-up checklist", "kind": "document", "summary": "Every step of an Okta set-up.",
            "topics": "single-sign-on, security", "minutes": "6", "language": "en", "source": "Acme docs"}


def _add_pdf(browser) -> LibraryItem:
    response = browser.submit("/author/library/new", {"url": "", "document": (io.BytesIO(PDF), "sso-checklist.pdf")},
                              content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    return _item(int(response.location.rsplit("/", 1)[1]))


def _item(item_id: int) -> LibraryItem:
    from app.core.extensions import db
    db.session.expire_all()
    return db.session.get(LibraryItem, item_id)


def _version(browser, item_id: int) -> str:
    page = browser.get(f"/author/library/{item_id}").get_data(as_text=True)
    return page.split('name="version" type="hidden" value="')[1].split('"')[0]


@pytest.fixture
def approved(browser, login_as, db):
    """An approved PDF about single sign-on, put there by an author through the pages."""
    author = login_as("author", first_name="Ana", last_name="Author")
    item = _add_pdf(browser)
    assert (item.status, item.kind.value, item.title) == (ItemStatus.DRAFT, "document", "Sso checklist")
    saved = browser.submit(f"/author/library/{item.id}", {**WRITE_UP, "version": _version(browser, item.id)})
    assert saved.status_code == 302
    moved = browser.submit(f"/author/library/{item.id}", {}, action=f"/author/library/{item.id}/move/approved")
    assert moved.status_code == 302
    item = _item(item.id)
    assert item.status is ItemStatus.APPROVED and item.approved_by_id == author.id and item.approved_at
    browser.post("/logout", token_page="/")
    return item


def test_a_curator_adds_writes_up_and_approves_a_pdf(browser, approved, db):
    assert approved.topic_names == ["single-sign-on", "security"] and approved.reading_minutes == 6
    steps = db.session.scalars(select(ItemTransition).where(ItemTransition.item_id == approved.id)
                               .order_by(ItemTransition.id)).all()
    assert [(s.from_status, s.to_status) for s in steps] == [(None, ItemStatus.DRAFT), (ItemStatus.DRAFT, ItemStatus.APPROVED)]
    library = browser.get("/library").get_data(as_text=True)
    assert "SSO set-up checklist" in library and "single-sign-on" in library
    page = browser.get(f"/library/{approved.id}").get_data(as_text=True)
    assert f'href="/library/{approved.id}/document.pdf"' in page
    pdf = browser.get(f"/library/{approved.id}/document.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data == PDF


def test_a_draft_is_shown_to_no_prospect(browser, login_as, db):
    login_as("author")
    item = _add_pdf(browser)
    assert browser.get(f"/library/{item.id}").status_code == 200  # the curator's preview
    browser.post("/logout", token_page="/")
    assert browser.get(f"/library/{item.id}").status_code == 404
    assert browser.get(f"/library/{item.id}/document.pdf").status_code == 404
    assert "Sso checklist" not in browser.get("/library").get_data(as_text=True)
    login_as("learner")
    assert browser.get(f"/library/{item.id}").status_code == 404
    assert browser.get("/author/library/").status_code == 403
    assert browser.get(f"/author/library/{item.id}").status_code == 403


def test_a_prospect_opens_and_reads_an_item_and_it_scores_by_its_evidence(browser, login_as, approved, db):
    scoring.save_model({"thresholds": {"mql": 40, "sql": 80}, "rules": [
        {"name": "Read about SSO in the library", "on": "item_completed", "topic": "single-sign-on",
         "evidence": "self_reported", "points": 10, "max_times": 1},
        {"name": "Watched to the end", "on": "item_completed", "evidence": "played", "points": 25},
        {"name": "Opened a library item", "on": "item_opened", "points": 1, "max_times": 5}]})
    db.session.commit()
    prospect = login_as("learner")
    browser.get(f"/library/{approved.id}")
    browser.get(f"/library/{approved.id}")  # the same day: one event
    page = browser.get(f"/library/{approved.id}").get_data(as_text=True)
    assert "I read this" in page
    done = browser.submit(f"/library/{approved.id}", {"evidence": "self_reported"},
                          action=f"/library/{approved.id}/complete")
    assert done.status_code == 302
    assert "Done: you marked it read." in browser.get(f"/library/{approved.id}").get_data(as_text=True)
    again = browser.submit(f"/library/{approved.id}", {"evidence": "self_reported"},
                           action=f"/library/{approved.id}/complete")
    assert again.status_code == 302
    events = db.session.scalars(select(LearningEvent).where(LearningEvent.user_id == prospect.id,
                                                            LearningEvent.verb.in_(["item_opened", "item_completed"]))
                                .order_by(LearningEvent.id)).all()
    assert [(e.verb, e.object_id, e.topics, e.payload.get("evidence")) for e in events] == [
        ("item_opened", f"library:{approved.id}", ["single-sign-on", "security"], None),
        ("item_completed", f"library:{approved.id}", ["single-sign-on", "security"], "self_reported")]
    completion = db.session.get(ItemCompletion, (prospect.id, approved.id))
    assert completion.evidence == "self_reported"
    score = db.session.scalar(select(LeadScore).where(LeadScore.user_id == prospect.id))
    assert score.engagement == 11  # read about SSO (self-reported) 10 + opened 1; "played" did not fire


def test_a_pdf_cannot_be_played(browser, login_as, approved, db):
    login_as("learner")
    response = browser.client.post(f"/library/{approved.id}/complete", json={"evidence": "played"},
                                   headers={"X-CSRFToken": _token(browser)})
    assert response.status_code == 409 and "Only a video or an episode can be played" in response.json["error"]


def _token(browser) -> str:
    from tests.conftest import csrf_token_from
    return csrf_token_from(browser.get("/library/suggest").get_data(as_text=True))


def test_an_editor_with_a_stale_page_is_refused_and_nothing_changes(browser, login_as, db):
    login_as("author")
    item = _add_pdf(browser)
    stale = _version(browser, item.id)
    assert browser.submit(f"/author/library/{item.id}", {**WRITE_UP, "version": stale}).status_code == 302
    refused = browser.submit(f"/author/library/{item.id}", {**WRITE_UP, "title": "Another title", "version": stale})
    assert refused.status_code == 422 and "Someone saved this item after you opened it" in refused.get_data(as_text=True)
    assert _item(item.id).title == "SSO set-up checklist"


def test_bad_write_ups_are_refused_field_by_field(browser, login_as, db):
    login_as("author")
    item = _add_pdf(browser)
    refused = browser.submit(f"/author/library/{item.id}", {**WRITE_UP, "title": "", "topics": "Single Sign On",
                                                            "kind": "video", "version": _version(browser, item.id)})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Give the item a title." in page and "Topics are lower-case words joined by hyphens" in page
    assert "An uploaded PDF stays a document." in page
    assert _item(item.id).title == "Sso checklist"


def test_only_pdfs_are_uploaded(browser, login_as, db):
    login_as("author")
    refused = browser.submit("/author/library/new", {"url": "", "document": (io.BytesIO(b"GIF89a..."), "x.pdf")},
                             content_type="multipart/form-data")
    assert refused.status_code == 422 and "Only PDF documents can be uploaded" in refused.get_data(as_text=True)
    assert db.session.scalar(select(LibraryItem)) is None


def test_the_workflow_refuses_moves_it_does_not_allow(browser, login_as, approved, db):
    login_as("author")
    browser.submit(f"/author/library/{approved.id}", {}, action=f"/author/library/{approved.id}/move/retired")
    assert _item(approved.id).status is ItemStatus.RETIRED
    response = browser.submit(f"/author/library/{approved.id}", {}, action=f"/author/library/{approved.id}/move/approved")
    assert response.status_code == 302
    assert _item(approved.id).status is ItemStatus.RETIRED
    page = browser.get(f"/author/library/{approved.id}").get_data(as_text=True)
    assert "A retired item cannot become approved." in page
    assert browser.get(f"/library/{approved.id}").status_code == 200  # an author's preview
    factories.sign_in(browser.client, factories.user())
    assert browser.get(f"/library/{approved.id}").status_code == 404
