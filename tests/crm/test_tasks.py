"""Beat's periodic drain of the CRM outbox: `crm sync`'s own drain, safe to run twice and beside
`crm worker`."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db as _db
from app.core.models import TaskRun
from app.crm import hubspot, tasks, worker
from app.crm.models import CrmSync, SyncStatus
from tests import factories
from tests.concurrency import in_threads
from tests.crm.conftest import make_adapter
from tests.fakes.hubspot import FakeHubSpot


@pytest.fixture
def connected(app):
    with FakeHubSpot(fault_rate=0.1, seed=3) as fake:
        app.config.update(HUBSPOT_ACCESS_TOKEN=fake.token, HUBSPOT_API_BASE=fake.url)
        hubspot.init_app(app)
        yield fake


def test_the_periodic_drain_sends_each_lead_once_however_often_it_runs(app, db, scoring_model, connected):
    leads = factories.consenting(5)
    for user in leads:
        factories.qualify(user)
    db.session.commit()
    assert tasks.drain_outbox.apply().get().startswith("sent 5,")
    calls = len(connected.log)
    assert tasks.drain_outbox.apply().get() == "sent 0, refused 0, to retry 0"
    assert len(connected.log) == calls  # nothing was due: HubSpot was not called again
    assert sorted(connected.contacts) == sorted(u.email for u in leads)
    assert all(len(connected.notes_for(u.email)) == 1 for u in leads)
    assert [r.ok for r in db.session.scalars(select(TaskRun).where(TaskRun.task == "crm.drain_outbox"))] == [True, True]


def test_the_periodic_drain_and_a_crm_worker_at_once_send_each_lead_once(app, db, scoring_model, connected):
    for user in factories.consenting(40):
        factories.qualify(user)
    db.session.commit()
    app.config["CRM_BATCH_SIZE"] = 5
    errors = []

    def run(which):
        with app.app_context():
            try:
                if which == "task":
                    tasks.drain_outbox.apply(throw=True)
                else:
                    worker.drain(make_adapter(connected, tries=25), worker="crm-worker")
            except Exception as error:  # reported to the test
                errors.append(error)
            finally:
                _db.session.remove()

    in_threads(run, [("task",), ("task",), ("crm worker",)], timeout=300)
    assert errors == []
    assert len(connected.contacts) == 40 and all(len(connected.notes_for(e)) == 1 for e in connected.contacts)
    assert worker.undelivered() == 0


def test_without_hubspot_the_outbox_waits(app, db, scoring_model):
    app.config["HUBSPOT_ACCESS_TOKEN"] = None
    hubspot.init_app(app)
    factories.qualify(factories.consenting(1)[0])
    db.session.commit()
    assert tasks.drain_outbox.apply().get() == "HubSpot is not connected"
    assert [r.status for r in db.session.scalars(select(CrmSync))] == [SyncStatus.PENDING]


def test_a_refused_token_is_a_recorded_failure_and_keeps_every_row(app, db, scoring_model):
    with FakeHubSpot() as fake:
        app.config.update(HUBSPOT_ACCESS_TOKEN="expired", HUBSPOT_API_BASE=fake.url)
        hubspot.init_app(app)
        factories.qualify(factories.consenting(1)[0])
        db.session.commit()
        tasks.drain_outbox.apply()
    [run] = db.session.scalars(select(TaskRun).where(TaskRun.task == "crm.drain_outbox"))
    assert not run.ok and "CrmAuthError" in run.error
    assert [(r.status, r.claimed_by) for r in db.session.scalars(select(CrmSync))] == [(SyncStatus.PENDING, None)]
