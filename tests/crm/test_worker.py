"""From a qualifying event to a HubSpot contact: the outbox, workers, faults, leases, consent."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.extensions import db as _db
from app.core.time import utcnow
from app.crm import hubspot, worker
from app.crm.errors import CrmAuthError
from app.crm.models import CrmSync, SyncStatus
from app.learning import service as learning
from app.learning.events import Verb
from app.scoring.models import LeadScore
from tests import factories
from tests.concurrency import in_threads
from tests.crm.conftest import make_adapter
from tests.fakes.hubspot import FakeHubSpot


def run_workers(app, count: int, adapter_for) -> list[Exception]:
    """Drain the outbox with `count` workers at once (threads, each its own session); their errors."""
    errors = []

    def run(name):
        with app.app_context():
            try:
                worker.drain(adapter_for(), worker=name)
            except Exception as exc:  # reported to the test
                errors.append(exc)
            finally:
                _db.session.remove()

    in_threads(run, [(f"w{i}",) for i in range(count)], timeout=300)
    return errors


def test_every_qualified_lead_arrives_once_despite_30_percent_faults(app, db, scoring_model):
    consenting = factories.consenting(30, prefix="lead")
    silent = [factories.user(email=f"quiet{i}@acme-corp.com", consent_contact=False) for i in range(5)]
    cold = factories.consenting(5, prefix="cold")
    for i, user in enumerate(consenting):
        factories.qualify(user, to="sql" if i % 3 == 0 else "mql")
    for user in silent:
        factories.qualify(user)
    for user in cold:
        learning.record_event(user.id, Verb.ENROLLED)
    db.session.commit()

    with FakeHubSpot(fault_rate=0.3, seed=11) as fake:
        result = worker.drain(make_adapter(fake, tries=25))
        assert worker.undelivered() == 0, result.errors
        assert sorted(fake.contacts) == sorted(u.email for u in consenting)
        for i, user in enumerate(consenting):
            props = fake.contacts[user.email]["properties"]
            assert props["primer_stage"] == ("sql" if i % 3 == 0 else "mql")
            assert props["lifecyclestage"] == ("salesqualifiedlead" if i % 3 == 0 else "marketingqualifiedlead")
            assert len(fake.notes_for(user.email)) == 1
            assert "Read about pricing" in fake.notes_for(user.email)[0]["body"]
        assert fake.validation_errors == [] and fake.lifecycle_lowered == [] and fake.rate_limited == 0
        faults = [s for _, _, s in fake.log if s in (0, 500, 502, 429)]
        assert len(faults) >= 0.15 * len(fake.log) and len(set(faults)) >= 3  # faults were really met
    rows = db.session.scalars(select(CrmSync)).all()
    assert {r.status for r in rows} == {SyncStatus.IDLE} and all(r.hubspot_id for r in rows)


def test_changes_coalesce_and_a_stage_change_adds_a_note(app, db, scoring_model):
    user = factories.user(email="dana@acme-corp.com", consent_contact=True)
    factories.qualify(user)
    learning.record_event(user.id, Verb.QUIZ_PASSED)
    db.session.commit()
    with FakeHubSpot() as fake:
        adapter = make_adapter(fake)
        worker.drain(adapter)
        assert fake.upsert_sizes == [1]
        assert fake.contacts[user.email]["properties"]["primer_score"] == "65"  # the latest state, sent once
        learning.record_event(user.id, Verb.ENROLLED)  # +2: not material, nothing to send
        db.session.commit()
        worker.drain(adapter)
        assert fake.upsert_sizes == [1]
        for _ in range(2):  # +10 in all since the last send: past the delta, sent again
            learning.record_event(user.id, Verb.LESSON_COMPLETED)
        db.session.commit()
        worker.drain(adapter)
        assert fake.upsert_sizes == [1, 1]
        assert fake.contacts[user.email]["properties"]["primer_score"] == "77"
        assert len(fake.notes_for(user.email)) == 1  # still mql: no second note


def test_a_change_during_delivery_is_sent_again(app, db, scoring_model):
    user = factories.user(email="dana@acme-corp.com", consent_contact=True)
    factories.qualify(user)
    db.session.commit()
    with FakeHubSpot() as fake:
        adapter = make_adapter(fake)
        claimed = worker.claim("w1", 100)
        learning.record_event(user.id, Verb.COURSE_PURCHASED)  # arrives while w1 is sending
        db.session.commit()
        worker.deliver(adapter, claimed, worker.DrainResult())
        row = db.session.get(CrmSync, user.id)
        db.session.refresh(row)
        assert row.status is SyncStatus.PENDING
        notes = fake.notes_for(user.email)
        assert len(notes) == 1 and "sales qualified" in notes[0]["body"]  # the note tells the latest state
        worker.drain(adapter)
        assert fake.contacts[user.email]["properties"]["primer_stage"] == "sql"
        assert len(fake.upsert_sizes) == 2 and len(fake.notes_for(user.email)) == 1


def test_a_dead_workers_lease_expires_and_another_worker_takes_over(app, db, scoring_model):
    user = factories.user(email="dana@acme-corp.com", consent_contact=True)
    factories.qualify(user)
    db.session.commit()
    assert list(worker.claim("dies-mid-batch", 100)) == [user.id]
    assert worker.claim("second", 100) == {}  # leased
    _db.session.execute(_db.update(CrmSync).values(claimed_until=utcnow() - timedelta(seconds=1)))
    _db.session.commit()
    with FakeHubSpot() as fake:
        worker.drain(make_adapter(fake), worker="second")
        assert list(fake.contacts) == [user.email]


def test_a_wrong_token_keeps_every_row(app, db, scoring_model):
    for user in factories.consenting(3):
        factories.qualify(user)
    db.session.commit()
    with FakeHubSpot() as fake:
        with pytest.raises(CrmAuthError):
            worker.drain(make_adapter(fake, token="expired"))
    rows = db.session.scalars(select(CrmSync)).all()
    assert len(rows) == 3 and all(r.status is SyncStatus.PENDING and r.claimed_by is None for r in rows)


def test_a_refused_contact_is_dead_lettered_and_the_rest_arrive(app, db, scoring_model):
    users = factories.consenting(4)
    for user in users:
        factories.qualify(user)
    db.session.commit()
    with FakeHubSpot() as fake:
        fake.reject_emails = {users[2].email}
        result = worker.drain(make_adapter(fake))
        assert result.sent == 3 and result.rejected == 1
    dead = db.session.get(CrmSync, users[2].id)
    assert dead.status is SyncStatus.DEAD and "blocked" in dead.last_error
    assert worker.undelivered() == 1


def test_no_consent_no_push_and_withdrawing_stops_pushes(app, db, scoring_model):
    without = factories.user(email="no@acme-corp.com", consent_contact=False)
    factories.qualify(without)
    withdrawing = factories.user(email="bye@acme-corp.com", consent_contact=True)
    factories.qualify(withdrawing)
    db.session.commit()
    assert db.session.get(CrmSync, without.id) is None
    withdrawing.consent_contact = False  # withdrawn after the row was queued
    db.session.commit()
    with FakeHubSpot() as fake:
        result = worker.drain(make_adapter(fake))
        assert fake.contacts == {} and result.skipped == 1
    assert db.session.get(CrmSync, withdrawing.id).status is SyncStatus.IDLE


def test_crm_require_consent_off_pushes_everyone(app, db, scoring_model):
    app.config["CRM_REQUIRE_CONSENT"] = False
    user = factories.user(email="no@acme-corp.com", consent_contact=False)
    factories.qualify(user)
    db.session.commit()
    assert db.session.get(CrmSync, user.id).status is SyncStatus.PENDING


def test_an_unconfirmed_address_is_pushed_once_confirmed(app, db, scoring_model):
    from app.accounts import service as accounts

    user = factories.user(email="new@acme-corp.com", consent_contact=True, email_verified_at=None)
    factories.qualify(user)
    db.session.commit()
    assert db.session.get(CrmSync, user.id) is None
    accounts.mark_verified(user)
    db.session.commit()
    row = db.session.get(CrmSync, user.id)
    assert row.status is SyncStatus.PENDING and row.reasons == ["Confirmed their email address"]
    with FakeHubSpot() as fake:
        worker.drain(make_adapter(fake))
        assert list(fake.contacts) == ["new@acme-corp.com"]


def test_crm_require_verified_email_off_pushes_unconfirmed_addresses(app, db, scoring_model):
    app.config["CRM_REQUIRE_VERIFIED_EMAIL"] = False
    user = factories.user(email="new@acme-corp.com", consent_contact=True, email_verified_at=None)
    factories.qualify(user)
    db.session.commit()
    assert db.session.get(CrmSync, user.id).status is SyncStatus.PENDING


def test_two_workers_at_once_send_each_lead_once(app, db, scoring_model):
    for user in factories.consenting(60):
        factories.qualify(user)
    db.session.commit()
    app.config["CRM_BATCH_SIZE"] = 10
    with FakeHubSpot(fault_rate=0.1, seed=5) as fake:
        assert run_workers(app, 2, lambda: make_adapter(fake, tries=25)) == []
        assert len(fake.contacts) == 60
        assert sum(fake.upsert_sizes) >= 60
        assert all(len(fake.notes_for(e)) == 1 for e in fake.contacts)
    assert worker.undelivered() == 0


def test_sync_cli(app, db, scoring_model):
    for user in factories.consenting(2):
        factories.qualify(user)
    db.session.commit()
    runner = app.test_cli_runner()
    app.config["HUBSPOT_ACCESS_TOKEN"] = None
    hubspot.init_app(app)
    result = runner.invoke(args=["crm", "sync"])
    assert result.exit_code == 1 and "HUBSPOT_ACCESS_TOKEN is not set" in result.output and "2 waiting" in result.output
    with FakeHubSpot() as fake:
        app.config.update(HUBSPOT_ACCESS_TOKEN=fake.token, HUBSPOT_API_BASE=fake.url)
        hubspot.init_app(app)
        result = runner.invoke(args=["crm", "sync"])
        assert result.exit_code == 0, result.output
        assert "Sent 2" in result.output and len(fake.contacts) == 2
        app.config["HUBSPOT_ACCESS_TOKEN"] = "wrong"
        hubspot.init_app(app)
        factories.qualify(factories.user(email="late@acme-corp.com", consent_contact=True))
        db.session.commit()
        result = runner.invoke(args=["crm", "sync"])
        assert result.exit_code == 1 and "refused the access token" in result.output


def test_score_rows_exist_for_every_synced_lead(app, db, scoring_model):
    user = factories.user(email="dana@acme-corp.com", consent_contact=True)
    factories.qualify(user)
    db.session.commit()
    assert db.session.get(LeadScore, user.id).stage.value == "mql"


def test_two_workers_over_1000_rows_send_no_row_twice(app, db):
    from collections import Counter

    from tests.crm.bulk import seed_qualified

    seed_qualified(1000)
    with FakeHubSpot(rate_limit=10_000) as fake:
        assert run_workers(app, 2, lambda: make_adapter(fake, rate_limit=10_000)) == []
        sent = Counter(fake.upserted)
        assert len(sent) == 1000 and set(sent.values()) == {1}  # each row sent exactly once
        assert len(fake.notes) == 1000 and max(fake.upsert_sizes) <= 100
    assert worker.undelivered() == 0


def test_a_worker_killed_mid_batch_loses_nothing(app, db, database_url, tmp_path):
    """A real `crm worker` process, SIGKILLed while HubSpot is answering its batch."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from tests.crm.bulk import seed_qualified

    seed_qualified(150)
    root = Path(__file__).resolve().parents[2]
    with FakeHubSpot() as fake:
        fake.delay = 0.5  # every answer is slow: the worker will be mid-batch when killed
        env = dict(os.environ, PRIMER_ENV="development", DATABASE_URL=database_url,
                   PRIMER_INSTANCE_PATH=str(tmp_path), HUBSPOT_ACCESS_TOKEN=fake.token, HUBSPOT_API_BASE=fake.url,
                   CRM_LEASE_SECONDS="3")
        proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "crm", "worker"], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while not any("batch/upsert" in p for _, p, _ in fake.log) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert any("batch/upsert" in p for _, p, _ in fake.log), "the worker never reached HubSpot"
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        _db.session.expire_all()
        leased = _db.session.scalar(select(_db.func.count()).select_from(CrmSync).where(CrmSync.claimed_by.is_not(None)))
        assert leased > 0  # it died holding rows
        fake.delay = 0
        time.sleep(3.2)  # the lease runs out
        worker.drain(make_adapter(fake), worker="after-restart")
        assert len(set(fake.upserted)) == 150
    assert worker.undelivered() == 0
