"""Mail on its way: sealed in its table, sent once however often its task runs, found again by the
scan when its enqueue was lost, tried again when the mail server fails, given up on visibly."""
from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from app.core import mailer
from app.core.extensions import db
from app.core.mailer import send_email
from app.core.models import MailStatus, OutgoingMail, TaskRun
from app.core.time import utcnow
from app.core.uow import unit_of_work
from tests.concurrency import run_together

SECRET = "reset-token-that-only-the-mail-may-hold"
MAIL = dict(subject="Choose a new Primer password", template="reset_password", user=None,
            link=f"http://primer.test/reset-password/{SECRET}", minutes=60)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_down(make_app):
    """An app whose broker cannot be reached: what it commits, it cannot enqueue."""
    return make_app(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port()}/0",
                    CELERY={"task_publish_retry": False, "broker_connection_timeout": 1})


@pytest.fixture
def smtp_down(make_app):
    """An app (tasks eager) whose mail server refuses connections."""
    return make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_MAX_ATTEMPTS=2)


def undelivered(app, to: str) -> int:
    """A committed mail whose enqueue was lost (the broker was down at the commit)."""
    with app.app_context():
        with unit_of_work():
            send_email(to, **MAIL)
        return _id_of(to)


def _id_of(to: str) -> int:
    return db.session.scalar(select(OutgoingMail.id).where(OutgoingMail.recipient == to))


def _row(db, mail_id: int) -> OutgoingMail:
    db.session.expire_all()
    return db.session.get(OutgoingMail, mail_id)


def test_the_table_holds_the_message_only_sealed_and_only_until_sent(app, db, outbox):
    with unit_of_work():
        send_email("kim@example.com", **MAIL)
        db.session.flush()
        stored = db.session.execute(text("SELECT * FROM outgoing_mail")).one()
        assert SECRET not in " ".join(str(value) for value in stored)
        assert stored.sealed and stored.recipient == "kim@example.com"
    assert SECRET in outbox[0].body and SECRET in outbox[0].alternatives[0][0]
    assert db.session.execute(text("SELECT sealed FROM outgoing_mail")).scalar() is None


def test_delivering_a_sent_mail_again_sends_nothing(app, db, outbox):
    with unit_of_work():
        send_email("kim@example.com", **MAIL)
    mail_id = _id_of("kim@example.com")
    assert mailer.deliver.apply(args=(mail_id,)).get() == "skipped"
    assert len(outbox) == 1


def test_two_workers_given_the_same_mail_at_once_send_it_once(app, db, outbox, broker_down):
    mail_id = undelivered(broker_down, "kim@example.com")
    assert _row(db, mail_id).status is MailStatus.PENDING and outbox == []
    outcomes = []
    errors = run_together(app, [lambda: outcomes.append(mailer.deliver.apply(args=(mail_id,)).get())] * 2)
    assert errors == [] and sorted(outcomes) == ["sent", "skipped"]
    assert len(outbox) == 1


def test_a_mail_whose_enqueue_was_lost_is_found_by_the_scan(app, db, outbox, broker_down, caplog):
    mail_id = undelivered(broker_down, "kim@example.com")  # committed; the answer stood
    assert "could not enqueue mail.deliver" in caplog.text
    assert mailer.scan.apply().get() == 0  # just asked: its task may still be on its way
    db.session.execute(update(OutgoingMail).values(queued_at=utcnow() - timedelta(minutes=6)))
    db.session.commit()
    assert mailer.scan.apply().get() == 1
    assert [m.to for m in outbox] == [["kim@example.com"]] and _row(db, mail_id).status is MailStatus.SENT
    assert mailer.scan.apply().get() == 0 and len(outbox) == 1


def test_a_failed_send_is_retried_later_then_given_up_on_visibly(app, db, outbox, smtp_down):
    with smtp_down.app_context():
        with unit_of_work():
            send_email("kim@example.com", **MAIL)  # the task runs at the commit and fails
        mail_id = _id_of("kim@example.com")
        mail = _row(db, mail_id)
        assert mail.status is MailStatus.PENDING and mail.attempts == 1 and mail.sealed
        assert "ConnectionRefusedError" in mail.last_error
        assert timedelta(seconds=30) < mail.next_attempt_at - utcnow() <= timedelta(minutes=1)
        assert mailer.scan.apply().get() == 0  # not due yet: no ETA waits on the broker, the scan waits
        db.session.execute(update(OutgoingMail).values(next_attempt_at=utcnow()))
        db.session.commit()
        assert mailer.scan.apply().get() == 1  # the second and last attempt (MAIL_MAX_ATTEMPTS=2)
        mail = _row(db, mail_id)
        assert mail.status is MailStatus.FAILED and mail.attempts == 2 and mail.sealed is None
        assert mailer.scan.apply().get() == 0
    runs = db.session.scalars(select(TaskRun).where(TaskRun.task == "mail.deliver")).all()
    assert [r.ok for r in runs] == [False, False] and "ConnectionRefusedError" in runs[0].error
    assert outbox == []


def test_a_send_a_stopped_worker_left_is_failed_not_sent_twice(app, db, outbox, broker_down):
    mail_id = undelivered(broker_down, "kim@example.com")
    db.session.execute(update(OutgoingMail).values(status=MailStatus.SENDING, claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert mailer.scan.apply().get() == 0
    mail = _row(db, mail_id)
    assert mail.status is MailStatus.FAILED and "never sent twice" in mail.last_error and mail.sealed is None
    assert outbox == []


def test_the_scan_forgets_old_mail(app, db, outbox):
    with unit_of_work():
        send_email("old@example.com", **MAIL)
        send_email("new@example.com", **MAIL)
    db.session.execute(update(OutgoingMail).where(OutgoingMail.recipient == "old@example.com")
                       .values(created_at=utcnow() - timedelta(days=8)))
    db.session.commit()
    mailer.scan.apply()
    assert [m.recipient for m in db.session.scalars(select(OutgoingMail))] == ["new@example.com"]


def test_extra_headers_travel_sealed_and_go_out_on_the_message(app, db, outbox):
    headers = {"List-Unsubscribe": "<http://primer.test/unsubscribe/token-only-the-mail-holds>",
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    with unit_of_work():
        send_email("kim@example.com", **MAIL, headers=headers)
        db.session.flush()
        assert "token-only-the-mail-holds" not in str(db.session.execute(text("SELECT * FROM outgoing_mail")).one())
    mail, = outbox
    assert mail.extra_headers == headers
    assert mail.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with unit_of_work():
        send_email("lee@example.com", **MAIL)
    assert outbox[1].extra_headers == {} and "List-Unsubscribe" not in outbox[1].message()


def test_a_long_subject_is_kept_whole_on_the_message_and_cut_short_in_the_table(app, db, outbox):
    subject = "You are enrolled in " + "A very long course title " * 12
    with unit_of_work():
        send_email("kim@example.com", **{**MAIL, "subject": subject})
    assert outbox[0].subject == subject
    assert db.session.scalar(select(OutgoingMail.subject)) == subject[:200]


def test_mail_held_back_is_not_written(app, db, outbox):
    with unit_of_work(), mailer.held_back():
        send_email("made-up@example.com", **MAIL)
    with unit_of_work():
        send_email("kim@example.com", **MAIL)
    assert [m.to for m in outbox] == [["kim@example.com"]]
    assert db.session.scalar(select(OutgoingMail.recipient)) == "kim@example.com"
