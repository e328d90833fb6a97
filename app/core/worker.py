"""How background work runs: Celery wired the Flask way (the Flask docs' `celery_init_app`), the
runs it records for the admins, its housekeeping, and `flask --app wsgi worker`.

Every task runs inside an app context (FlaskTask) and its own database session; each run is
written to `task_runs` (when, how long, ok or the error) by the task class itself, so the admin
page works whatever the broker. The broker comes from CELERY_BROKER_URL: Redis or RabbitMQ when
several machines run, else a SQLite file under instance/ (kombu's SQLAlchemy transport).
"""
from __future__ import annotations

import os
import time
import traceback
from datetime import timedelta
from pathlib import Path

import click
from celery import Celery, Task
from celery.signals import worker_process_init
from flask import Flask, current_app, has_app_context
from flask.cli import with_appcontext
from sqlalchemy import create_engine, delete, text

from app.core.extensions import db
from app.core.models import TaskDone, TaskRun
from app.core.tasks import SCHEDULE, background_task
from app.core.time import utcnow

# Redis hands a message that was taken but not acknowledged to another worker after this long
# (kombu's default is an hour). Tasks are acknowledged when they end (acks_late) and none runs
# or waits prefetched near this long; Primer puts no ETA or countdown on the broker at all (due
# work is found by scans), so nothing waits there long enough to be handed out twice.
REDIS_VISIBILITY_TIMEOUT = 6 * 3600
QUEUE = "primer"
KEEP_RUNS = timedelta(days=7)
ERROR_CHARS = 4000
# The process that imported this module, and so built the app and its engines: a worker
# process with another pid is a fork of it.
_BUILDER_PID = os.getpid()


def celery_init_app(app: Flask) -> Celery:
    """Bind a Celery app to `app` (as `app.extensions["celery"]`), with its settings."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            # A task called inside a request or a test runs for that app; a worker's, for `app`.
            flask_app = current_app._get_current_object() if has_app_context() else app
            with flask_app.app_context():  # an app context, and a database session, of its own
                if self.name.startswith("celery."):
                    return self.run(*args, **kwargs)
                return _recorded(self.name, lambda: self.run(*args, **kwargs))

    celery = Celery(app.name, task_cls=FlaskTask)
    celery.config_from_object(settings(app))
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def settings(app: Flask) -> dict:
    """Celery's settings from the app's: CELERY_BROKER_URL, CELERY_TASK_ALWAYS_EAGER, and any
    CELERY dict laid over the rest."""
    config = app.config
    url = config["CELERY_BROKER_URL"]
    values = {
        "broker_url": url,
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": 5,
        "task_default_queue": QUEUE,
        "task_ignore_result": True,
        "task_acks_late": True,  # off the broker when done: a worker lost mid-task means a rerun
        "worker_prefetch_multiplier": 1,
        "task_always_eager": config["CELERY_TASK_ALWAYS_EAGER"],
        "timezone": "UTC",
        "enable_utc": True,
        "beat_schedule": {name: {"task": name, "schedule": every, "options": {"expires": every}}
                          for name, every in SCHEDULE.items()},
        "beat_schedule_filename": str(Path(app.instance_path) / "celerybeat-schedule"),
    }
    if url.split("://", 1)[0] in ("redis", "rediss", "sentinel"):
        values["broker_transport_options"] = {"visibility_timeout": REDIS_VISIBILITY_TIMEOUT}
    values.update(config.get("CELERY") or {})
    return values


def is_embedded(url: str) -> bool:
    """The broker is a file on this machine (no server, one worker): beat may run inside it."""
    return url.startswith("sqla+sqlite")


def _recorded(name: str, run):
    started, clock = utcnow(), time.monotonic()
    try:
        result = run()
    except Exception as error:  # Celery logs it, with its traceback
        _record(name, started, clock, error)
        raise
    _record(name, started, clock, None)
    return result


def _record(name: str, started, clock: float, error: Exception | None) -> None:
    """Write the run in a transaction of its own (whatever the task left uncommitted is not kept)."""
    message = "".join(traceback.format_exception_only(error)).strip()[:ERROR_CHARS] if error else None
    try:
        db.session.rollback()
        db.session.add(TaskRun(task=name, started_at=started, ok=error is None, error=message,
                               duration_ms=round((time.monotonic() - clock) * 1000)))
        db.session.commit()
    except Exception:  # the database is what failed: the log has the run
        db.session.rollback()
        current_app.logger.exception("could not record a run of %s", name)




@worker_process_init.connect
def _fresh_connections(**_) -> None:
    """A forked (prefork) worker process must not share its parent's database connections: it
    drops them unclosed (closing would end the parent's sessions). The solo pool sends the same
    signal in the process itself, whose connections are its own: dropping them there would leave
    them open until garbage collection, so it keeps them."""
    if has_app_context() and os.getpid() != _BUILDER_PID:
        db.engine.dispose(close=False)


@background_task("background.housekeeping", every=3600)
def housekeeping() -> None:
    """Forget runs and done-records older than a week, and the embedded broker's delivered
    messages (kombu's SQLAlchemy transport keeps them)."""
    since = utcnow() - KEEP_RUNS
    db.session.execute(delete(TaskRun).where(TaskRun.started_at < since))
    db.session.execute(delete(TaskDone).where(TaskDone.done_at < since))
    db.session.commit()
    url = current_app.config["CELERY_BROKER_URL"]
    if is_embedded(url):
        engine = create_engine(url.removeprefix("sqla+"))
        try:
            with engine.begin() as connection:
                # Taken rows are never read again: an unfinished task goes back as a new row.
                connection.execute(text("DELETE FROM kombu_message WHERE visible = 0"))
        finally:
            engine.dispose()


@click.command("worker", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--beat/--no-beat", default=None,
              help="Also run the scheduler (beat) in this worker. Default: only with the embedded broker.")
@click.option("--beat-only", is_flag=True, help="Run only the scheduler: exactly one, beside any number of workers.")
@click.option("--concurrency", "-c", type=int, default=4, show_default=True, help="Tasks run at once (threads).")
@click.pass_context
@with_appcontext
def worker_command(context: click.Context, beat: bool | None, beat_only: bool, concurrency: int) -> None:
    """Run background work (mail, the CRM outbox, scheduled scans) until stopped. Further options
    go to `celery worker` (e.g. --pool prefork, --queues)."""
    celery = current_app.extensions["celery"]
    if beat_only:
        celery.start(["beat", "--loglevel=INFO", *context.args])
        return
    if beat is None:
        beat = is_embedded(celery.conf.broker_url)
    argv = ["worker", "--loglevel=INFO", "--pool=threads", f"--concurrency={concurrency}", *context.args]
    if beat:
        argv.append("--beat")
    celery.worker_main(argv)
