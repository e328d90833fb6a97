"""What one lesson page and one "Mark as complete" cost inside the process, for comparing two
checkouts on a machine too busy for wrk to mean much (run it in each, then compare):

    .venv/bin/python bench/page_cost.py [--rounds 12]

Prints, per request: the CPU time (the least of `rounds` batches of 10: the machine's other work
only ever adds to it) and the number of Python function calls (cProfile; the same every run,
whatever else the machine does). SQLite in a temporary file, the testing configuration without
CSRF and rate limits, one learner enrolled in a 5-lesson and a 200-lesson course.
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT  # noqa: E402  (puts the project on sys.path)


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench/page_cost.py")
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        client, small, large = _seeded(Path(folder) / "primer.sqlite3")
        pending = iter(large[5:])
        pages = {
            "lesson_5": lambda i: _expect(client.get(f"/learn/small/{small[i % len(small)]}"), 200),
            "lesson_200": lambda i: _expect(client.get(f"/learn/large/{large[i % 5]}"), 200),
            "complete": lambda i: _expect(client.post(f"/learn/large/{next(pending)}/complete"), 302),
        }
        for name in ("lesson_5", "lesson_200"):
            _batch(pages[name], 5)  # warm-up
        cpu = {name: min(_batch(page, 10) for _ in range(args.rounds)) for name, page in pages.items()}
        calls = {name: _calls(page) for name, page in pages.items()}
    for name in pages:
        print(f"{name:<11} {cpu[name]:6.2f} ms CPU  {calls[name]:6,} calls per request")


def _seeded(path: Path):
    from flask_migrate import upgrade

    from app import create_app
    from app.core.extensions import db
    from app.learning import service
    from testkit import factories

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", WTF_CSRF_ENABLED=False,
                     RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        small = factories.course("small", modules=1, lessons_per_module=5, quiz=False)
        large = factories.course("large", modules=10, lessons_per_module=20, quiz=False)
        person = factories.user()
        service.enroll(person, small)
        service.enroll(person, large)
        db.session.commit()
        slugs = ([lesson.slug for module in course.modules for lesson in module.lessons] for course in (small, large))
        client = app.test_client()
        factories.sign_in(client, person)
        return client, *slugs


def _expect(response, status: int) -> None:
    assert response.status_code == status, response.status_code


def _batch(page, count: int) -> float:
    """CPU milliseconds per request over `count` requests."""
    started = time.process_time()
    for i in range(count):
        page(i)
    return (time.process_time() - started) / count * 1000


def _calls(page, count: int = 20) -> int:
    profile = cProfile.Profile()
    profile.enable()
    for i in range(count):
        page(i)
    profile.disable()
    return pstats.Stats(profile).total_calls // count


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
