"""What a sign-up or reset request finishes on a worker: a message delivered twice (the same task
id) makes one account and sends one mail; the sign-up travels sealed."""
from __future__ import annotations

from sqlalchemy import select

from app.accounts import service, tasks
from app.accounts.models import PasswordResetToken, User
from app.accounts.service import Profile
from app.core.models import TaskDone
from tests import factories


def test_a_redelivered_sign_up_makes_one_account_and_sends_one_mail(app, db, outbox):
    pending = service.prepare_sign_up("new@example.com", "mango tango 2026", profile=Profile("Nia", "Ode"),
                                      consent_contact=False)
    args = (tasks.sealed_sign_up(pending), None)
    for _ in range(2):  # the same message, twice (same task id): a redelivery, or two workers
        tasks.finish_sign_up.apply(args=args, task_id="sign-up-message-1")
    assert [u.email for u in db.session.scalars(select(User))] == ["new@example.com"]
    assert [m.subject for m in outbox] == ["Confirm your Primer address"]
    assert db.session.get(TaskDone, "sign-up-message-1").task == "accounts.finish_sign_up"


def test_a_redelivered_reset_request_mails_one_link(app, db, outbox):
    factories.user(email="kim@example.com")
    for _ in range(2):
        tasks.send_reset_link.apply(args=("kim@example.com",), task_id="reset-message-1")
    assert len(outbox) == 1 and len(db.session.scalars(select(PasswordResetToken)).all()) == 1
    tasks.send_reset_link.apply(args=("kim@example.com",), task_id="reset-message-2")
    assert len(outbox) == 2  # another request is another message


def test_the_sealed_sign_up_hides_the_password_hash(app, db):
    pending = service.prepare_sign_up("new@example.com", "mango tango 2026", profile=Profile("Nia", "Ode"),
                                      consent_contact=True)
    sealed = tasks.sealed_sign_up(pending)
    assert pending.password_hash not in sealed and "new@example.com" not in sealed


def test_two_workers_given_the_same_sign_up_at_once_make_one_account(app, db, outbox):
    from tests.concurrency import run_together

    pending = service.prepare_sign_up("new@example.com", "mango tango 2026", profile=Profile("Nia", "Ode"),
                                      consent_contact=False)
    args = (tasks.sealed_sign_up(pending), None)
    errors = run_together(app, [lambda: tasks.finish_sign_up.apply(args=args, task_id="sign-up-message-2", throw=True)] * 2)
    assert errors == []
    assert [u.email for u in db.session.scalars(select(User))] == ["new@example.com"]
    assert [m.subject for m in outbox] == ["Confirm your Primer address"]
