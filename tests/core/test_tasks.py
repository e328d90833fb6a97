"""Background tasks reach a worker only after their transaction commits, and never after a rollback
(the tests run tasks eagerly, in the process, but still from the commit); a message delivered
twice does its work once; the worker command and beat's schedule."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts import tasks as accounts_tasks
from app.accounts.models import PasswordResetToken, User
from app.core.mailer import send_email
from app.core.models import OutgoingMail, TaskDone, TaskRun
from app.core.tasks import first_run
from app.core.uow import in_unit_of_work, unit_of_work
from tests import factories

MAIL = dict(subject="Hello", template="reset_password", user=None, link="http://primer.test/reset-password/abc",
            minutes=60)


class Refused(Exception):
    pass


def _mails(db) -> list[OutgoingMail]:
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def test_a_committed_unit_of_work_sends_its_mail_once_and_only_after_the_commit(app, db, outbox):
    with unit_of_work():
        factories.user(email="kim@example.com", commit=False)
        send_email("kim@example.com", **MAIL)
        assert outbox == []  # asked, not sent: the transaction may still roll back
    assert [m.to for m in outbox] == [["kim@example.com"]]
    [mail] = _mails(db)
    assert mail.status.value == "sent" and mail.attempts == 1 and mail.sealed is None


def test_a_rolled_back_unit_of_work_sends_nothing(app, db, outbox):
    with unit_of_work(Refused) as work:
        factories.user(email="kim@example.com", commit=False)
        send_email("kim@example.com", **MAIL)
        raise Refused("no")
    assert not work.ok
    assert outbox == [] and _mails(db) == []
    assert db.session.scalars(select(TaskRun)).all() == []  # no task even started


def test_a_released_savepoint_waits_for_the_outer_commit_and_a_rolled_back_one_drops_its_mail(app, db, outbox):
    with unit_of_work():
        with db.session.begin_nested():
            send_email("kept@example.com", **MAIL)
        assert outbox == []  # releasing a SAVEPOINT is not the commit
        with pytest.raises(Refused):
            with db.session.begin_nested():
                send_email("dropped@example.com", **MAIL)
                raise Refused("undo this part")
    assert [m.to for m in outbox] == [["kept@example.com"]]
    assert [m.recipient for m in _mails(db)] == ["kept@example.com"]
    assert [run.task for run in db.session.scalars(select(TaskRun))] == ["mail.deliver"]


def test_outside_a_unit_of_work_with_nothing_written_the_mail_commits_on_its_own(app, db, outbox):
    factories.user(email="kim@example.com")
    person = db.session.scalar(select(User))  # a read: a transaction is open, nothing written
    send_email(person.email, **MAIL)
    assert [m.to for m in outbox] == [["kim@example.com"]]
    assert not db.session().in_transaction()


def test_outside_a_unit_of_work_after_a_write_the_mail_waits_for_that_commit(app, db, outbox):
    factories.user(email="kim@example.com", commit=False)
    send_email("kim@example.com", **MAIL)
    assert outbox == []
    db.session.rollback()
    assert outbox == [] and _mails(db) == []
    factories.user(email="kim@example.com", commit=False)
    send_email("kim@example.com", **MAIL)
    db.session.commit()
    assert len(outbox) == 1


def test_the_unit_of_work_says_when_it_is_open(app, db):
    assert not in_unit_of_work(db.session())
    with unit_of_work():
        with unit_of_work():
            assert in_unit_of_work(db.session())
        assert in_unit_of_work(db.session())
    assert not in_unit_of_work(db.session())


def test_a_redelivered_sign_up_makes_one_account_and_sends_one_mail(app, db, outbox):
    from app.accounts import service
    from app.accounts.service import Profile

    pending = service.prepare_sign_up("new@example.com", "mango tango 2026", profile=Profile("Nia", "Ode"),
                                      consent_contact=False)
    args = (accounts_tasks.sealed_sign_up(pending), None)
    for _ in range(2):  # the same message, twice (same task id): a redelivery, or two workers
        accounts_tasks.finish_sign_up.apply(args=args, task_id="sign-up-message-1")
    assert [u.email for u in db.session.scalars(select(User))] == ["new@example.com"]
    assert [m.subject for m in outbox] == ["Confirm your Primer address"]
    assert db.session.get(TaskDone, "sign-up-message-1").task == "accounts.finish_sign_up"


def test_a_redelivered_reset_request_mails_one_link(app, db, outbox):
    factories.user(email="kim@example.com")
    for _ in range(2):
        accounts_tasks.send_reset_link.apply(args=("kim@example.com",), task_id="reset-message-1")
    assert len(outbox) == 1 and len(db.session.scalars(select(PasswordResetToken)).all()) == 1
    accounts_tasks.send_reset_link.apply(args=("kim@example.com",), task_id="reset-message-2")
    assert len(outbox) == 2  # another request is another message


def test_first_run_outside_a_task_always_runs(app, db):
    with unit_of_work():
        assert first_run() and first_run()
    assert db.session.scalars(select(TaskDone)).all() == []


def test_the_sealed_sign_up_hides_the_password_hash(app, db):
    from app.accounts import service
    from app.accounts.service import Profile

    pending = service.prepare_sign_up("new@example.com", "mango tango 2026", profile=Profile("Nia", "Ode"),
                                      consent_contact=True)
    sealed = accounts_tasks.sealed_sign_up(pending)
    assert pending.password_hash not in sealed and "new@example.com" not in sealed


def test_every_task_run_is_recorded_with_its_outcome(app, db, outbox):
    from app.core import mailer

    with unit_of_work():
        send_email("kim@example.com", **MAIL)
    assert mailer.deliver.apply(args=(10**9,)).get() == "skipped"  # no such mail: nothing to do
    runs = db.session.scalars(select(TaskRun).order_by(TaskRun.id)).all()
    assert [(r.task, r.ok, r.error) for r in runs] == [("mail.deliver", True, None)] * 2
    assert all(r.duration_ms >= 0 for r in runs)


def test_beat_drains_the_crm_outbox_and_scans_for_mail(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["crm.drain_outbox"]["schedule"] == 30 and schedule["mail.scan"]["schedule"] == 60
    assert all(entry["options"]["expires"] == entry["schedule"] for entry in schedule.values())


def test_redis_gets_a_visibility_timeout_longer_than_an_hour(make_app):
    redis = make_app(CELERY_BROKER_URL="redis://127.0.0.1:6379/0").extensions["celery"].conf
    assert redis.broker_transport_options["visibility_timeout"] > 3600 and redis.task_acks_late
    embedded = make_app(CELERY_BROKER_URL="sqla+sqlite:////tmp/x.sqlite3").extensions["celery"].conf
    assert not embedded.broker_transport_options  # the SQLAlchemy transport would hand it to create_engine


def test_the_worker_command_exists(app):
    result = app.test_cli_runner().invoke(args=["worker", "--help"])
    assert result.exit_code == 0, result.output
    assert "--beat-only" in result.output and "--no-beat" in result.output and "--concurrency" in result.output
