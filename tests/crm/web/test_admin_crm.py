from sqlalchemy import select

from app.crm import worker
from app.crm.models import CrmSync, SyncStatus
from tests import factories
from tests.crm.conftest import make_adapter
from tests.fakes.hubspot import FakeHubSpot


def test_admin_sees_the_outbox_and_retries_dead_letters(app, browser, login_as, db, scoring_model):
    learners = factories.consenting(3)
    for user in learners:
        factories.qualify(user)
    db.session.commit()
    with FakeHubSpot() as fake:
        fake.reject_emails = {learners[0].email}
        worker.drain(make_adapter(fake))
        login_as("admin")
        page = browser.get("/admin/crm").get_data(as_text=True)
        assert "p0@acme-corp.com" in page and "blocked" in page
        assert 'data-chart-type="bar"' in page and "chart.umd.js" in page
        assert "<td class=\"num\">2</td>" in page  # up to date
        response = browser.submit("/admin/crm", {"user_id": str(learners[0].id)}, action="/admin/crm/retry")
        assert response.status_code == 302
        assert db.session.get(CrmSync, learners[0].id).status is SyncStatus.PENDING
        fake.reject_emails = set()
        worker.drain(make_adapter(fake))
        assert len(fake.contacts) == 3
    assert {r.status for r in db.session.scalars(select(CrmSync))} == {SyncStatus.IDLE}


def test_without_a_token_the_page_says_leads_wait(browser, login_as, db):
    login_as("admin")
    page = browser.get("/admin/crm").get_data(as_text=True)
    assert "HubSpot is not connected" in page


def test_the_lead_page_shows_sync_status_and_hubspot_id(app, browser, login_as, db, scoring_model):
    user = factories.user(email="dana@acme-corp.com", consent_contact=True)
    factories.qualify(user)
    db.session.commit()
    login_as("sales")
    assert "Waiting to be sent" in browser.get(f"/sales/leads/{user.id}").get_data(as_text=True)
    with FakeHubSpot() as fake:
        fake.add_contact("dana@acme-corp.com", lifecyclestage="customer")
        worker.drain(make_adapter(fake))
        hubspot_id = fake.contacts["dana@acme-corp.com"]["id"]
    page = browser.get(f"/sales/leads/{user.id}").get_data(as_text=True)
    assert "Up to date in HubSpot" in page and hubspot_id in page and "Already a customer in HubSpot" in page
