"""How background work runs: each run recorded, Celery's settings (beat's schedule, Redis'
visibility timeout), housekeeping, and `flask --app wsgi worker`."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import create_engine, select, text

from app.core import mailer, worker
from app.core.mailer import send_email
from app.core.models import TaskDone, TaskRun
from app.core.tasks import enqueue_after_commit
from app.core.time import utcnow
from app.core.uow import unit_of_work

MAIL = dict(subject="Hello", template="reset_password", user=None, link="http://primer.test/reset-password/abc",
            minutes=60)


def test_every_task_run_is_recorded_with_its_outcome(app, db, outbox):
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


def test_redis_gets_a_visibility_timeout_longer_than_an_hour(make_app, tmp_path):
    redis = make_app(CELERY_BROKER_URL="redis://127.0.0.1:6379/0").extensions["celery"].conf
    assert redis.broker_transport_options["visibility_timeout"] > 3600 and redis.task_acks_late
    embedded = make_app(CELERY_BROKER_URL=f"sqla+sqlite:///{tmp_path / 'b.sqlite3'}").extensions["celery"].conf
    assert not embedded.broker_transport_options  # the SQLAlchemy transport would hand it to create_engine


def test_the_worker_command_exists(app):
    result = app.test_cli_runner().invoke(args=["worker", "--help"])
    assert result.exit_code == 0, result.output
    assert "--beat-only" in result.output and "--no-beat" in result.output and "--concurrency" in result.output


def test_housekeeping_forgets_last_weeks_runs_and_the_embedded_brokers_delivered_messages(app, db, make_app, tmp_path):
    old, recent = utcnow() - timedelta(days=8), utcnow() - timedelta(days=6)
    db.session.add_all([TaskRun(task="mail.scan", started_at=old, duration_ms=1, ok=True),
                        TaskRun(task="mail.scan", started_at=recent, duration_ms=1, ok=True),
                        TaskDone(key="old", task="x", done_at=old), TaskDone(key="recent", task="x", done_at=recent)])
    db.session.commit()
    url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    embedded = make_app(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=url)
    with embedded.app_context():
        with unit_of_work():  # two messages wait on the broker; one is then taken by a worker
            enqueue_after_commit(mailer.deliver, 1)
            enqueue_after_commit(mailer.deliver, 2)
        broker = create_engine(url.removeprefix("sqla+"))
        with broker.begin() as connection:
            connection.execute(text("UPDATE kombu_message SET visible = 0 WHERE id = (SELECT min(id) FROM kombu_message)"))
        worker.housekeeping.apply(throw=True)
        with broker.connect() as connection:
            assert connection.execute(text("SELECT visible FROM kombu_message")).scalars().all() == [1]
        broker.dispose()
    db.session.expire_all()
    assert [r.started_at for r in db.session.scalars(select(TaskRun).where(TaskRun.task == "mail.scan"))] == [recent]
    assert [d.key for d in db.session.scalars(select(TaskDone))] == ["recent"]


def test_only_a_forked_worker_process_forgets_its_parents_database_connections(app, db, monkeypatch):
    pool = db.engine.pool
    worker._fresh_connections()  # a worker started in this process (a test's, in a thread)
    assert db.engine.pool is pool  # its connections are kept, and closed when the app is done
    monkeypatch.setattr(worker, "_STARTED_IN", -1)  # as in a process forked from the one that started
    worker._fresh_connections()
    assert db.engine.pool is not pool
    pool.dispose()  # what a forked process leaves to its parent: here, this process closes them
