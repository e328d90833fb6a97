"""Background work as the areas declare and start it (Celery; how it runs is in core.worker).

    @background_task("mail.deliver")
    def deliver(mail_id: int) -> None: ...

    enqueue_after_commit(deliver, mail.id)   # reaches a worker once this transaction commits

A task is enqueued only after the transaction that asked for it commits, and never if it rolls
back: the enqueue waits in the session (`session.info`) and SQLAlchemy's after_commit event
publishes it (that event also fires when a SAVEPOINT is released; those are skipped, and a
rolled-back SAVEPOINT drops what was asked inside it). Outside a unit of work, with nothing
written yet, there is nothing to wait for: it is published at once. Arguments are ids and plain
values (JSON), never ORM objects; secrets travel sealed (core.sealed).

Every task must be safe to run twice — a broker may deliver a message again, and any number of
workers run — so each records in the database what it did: `first_run()` in the transaction that
does the work, or a row of its own that it claims (mail, the CRM outbox).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import current_task, shared_task
from flask import current_app
from kombu.utils import json
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from app.core.extensions import db
from app.core.models import TaskDone
from app.core.uow import in_unit_of_work

log = logging.getLogger(__name__)

# Task name -> seconds between runs, for beat (filled by @background_task(every=…)).
SCHEDULE: dict[str, float] = {}
# What waits in a table for background work, by label -> how many (filled by @backlog; shown on
# the admins' background page beside the broker's queue).
BACKLOGS: dict[Any, Callable[[], int]] = {}  # label (a lazy string: read in the reader's language) → count

_PENDING = "primer.tasks.pending"  # [(the transaction that asked, publish)]
_WROTE = "primer.tasks.wrote"      # this transaction has written something


def background_task(name: str, *, every: float | None = None, **options):
    """Declare a task under a stable `name` (names travel in broker messages, so they outlive a
    module's move). `every`: beat starts it that often, and a start still waiting when the next
    one is due is dropped (`expires`), so a slow worker never piles them up."""

    def declare(function: Callable):
        task = shared_task(name=name, **options)(function)
        if every:
            SCHEDULE[name] = every
        return task

    return declare


def backlog(label):
    """Declare a function counting the work that waits in a table for a task (shown to admins)."""

    def declare(count: Callable[[], int]) -> Callable[[], int]:
        BACKLOGS[label] = count
        return count

    return declare


def enqueue_after_commit(task, *args) -> None:
    """Send `task(*args)` to a worker when the current transaction commits (see the module)."""
    session = db.session()
    if not waits_for_commit(session):
        _publisher(task.name, args, quiet=False)()
        return
    transaction = session.get_nested_transaction() or session.get_transaction() or session.begin()
    session.info.setdefault(_PENDING, []).append((transaction, _publisher(task.name, args, quiet=True)))


def after_response(task, *args) -> None:
    """Run `task(*args)` on a worker, after the answer: work whose cost depends on whose address
    was typed (a sign-up, a reset request) then neither delays the answer nor shows in its
    timing, which is the same for every address."""
    enqueue_after_commit(task, *args)


def waits_for_commit(session: Session) -> bool:
    """Whether work asked for now belongs to a transaction that is still to commit: inside a unit
    of work, or once this transaction has written anything."""
    return (in_unit_of_work(session) or bool(session.new or session.dirty or session.deleted)
            or (session.in_transaction() and session.info.get(_WROTE, False)))


def first_run() -> bool:
    """Record, in the current transaction, that this task message has done its work. False if it
    already had (delivered again, or taken by two workers at once): do nothing then. A task
    called directly, not from a message, has no key and always runs."""
    task = current_task._get_current_object()  # None outside a task's run
    key = task.request.id if task is not None else None
    if not key:
        return True
    session = db.session()
    if session.get(TaskDone, key) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(TaskDone(key=key, task=task.name))
    except IntegrityError:  # another worker's transaction recorded it first
        return False
    return True


def _publisher(name: str, args: tuple, *, quiet: bool) -> Callable[[], None]:
    celery = current_app.extensions["celery"]
    # What a worker will get, checked now (a TypeError names an argument JSON cannot carry), and
    # what a task run eagerly (the tests) gets too.
    args = json.loads(json.dumps(args))

    def publish() -> None:
        try:
            celery.tasks[name].apply_async(args)
        except Exception:
            if not quiet:
                raise
            # The transaction has committed: its answer stands. Mail waits in its table for the
            # periodic scan; other work is logged here for an admin to redo.
            log.exception("could not enqueue %s%r", name, args)

    return publish


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, flush_context) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
def _publish_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT released: the transaction goes on
        return
    for _, publish in session.info.pop(_PENDING, []):
        publish()  # publishes only: no SQL on this session here


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    pending = session.info.get(_PENDING)
    if pending:
        session.info[_PENDING] = [(t, p) for t, p in pending if not _within(t, previous_transaction)]


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_WROTE, None)
    dropped = session.info.pop(_PENDING, None)  # still here: it ended without a commit
    if dropped:
        log.info("%d background task(s) not enqueued: their transaction did not commit", len(dropped))


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False
