"""Sales hears of new sales-qualified leads by email: each person who asked, at once or in one
digest a day; each lead once ever (a rescore that moves stages alerts nobody again); with the
score, the top reasons and the lead's link; in the reader's language; never for a rollback."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.accounts import notifications
from app.accounts.models import SalesAlerts
from app.core.time import utcnow
from app.core.uow import unit_of_work
from app.scoring import alerts, service
from app.scoring.models import LeadAlert, LeadStage, SalesDigest
from tests import factories
from tests.concurrency import run_together
from tests.mails import czech, html, link, sent_to  # noqa: F401  (czech: a fixture)
from tests.scoring.conftest import MODEL


def wants(person, how: SalesAlerts, *, since: datetime | None = None):
    with unit_of_work():
        notifications.save_settings(person, course_tips=True, sales_alerts=how)
        if since is not None:
            notifications.settings_of(person).sales_alerts_since = since
    return person


def qualified(**fields):
    """A learner made sales-qualified in a transaction of its own."""
    person = factories.user(**fields)
    with unit_of_work():
        factories.qualify(person, to="sql")
    return person


def alert_mails(outbox) -> list:
    return [m for m in outbox if "sales-qualified" in m.subject]


def rescore(app, model: dict) -> None:
    with unit_of_work():
        service.save_model(model)
    result = app.test_cli_runner().invoke(args=["scoring", "rescore"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def team(app, db):
    """Who asked for what: two at once (a sales person, an admin), one daily, one nothing; an author
    (who may not ask)."""
    return {"now": wants(factories.user("sales", email="ines@primer.example", first_name="Ines"), SalesAlerts.IMMEDIATE),
            "admin": wants(factories.user("admin", email="ada@primer.example"), SalesAlerts.IMMEDIATE),
            "daily": wants(factories.user("sales", email="dan@primer.example"), SalesAlerts.DAILY),
            "off": factories.user("sales", email="otto@primer.example"),
            "author": factories.user("author", email="aki@primer.example")}


def test_a_new_sales_qualified_lead_is_mailed_at_once_to_who_asked(app, browser, db, outbox, scoring_model, team):
    lead = qualified(email="dana@acme.example", first_name="Dana", last_name="Adams", company="Acme",
                     job_title="VP Sales")
    assert sorted(m.to[0] for m in alert_mails(outbox)) == ["ada@primer.example", "ines@primer.example"]
    mail, = sent_to(outbox, "ines@primer.example")
    assert mail.subject == "New sales-qualified lead: Dana Adams"
    assert "Hello Ines," in mail.body and "VP Sales, Acme" in mail.body
    score = db.session.get(service.LeadScore, lead.id).total
    assert f"Score {round(score)}" in mail.body
    assert "Top reasons: Bought a course (+50); Read about pricing (+40); Decision maker (+20)" in mail.body
    assert link(mail, "/sales/leads/") == f"/sales/leads/{lead.id}"
    assert f'<a href="http://primer.test/sales/leads/{lead.id}"' in html(mail)
    unsubscribe = link(mail, "/unsubscribe/")
    assert mail.extra_headers == {"List-Unsubscribe": f"<http://primer.test{unsubscribe}>",
                                  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    factories.sign_in(browser.client, team["now"])
    assert browser.get(f"/sales/leads/{lead.id}").status_code == 200  # the link opens the lead


def test_a_lead_is_announced_once_however_its_stage_moves_later(app, db, outbox, scoring_model, team):
    lead = qualified()
    assert len(alert_mails(outbox)) == 2
    rescore(app, {**MODEL, "thresholds": {"mql": 40, "sql": 500}})  # every lead falls back to mql …
    assert db.session.get(service.LeadScore, lead.id).stage is LeadStage.MQL
    rescore(app, MODEL)  # … and qualifies again
    db.session.expire_all()
    assert db.session.get(service.LeadScore, lead.id).stage is LeadStage.SQL
    with unit_of_work():
        factories.qualify(lead, to="sql")  # more live events on top
    assert len(alert_mails(outbox)) == 2
    assert db.session.scalar(select(func.count()).select_from(LeadAlert)) == 1


def test_leads_a_rescore_qualifies_together_come_in_one_mail(app, db, outbox, scoring_model, team):
    first = factories.user(first_name="Ana", last_name="Ek")
    second = factories.user(first_name="Bo", last_name="Li")
    with unit_of_work():
        for person in (first, second):
            factories.qualify(person, to="mql")
    assert alert_mails(outbox) == []
    rescore(app, {**MODEL, "thresholds": {"mql": 10, "sql": 40}})
    mail, = sent_to(outbox, "ines@primer.example")
    assert mail.subject == "2 new sales-qualified leads"
    assert f"/sales/leads/{first.id}" in mail.body and f"/sales/leads/{second.id}" in mail.body


def test_no_alert_for_a_qualification_that_rolls_back(app, db, outbox, scoring_model, team):
    person = factories.user()
    with pytest.raises(RuntimeError), unit_of_work():
        factories.qualify(person, to="sql")
        raise RuntimeError("the request failed after scoring")
    assert alert_mails(outbox) == [] and db.session.get(LeadAlert, person.id) is None
    with unit_of_work():
        factories.qualify(person, to="sql")
    assert len(alert_mails(outbox)) == 2


def test_who_stopped_or_cannot_read_mail_gets_no_alert(app, browser, db, outbox, scoring_model, team):
    browser.client.post(link(_first_alert(outbox, team), "/unsubscribe/"))  # one click, no login
    team["admin"].deactivated_at = utcnow()
    db.session.commit()
    qualified()
    assert len(alert_mails(outbox)) == 2  # the two of the first lead, nothing for the second


def _first_alert(outbox, team):
    qualified()
    mail, = sent_to(outbox, team["now"].email)
    return mail


def test_the_daily_digest_lists_the_days_new_leads_once_a_day(app, db, outbox, scoring_model, team):
    app.config["SALES_DIGEST_HOUR"] = 0  # due whenever the test runs
    first, second = qualified(first_name="Ana", last_name="Ek"), qualified(first_name="Bo", last_name="Li")
    outbox.clear()
    assert alerts.send_digests.apply().get() == 1
    assert alerts.send_digests.apply().get() == 0  # a second run the same day
    mail, = outbox
    assert mail.to == ["dan@primer.example"] and mail.subject == "Your daily digest: 2 new sales-qualified leads"
    assert "Ana Ek" in mail.body and "Bo Li" in mail.body and mail.body.index("Bo Li") < mail.body.index("Ana Ek")
    assert f"/sales/leads/{first.id}" in mail.body and f"/sales/leads/{second.id}" in html(mail)
    assert "List-Unsubscribe" in mail.extra_headers
    assert db.session.scalar(select(SalesDigest.leads)) == 2

    tomorrow = utcnow() + timedelta(days=1)
    with unit_of_work():
        assert alerts.digests_due(tomorrow) == 0  # nothing new: recorded, not mailed
    third = qualified(first_name="Cy", last_name="Mo")
    db.session.query(LeadAlert).filter_by(user_id=third.id).update({"qualified_at": tomorrow + timedelta(hours=1)})
    db.session.commit()
    with unit_of_work():
        assert alerts.digests_due(tomorrow + timedelta(days=1)) == 1
    digest = outbox[-1]
    assert "Cy Mo" in digest.body and "Ana Ek" not in digest.body and f"/sales/leads/{third.id}" in digest.body


def test_two_workers_at_once_write_one_digest(app, db, outbox, scoring_model, team):
    app.config["SALES_DIGEST_HOUR"] = 0
    qualified()
    outbox.clear()
    mailed = []
    errors = run_together(app, [lambda: mailed.append(alerts.digests_due(utcnow()))] * 2)
    assert errors == [] and sorted(mailed) == [0, 1]
    assert [m.to for m in outbox] == [["dan@primer.example"]]


def test_a_digest_waits_for_the_readers_hour_in_their_time_zone(app, db, outbox, scoring_model, team):
    app.config["SALES_DIGEST_HOUR"] = 8
    reader = team["daily"]
    reader.time_zone = "Asia/Tokyo"  # UTC+9
    db.session.commit()
    wants(reader, SalesAlerts.DAILY, since=datetime(2030, 12, 1, tzinfo=timezone.utc))
    qualified()
    db.session.query(LeadAlert).update({"qualified_at": datetime(2030, 12, 31, 12, tzinfo=timezone.utc)})
    db.session.commit()
    outbox.clear()
    with unit_of_work():
        assert alerts.digests_due(datetime(2030, 12, 31, 22, 59, tzinfo=timezone.utc)) == 0  # 7:59 in Tokyo
        assert alerts.digests_due(datetime(2030, 12, 31, 23, 0, tzinfo=timezone.utc)) == 1  # 8:00
    assert db.session.scalar(select(SalesDigest.day)).isoformat() == "2031-01-01"  # Tokyo's day
    assert len(outbox) == 1


def test_alerts_are_written_in_the_readers_language(app, db, outbox, scoring_model, team, czech):
    czech({"New sales-qualified lead: %(name)s": "Nový obchodně kvalifikovaný lead: %(name)s",
           "Top reasons:": "Hlavní důvody:"})
    team["now"].locale = "cs"
    db.session.commit()
    qualified(first_name="Dana", last_name="Adams")
    mail, = sent_to(outbox, "ines@primer.example")
    english, = sent_to(outbox, "ada@primer.example")
    assert mail.subject == "Nový obchodně kvalifikovaný lead: Dana Adams" and "Hlavní důvody:" in mail.body
    assert english.subject == "New sales-qualified lead: Dana Adams"
