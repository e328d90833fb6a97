"""Full rescore of N events for M learners, as a ratio to a plain SQL scan of the same events.

    .venv/bin/python bench/rescore.py [--events 1000000] [--learners 50000] [--db sqlite|postgresql]

Both are timed in the same process on the same database, so the ratio holds on a busy machine.
The scan reads every scorable event in the rescore's order (what any rebuild must at least do).
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta, timezone

from _common import database_url, migrated_app, save, timer

VERBS = ["enrolled", "lesson_completed", "lesson_completed", "lesson_completed", "lesson_completed",
         "quiz_passed", "quiz_failed", "course_completed", "certificate_earned", "course_purchased"]
TOPICS = [["pricing"], ["security"], ["integrations"], ["overview"], ["pricing", "security"], []]
MODEL = {
    "thresholds": {"mql": 60, "sql": 120},
    "rules": [
        {"name": "Read about pricing", "on": "lesson_completed", "topic": "pricing", "points": 20,
         "half_life_days": 30, "max_times": 3},
        {"name": "Read about security", "on": "lesson_completed", "topic": "security", "points": 10,
         "half_life_days": 45},
        {"name": "Read a lesson", "on": "lesson_completed", "points": 2, "half_life_days": 60},
        {"name": "Passed a quiz", "on": "quiz_passed", "points": 10},
        {"name": "Failed a quiz", "on": "quiz_failed", "points": -2},
        {"name": "Finished a course", "on": "course_completed", "points": 25},
        {"name": "Finished fundamentals", "on": "course_completed", "course": "course-1", "points": 15},
        {"name": "Bought a course", "on": "course_purchased", "points": 40},
        {"name": "Enrolled", "on": "enrolled", "points": 3, "max_times": 3},
    ],
    "fit": [
        {"name": "Decision maker", "field": "job_title", "matches": "(?i)\\b(vp|head|director|chief)\\b",
         "points": 20},
        {"name": "Free mail", "field": "email_domain", "in": ["gmail.com", "yahoo.com"], "points": -20},
    ],
}


def seed(db, learners: int, events: int) -> None:
    from sqlalchemy import insert

    from app.accounts.models import User
    from app.courses.models import Course
    from app.learning.models import LearningEvent

    rng = random.Random(42)
    now = datetime.now(timezone.utc)
    titles = ["VP Sales", "Engineer", "Head of Data", "Analyst", "Student", "Director of IT"]
    domains = ["acme.com", "gmail.com", "initech.com", "yahoo.com", "globex.com"]
    db.session.execute(insert(Course), [dict(slug=f"course-{i}", title=f"Course {i}", summary="", status="published",
                                             created_at=now, updated_at=now) for i in range(1, 6)])
    for start in range(0, learners, 10_000):
        db.session.execute(insert(User), [dict(
            email=f"learner{n}@{domains[n % len(domains)]}", password_hash="x", first_name="L", last_name=str(n),
            company="", job_title=titles[n % len(titles)], country="", role="learner", consent_contact=False,
            created_at=now, password_changed_at=now) for n in range(start, min(start + 10_000, learners))])
    db.session.commit()
    first_user = 1
    batch = []
    for n in range(events):
        batch.append(dict(
            user_id=first_user + rng.randrange(learners), verb=VERBS[rng.randrange(len(VERBS))],
            occurred_at=now - timedelta(minutes=rng.randrange(0, 60 * 24 * 180)),
            course_id=rng.randrange(1, 6), topics=TOPICS[rng.randrange(len(TOPICS))], payload={}))
        if len(batch) == 20_000:
            db.session.execute(insert(LearningEvent), batch)
            batch = []
            print(f"\r  seeded {n + 1:,} events", end="", file=sys.stderr, flush=True)
    if batch:
        db.session.execute(insert(LearningEvent), batch)
    db.session.commit()
    print(file=sys.stderr)


def scan(db) -> int:
    """The baseline: read every scorable event, joined to its course, in learner then id order."""
    from sqlalchemy import select

    from app.courses.models import Course
    from app.learning.events import SCORABLE
    from app.learning.models import LearningEvent

    query = (select(LearningEvent.id, LearningEvent.user_id, LearningEvent.verb, LearningEvent.occurred_at,
                    LearningEvent.topics, LearningEvent.payload, LearningEvent.object_id, Course.slug)
             .outerjoin(Course, Course.id == LearningEvent.course_id).where(LearningEvent.verb.in_(SCORABLE))
             .order_by(LearningEvent.user_id, LearningEvent.id).execution_options(yield_per=5_000))
    return sum(1 for _ in db.session.execute(query))


def run(kind: str, events: int, learners: int) -> dict:
    from app.core.extensions import db
    from app.scoring import rebuild, service

    app = migrated_app(database_url(kind))
    result: dict = {"events": events, "learners": learners}
    with app.app_context():
        print(f"[{kind}] seeding {learners:,} learners and {events:,} events …", file=sys.stderr)
        seed(db, learners, events)
        service.save_model(MODEL)
        db.session.commit()
        with timer(result, "scan_seconds"):
            scanned = scan(db)
        db.session.rollback()
        with timer(result, "rescore_seconds"):
            summary = rebuild.rescore_all()
            db.session.commit()
        assert scanned == events and summary.learners == learners
        result["ratio"] = result["rescore_seconds"] / result["scan_seconds"]
        result["events_per_second"] = events / result["rescore_seconds"]
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--learners", type=int, default=50_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    results = {}
    for kind in args.db or ["sqlite", "postgresql"]:
        results[kind] = run(kind, args.events, args.learners)
        r = results[kind]
        print(f"{kind:<11} rescore {r['rescore_seconds']:7.2f} s   scan {r['scan_seconds']:6.2f} s   "
              f"ratio {r['ratio']:5.2f}×   {r['events_per_second']:,.0f} events/s")
    save("rescore", results)


if __name__ == "__main__":
    main()
