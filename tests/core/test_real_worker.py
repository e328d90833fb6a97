"""A real Celery worker (celery.contrib.testing's, in a thread) delivers a committed mail end to end:
on Redis (127.0.0.1:6379, its own database number and a queue of its own per test, so parallel
runs never meet) and on the embedded broker that needs no server (a SQLite file)."""
from __future__ import annotations

import time
import uuid

import pytest
import redis
from celery._state import _set_task_join_will_block
from celery.contrib.testing.worker import start_worker
from sqlalchemy import select

from app.core import background, mailer
from app.core.mailer import send_email
from app.core.models import MailStatus, OutgoingMail, TaskRun
from app.core.tasks import enqueue_after_commit
from app.core.uow import unit_of_work

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/13"
MAIL = dict(subject="Choose a new Primer password", template="reset_password", user=None,
            link="http://primer.test/reset-password/abc", minutes=60)


def _redis_reachable() -> bool:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False
    return True


@pytest.fixture(params=["redis", "embedded"])
def broker_app(request, make_app, tmp_path):
    """An app whose tasks go through a real broker, on a queue no other test run uses."""
    if request.param == "redis":
        if not _redis_reachable():
            pytest.skip("Redis is not reachable at 127.0.0.1:6379 (start it to test the Redis broker)")
        url = REDIS_URL
    else:
        url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    queue = f"primer-test-{uuid.uuid4().hex}"
    app = make_app(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=url, CELERY={"task_default_queue": queue})
    app.extensions["mailman"].outbox = []
    yield app
    # A worker's pool marks the whole process as "inside a task" (result.get() then refuses to
    # block) and may do so after start_worker has cleared it: clear it again for the next tests.
    _set_task_join_will_block(False)
    if request.param == "redis":
        client = redis.Redis.from_url(REDIS_URL)
        client.delete(queue, *client.keys(f"*{queue}*"))


def _wait_for(check, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("the worker did not get there in time")


def _status(db, to: str):
    db.session.rollback()  # a fresh look at what the worker committed
    return db.session.scalar(select(OutgoingMail.status).where(OutgoingMail.recipient == to))


def _runs(db) -> list[TaskRun]:
    db.session.rollback()
    return db.session.scalars(select(TaskRun).where(TaskRun.task == "mail.deliver")).all()


def test_a_real_worker_delivers_a_committed_mail_once(app, db, broker_app):
    celery = broker_app.extensions["celery"]
    with broker_app.app_context(), start_worker(celery, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        with unit_of_work():
            send_email("kim@example.com", **MAIL)
        assert _wait_for(lambda: _status(db, "kim@example.com") is MailStatus.SENT)
        mail_id = db.session.scalar(select(OutgoingMail.id))
        with unit_of_work():  # the same delivery again, as a redelivered message would ask
            enqueue_after_commit(mailer.deliver, mail_id)
        _wait_for(lambda: len(_runs(db)) == 2)
    [message] = broker_app.extensions["mailman"].outbox
    assert message.to == ["kim@example.com"] and "/reset-password/abc" in message.body
    assert [run.ok for run in _runs(db)] == [True, True]


def test_the_admin_view_counts_what_waits_on_the_broker(app, db, broker_app):
    with broker_app.app_context():
        assert background.queue().pending == 0
        with unit_of_work():
            enqueue_after_commit(mailer.deliver, 10**9)
            enqueue_after_commit(mailer.deliver, 10**9 + 1)
        shown = background.queue()
        assert shown.pending == 2 and shown.note is None and "password" not in shown.broker
        broker_app.extensions["celery"].control.purge()
