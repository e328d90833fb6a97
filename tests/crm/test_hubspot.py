"""The adapter, through the real hubspot-api-client, against the loopback fake."""
from datetime import datetime, timezone

import pytest

from app.crm import hubspot
from app.crm.contacts import Lead, Reason
from app.crm.errors import CrmAuthError, CrmUnavailable
from app.crm.hubspot import PROPERTIES
from app.scoring.models import LeadStage
from tests.crm.conftest import make_adapter
from tests.fakes.hubspot import FakeHubSpot


def update(email, stage="mql", note=None):
    return Lead(email=email, first_name="Ada", last_name="L", company="Acme", job_title="VP", stage=LeadStage(stage),
                score=72, fit=20, topics=["pricing", "security"], courses_completed=[],
                reasons=[Reason("Read about pricing", 40, 1)],
                last_activity_at=datetime(2026, 11, 30, 10, tzinfo=timezone.utc), note=note)


def test_a_lead_becomes_primers_contact_properties(fake_hubspot, adapter):
    lead = update("a@acme.com", stage="sql")
    lead.courses_completed, lead.reasons = ["Basics", "Advanced"], [Reason("Read about pricing", 40, 2),
                                                                   Reason("Student", -5.5, 1)]
    adapter.push([lead])
    expected = {
        "email": "a@acme.com", "firstname": "Ada", "lastname": "L", "company": "Acme", "jobtitle": "VP",
        "primer_score": "72", "primer_fit": "20", "primer_stage": "sql", "primer_topics": "pricing;security",
        "primer_courses_completed": "Basics;Advanced",
        "primer_score_reasons": "Read about pricing +40 (2×); Student -5.5",
        "primer_last_activity": "2026-11-30T10:00:00.000Z", "lifecyclestage": "salesqualifiedlead"}
    sent = fake_hubspot.contacts["a@acme.com"]["properties"]
    assert {name: sent.get(name) for name in expected} == expected


def test_properties_are_created_once(fake_hubspot, adapter):
    adapter.ensure_properties()
    assert "primer" in fake_hubspot.groups
    assert {name for name, *_ in PROPERTIES} <= set(fake_hubspot.properties)
    assert fake_hubspot.properties["primer_stage"]["options"] == ["lead", "mql", "sql"]
    calls = len(fake_hubspot.log)
    adapter.ensure_properties()
    assert len(fake_hubspot.log) == calls  # remembered
    make_adapter(fake_hubspot).ensure_properties()  # a new worker finds them and creates nothing
    assert [s for m, p, s in fake_hubspot.log if m == "POST" and "properties" in p and s == 409] == []


def test_push_upserts_by_email_raises_lifecycle_and_adds_notes(fake_hubspot, adapter):
    outcomes = adapter.push([update("a@acme.com", note="<p>why</p>"), update("b@acme.com", stage="sql")])
    assert all(o.hubspot_id and not o.rejected for o in outcomes)
    a = fake_hubspot.contacts["a@acme.com"]["properties"]
    assert a["lifecyclestage"] == "marketingqualifiedlead" and a["primer_stage"] == "mql" and a["jobtitle"] == "VP"
    assert fake_hubspot.contacts["b@acme.com"]["properties"]["lifecyclestage"] == "salesqualifiedlead"
    assert [n["body"] for n in fake_hubspot.notes_for("a@acme.com")] == ["<p>why</p>"]
    assert fake_hubspot.notes_for("b@acme.com") == []
    assert fake_hubspot.validation_errors == []


def test_lifecycle_is_never_lowered_and_customers_are_flagged(fake_hubspot, adapter):
    fake_hubspot.add_contact("sql@acme.com", lifecyclestage="salesqualifiedlead")
    fake_hubspot.add_contact("cust@acme.com", lifecyclestage="customer")
    outcomes = {o.email: o for o in adapter.push([update("sql@acme.com"), update("cust@acme.com", stage="sql")])}
    assert fake_hubspot.contacts["sql@acme.com"]["properties"]["lifecyclestage"] == "salesqualifiedlead"
    assert fake_hubspot.contacts["cust@acme.com"]["properties"]["lifecyclestage"] == "customer"
    assert outcomes["cust@acme.com"].existing_customer and not outcomes["sql@acme.com"].existing_customer
    assert fake_hubspot.lifecycle_lowered == []


def test_batches_hold_at_most_100(fake_hubspot, adapter):
    adapter.push([update(f"p{i}@acme.com") for i in range(250)])
    assert fake_hubspot.upsert_sizes == [100, 100, 50]
    assert len(fake_hubspot.contacts) == 250


def test_a_refused_record_is_isolated_and_the_rest_go_through(fake_hubspot, adapter):
    fake_hubspot.reject_emails = {"p7@acme.com", "p30@acme.com"}
    outcomes = {o.email: o for o in adapter.push([update(f"p{i}@acme.com") for i in range(40)])}
    assert {e for e, o in outcomes.items() if o.rejected} == {"p7@acme.com", "p30@acme.com"}
    assert "blocked" in outcomes["p7@acme.com"].rejected
    assert len(fake_hubspot.contacts) == 38


def test_a_400_batch_is_split_until_the_bad_record_stands_alone(fake_hubspot, adapter, monkeypatch):
    def one_bad(lead):  # p5's score goes out as no number: HubSpot refuses the whole call
        return dict(properties(lead), primer_score="lots") if lead.email == "p5@acme.com" else properties(lead)

    properties = hubspot._properties
    monkeypatch.setattr(hubspot, "_properties", one_bad)
    batch = [update(f"p{i}@acme.com") for i in range(16)]
    outcomes = {o.email: o for o in adapter.push(batch)}
    assert outcomes["p5@acme.com"].rejected and "not a valid number" in outcomes["p5@acme.com"].rejected
    assert len(fake_hubspot.contacts) == 15
    assert len([s for s in fake_hubspot.upsert_sizes]) <= 1 + 2 * 4  # log2(16) levels of halving


def test_a_wrong_token_is_one_clear_error(fake_hubspot):
    with pytest.raises(CrmAuthError, match="HUBSPOT_ACCESS_TOKEN"):
        make_adapter(fake_hubspot, token="wrong").push([update("a@acme.com")])
    assert fake_hubspot.contacts == {}


def test_faults_are_retried_until_they_pass():
    with FakeHubSpot(fault_rate=0.5, seed=3) as fake:
        outcomes = make_adapter(fake, tries=30).push([update(f"p{i}@acme.com", note="n") for i in range(120)])
        assert all(o.hubspot_id for o in outcomes)
        assert len(fake.contacts) == 120 and len(fake.notes) == 120
        statuses = {s for _, _, s in fake.log}
        assert {0, 500, 502, 429} <= statuses  # every kind of fault was met


def test_giving_up_for_now_is_retryable():
    with FakeHubSpot(fault_rate=1.0, faults=("502",)) as fake:
        with pytest.raises(CrmUnavailable, match="did not answer after 3 tries"):
            make_adapter(fake, tries=3).push([update("a@acme.com")])


def test_429_waits_for_retry_after_or_the_interval(fake_hubspot):
    waits = []

    def sleep(seconds):  # instead of waiting 10 s, let the fake's window pass
        waits.append(seconds)
        fake_hubspot.rate_limit = 100

    adapter = make_adapter(fake_hubspot)
    adapter._retrying.sleep = sleep
    fake_hubspot.rate_limit = 2  # the fake's own window: the third call in 10 s gets a 429
    adapter.push([update("a@acme.com")])
    assert waits == [10.0]  # X-HubSpot-RateLimit-Interval-Milliseconds: 10000 with Remaining: 0
    assert fake_hubspot.contacts["a@acme.com"]


def test_the_adapter_keeps_under_the_rate_limit_on_its_own():
    import time

    from app.crm.hubspot import HubSpotAdapter, Retrying

    with FakeHubSpot(rate_limit=10) as fake:
        adapter = HubSpotAdapter(fake.token, fake.url, rate_limit=10, retrying=Retrying(tries=3))
        start = time.monotonic()
        for i in range(3):  # 10 property calls first, then a read and an upsert per push: 16 requests
            adapter.push([update(f"p{i}@acme.com")])
        assert fake.rate_limited == 0 and len(fake.contacts) == 3
        assert time.monotonic() - start >= 9  # it waited for the 10-second window instead of hitting 429


def test_the_adapter_is_bound_once_for_the_apps_own_settings(app, make_app, fake_hubspot):
    assert hubspot.current() is None  # the test settings name no token
    other = make_app(HUBSPOT_ACCESS_TOKEN=fake_hubspot.token, HUBSPOT_API_BASE=fake_hubspot.url)
    with other.app_context():
        bound = hubspot.current()
        assert bound is hubspot.current()  # the same one every time: made at start, not per use
        bound.push([update("a@acme.com")])
    assert fake_hubspot.contacts["a@acme.com"]["properties"]["primer_stage"] == "mql"
