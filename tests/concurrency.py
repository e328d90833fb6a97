"""Threads started together, for the tests of simultaneous requests and workers."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from app.core.extensions import db


def in_threads(target: Callable, arguments: Iterable[tuple], *, timeout: float = 60) -> None:
    """Call `target(*args)` for each of `arguments`, each in its own thread, all started before
    any is waited for (each at most `timeout` seconds)."""
    threads = [threading.Thread(target=target, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)


def run_together(app, actions: list[Callable[[], None]]) -> list[Exception]:
    """Run each action in its own thread, app context and transaction, started at once; their errors."""
    barrier = threading.Barrier(len(actions))
    errors = []

    def worker(action):
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                action()
                db.session.commit()
            except Exception as exc:  # collected and reported by the test
                db.session.rollback()
                errors.append(exc)
            finally:
                db.session.remove()

    in_threads(worker, [(action,) for action in actions])
    return errors
