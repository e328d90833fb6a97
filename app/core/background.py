"""What the admins' background page shows: the broker's queue, the work waiting in tables, the
last run of each task, the day's runs and the recent failures. Runs come from `task_runs`, which
the task class writes (core.worker), so all of it works whatever the broker."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from kombu import Connection
from kombu.exceptions import ChannelError
from kombu.utils.url import maybe_sanitize_url
from sqlalchemy import case, func, select

from app.core.extensions import db
from app.core.models import MailStatus, OutgoingMail, TaskRun
from app.core.tasks import BACKLOGS, SCHEDULE
from app.core.time import utcnow
from app.core.worker import is_embedded

FAILURES_SHOWN = 20
LATE_AFTER_INTERVALS = 3  # a scheduled task is "late" once this many of its intervals pass without a run


@dataclass
class Queue:
    broker: str
    name: str
    pending: int | None = None
    note: str | None = None  # why there is no count


@dataclass
class LastRun:
    task: str
    every: float | None
    run: TaskRun | None
    late: bool


@dataclass
class Overview:
    queue: Queue
    backlogs: list[tuple[str, int]]
    last_runs: list[LastRun]
    day: list[tuple[str, int, int]]  # task, runs that ended well, runs that failed (last 24 h)
    failures: list[TaskRun]
    failed_mail: list[OutgoingMail] = field(default_factory=list)


def overview() -> Overview:
    now = utcnow()
    return Overview(queue=queue(), backlogs=[(label, count()) for label, count in sorted(BACKLOGS.items(), key=lambda item: str(item[0]))],
                    last_runs=last_runs(now), day=day(now), failures=failures(), failed_mail=failed_mail())


def queue() -> Queue:
    """The broker's queue and how many messages wait in it (asked of the broker, briefly)."""
    celery = current_app.extensions["celery"]
    url, name = celery.conf.broker_url, celery.conf.task_default_queue
    shown = Queue(broker=_safe_url(url), name=name)
    if celery.conf.task_always_eager:
        shown.note = _("Tasks run inside the process that asks for them (eager), as in the tests.")
        return shown
    try:
        with Connection(url, connect_timeout=2, transport_options=celery.conf.broker_transport_options) as broker:
            broker.ensure_connection(max_retries=1)
            try:
                shown.pending = broker.default_channel.queue_declare(queue=name, passive=True).message_count
            except ChannelError:  # no such queue yet: nothing was ever sent to it
                shown.pending = 0
    except Exception as error:  # the page still shows what the database knows
        answer = f"{type(error).__name__}: {error}"
        shown.note = _("The broker did not answer: %(error)s", error=answer)
    return shown


def _safe_url(url: str) -> str:
    if is_embedded(url):
        return f"embedded: {url.removeprefix('sqla+')}"
    return maybe_sanitize_url(url)  # without the password


def last_runs(now: datetime) -> list[LastRun]:
    latest = select(func.max(TaskRun.id)).group_by(TaskRun.task).scalar_subquery()
    runs = {run.task: run for run in db.session.scalars(select(TaskRun).where(TaskRun.id.in_(latest)))}
    shown = []
    for task in sorted(set(runs) | set(SCHEDULE)):
        run, every = runs.get(task), SCHEDULE.get(task)
        # Not yet run is not late: beat's first run of a task comes one interval after it starts.
        late = every is not None and run is not None and run.started_at < now - timedelta(seconds=every * LATE_AFTER_INTERVALS)
        shown.append(LastRun(task, every, run, late))
    return shown


def day(now: datetime) -> list[tuple[str, int, int]]:
    rows = db.session.execute(
        select(TaskRun.task, func.sum(case((TaskRun.ok, 1), else_=0)), func.sum(case((TaskRun.ok, 0), else_=1)))
        .where(TaskRun.started_at >= now - timedelta(days=1)).group_by(TaskRun.task).order_by(TaskRun.task))
    return [(task, int(ok), int(failed)) for task, ok, failed in rows]


def failures() -> list[TaskRun]:
    return list(db.session.scalars(select(TaskRun).where(TaskRun.ok.is_(False))
                                   .order_by(TaskRun.started_at.desc(), TaskRun.id.desc()).limit(FAILURES_SHOWN)))


def failed_mail() -> list[OutgoingMail]:
    return list(db.session.scalars(select(OutgoingMail).where(OutgoingMail.status == MailStatus.FAILED)
                                   .order_by(OutgoingMail.id.desc()).limit(FAILURES_SHOWN)))
