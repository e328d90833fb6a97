"""/admin/background: the admins' view of background work — queues, last runs, failures."""
from __future__ import annotations

import socket

import pytest

from app.core.mailer import send_email
from app.core.uow import unit_of_work
from tests import factories


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def failed_mail(make_app):
    """A mail whose server refused it: its run failed, and it was given up on (one attempt allowed)."""
    broken = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port(), MAIL_MAX_ATTEMPTS=1)
    with broken.app_context():
        with unit_of_work():
            send_email("kim@example.com", "Confirm your Primer address", "reset_password", user=None,
                       link="http://primer.test/reset-password/abc", minutes=60)


def test_the_admin_sees_queues_last_runs_and_a_failure_with_its_error(app, client, db, login_as, failed_mail):
    login_as("admin")
    page = client.get("/admin/background")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Mail not yet handed to the mail server" in html and "CRM outbox" in html
    assert "mail.deliver" in html and "ConnectionRefusedError" in html and 'status-failed">failed' in html
    assert "kim@example.com" in html and "Mail given up on" in html
    assert "reset-password/abc" not in html  # the message itself is gone, not shown
    assert "crm.drain_outbox" in html and "every 30 s" in html and "mail.scan" in html and "never" in html
    assert 'data-chart-type="bar"' in html and "eager" in html


@pytest.mark.parametrize("role", ["learner", "author", "sales"])
def test_other_roles_are_refused(client, db, login_as, role):
    login_as(role)
    assert client.get("/admin/background").status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, db):
    response = client.get("/admin/background")
    assert response.status_code == 302 and response.location.startswith("/login?next=")


def test_the_admin_nav_links_to_it(client, db, login_as):
    login_as("admin")
    assert 'href="/admin/background"' in client.get("/admin/users").get_data(as_text=True)


def test_a_run_that_ended_well_shows_as_ok(app, client, db, login_as, outbox):
    login_as("admin")
    factories.user(email="kim@example.com")
    with unit_of_work():
        send_email("kim@example.com", "Hello", "reset_password", user=None, link="http://x/y", minutes=60)
    html = client.get("/admin/background").get_data(as_text=True)
    assert 'status-ok">ok' in html and "Recent failures" in html and "<p>None.</p>" in html


def test_a_scheduled_task_not_run_for_three_intervals_is_flagged_late(app, client, db, login_as):
    from datetime import timedelta

    from app.core.models import TaskRun
    from app.core.time import utcnow

    login_as("admin")
    db.session.add(TaskRun(task="mail.scan", started_at=utcnow() - timedelta(minutes=4), duration_ms=3, ok=True))
    db.session.add(TaskRun(task="crm.drain_outbox", started_at=utcnow() - timedelta(seconds=20), duration_ms=3, ok=True))
    db.session.commit()
    html = client.get("/admin/background").get_data(as_text=True)
    assert html.count("late: is a worker with beat running?") == 1
    scan_row = html[html.index("<code>mail.scan</code>"):]
    assert scan_row.index("late:") < scan_row.index("</tr>")
