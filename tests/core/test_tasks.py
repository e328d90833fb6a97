"""Background tasks reach a worker only after their transaction commits, and never after a rollback
(the tests run tasks eagerly, in the process, but still from the commit); first_run outside a task."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import User
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


def test_first_run_outside_a_task_always_runs(app, db):
    with unit_of_work():
        assert first_run() and first_run()
    assert db.session.scalars(select(TaskDone)).all() == []


def test_a_task_argument_json_cannot_carry_is_refused_when_asked(app, db):
    from app.core import mailer
    from app.core.tasks import enqueue_after_commit

    with pytest.raises(TypeError):
        with unit_of_work():
            enqueue_after_commit(mailer.deliver, object())
