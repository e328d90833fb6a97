"""Pages under gunicorn, as ratios to a bare Flask "hello" under the same gunicorn settings.

Seeds a 5-lesson and a 200-lesson course (lesson bodies of a realistic size), catalog courses and
signed-in learners enrolled in both; then, with wrk, measures the catalog, a lesson page of each
course (each view moves the learner's resume point, as reading on does) and "Mark as complete"
(each request completes a lesson not done yet), and the memory of one worker after 10,000
requests against after warm-up. Also counts SQL statements per lesson page, in process.
"""
from __future__ import annotations

import secrets
import sys
import time

from _common import database_url, migrated_app
from servers import Load, gunicorn, wrk

LEARNERS = 64
ROUNDS = 3  # slices per figure, alternating with the baselines
BODY = "<h2>Section</h2>\n" + "<p>" + "A realistic paragraph about the product, its plans and its setup. " * 8 + "</p>\n"
BODY_HTML = BODY * 6  # about 3.5 KB, like a real lesson


def seed(app, learners: int = LEARNERS) -> dict:
    """Courses, a scoring model and signed-in learners; returns what the load needs."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from app.accounts import sessions
    from app.core import yamlio
    from app.core.extensions import db
    from app.demo import content as demo
    from app.learning import service as learning
    from app.scoring import service as scoring
    from testkit import factories

    with app.app_context():
        scoring.save_model(yamlio.load(demo.DEFAULT_MODEL.read_text()))
        small = factories.course("small-course", modules=1, lessons_per_module=5, topics=("pricing", "overview"))
        large = factories.course("large-course", modules=10, lessons_per_module=20, topics=("security",))
        for n in range(8):
            factories.course(f"catalog-{n}", modules=2, lessons_per_module=3, price=4900 if n % 2 else None)
        for course in (small, large):
            for module in course.modules:
                for lesson in module.lessons:
                    lesson.body = lesson.body_html = BODY_HTML
        people, keys = [], []
        for n in range(learners):
            person = factories.user(email=f"bench{n}@acme.example", job_title="Head of Data", consent_contact=True,
                                    commit=False)
            people.append(person)
        db.session.flush()
        for person in people:
            learning.enroll(person, small)
            learning.enroll(person, large)
            keys.append(sessions.start(person))
        db.session.commit()
        seeded = {
            "small": [lesson.slug for module in small.modules for lesson in module.lessons],
            "large": [lesson.slug for module in large.modules for lesson in module.lessons],
            "people": [],
        }
        db.engine.dispose()
    # Outside the app context: each request context then gets its own `g`, where Flask-WTF
    # caches the CSRF token it made.
    serializer = app.session_interface.get_signing_serializer(app)
    for key in keys:
        with app.test_request_context(base_url="https://127.0.0.1/"):
            session["_user_id"], session["_fresh"] = key, True
            token = generate_csrf()
            seeded["people"].append((serializer.dumps(dict(session)), token))
    assert len({token for _, token in seeded["people"]}) == learners
    return seeded


def query_counts(app, seeded) -> dict:
    """SQL statements for a lesson page of the 5- and the 200-lesson course (one that moves the
    resume point, so it also writes), counted in process with the test client."""
    from sqlalchemy import event, select

    from app.accounts import sessions
    from app.accounts.models import User
    from app.core.extensions import db

    counts = {}
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "bench0@acme.example"))
        key = sessions.start(person)
        db.session.commit()
        engine = db.engine
    # Requests outside any app context, so each gets its own (and its own `g`), as in production.
    client = app.test_client()
    with client.session_transaction() as s:
        s["_user_id"], s["_fresh"] = key, True
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    for name, slug in (("lesson_5", "small-course"), ("lesson_200", "large-course")):
        lessons = seeded["small" if name == "lesson_5" else "large"]
        client.get(f"/learn/{slug}/{lessons[2]}")  # warm caches (the course map, the scoring model, templates)
        client.get(f"/learn/{slug}/{lessons[3]}")
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        response = client.get(f"/learn/{slug}/{lessons[2]}")  # moves the resume point back: a write
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
        counts[name] = len(statements)
    engine.dispose()
    return counts


def run(kind: str, *, seconds: float, workers: int, threads: int, memory_requests: int) -> dict:
    secret = secrets.token_hex(32)
    url = database_url(kind)
    app = migrated_app(url, SECRET_KEY=secret)
    print(f"[{kind}] seeding courses and {LEARNERS} learners …", file=sys.stderr)
    seeded = seed(app)
    result: dict = {"settings": {"workers": workers, "threads": threads, "seconds": seconds, "wrk_connections": 16,
                                 "learners": LEARNERS}}
    result["queries"] = query_counts(app, seeded)

    env = {"PRIMER_ENV": "production", "SECRET_KEY": secret, "DATABASE_URL": url, "PROXY_COUNT": "1",
           "MAIL_BACKEND": "locmem", "PRIMER_BASE_URL": "https://127.0.0.1"}
    people = seeded["people"]
    large = [f"/learn/large-course/{slug}" for slug in seeded["large"]]
    small = [f"/learn/small-course/{slug}" for slug in seeded["small"]]
    complete = [f"POST /learn/large-course/{slug}/complete" for slug in seeded["large"]]
    scenarios = [
        ("catalog", ["/courses"], ()),
        ("lesson_5", small, people),
        ("lesson_200", large, people),
        ("complete", complete, people),
    ]
    pages = {}
    # The machine is shared: its speed drifts within a run. Each figure alternates short slices
    # of the page and of its baselines, so every ratio compares like with like.
    with gunicorn("hello:app", env, workers=workers, threads=threads) as hello, \
            gunicorn("hello:floor", env, workers=workers, threads=threads) as floor, \
            gunicorn("wsgi:app", env, workers=workers, threads=threads) as primer:
        wrk(hello.url, ["/"], seconds=2)
        wrk(floor.url, ["/"], seconds=2)
        for name, paths, who in scenarios:
            print(f"[{kind}] {name} …", file=sys.stderr)
            if name != "complete":  # a warm-up would complete the lessons the measure is for
                wrk(primer.url, paths, seconds=2, people=who)
            slices = {"hello": [], "floor": [], "page": []}
            for _ in range(ROUNDS):
                slices["hello"].append(wrk(hello.url, ["/"], seconds=seconds / ROUNDS))
                slices["floor"].append(wrk(floor.url, ["/"], seconds=seconds / ROUNDS))
                slices["page"].append(wrk(primer.url, paths, seconds=seconds / ROUNDS, people=who,
                                          expect=302 if name == "complete" else 200))
            pages[name] = combine(slices["page"]).__dict__
            pages[name]["hello_rps"] = combine(slices["hello"]).rps
            pages[name]["floor_rps"] = combine(slices["floor"]).rps
            pages[name]["ratio"] = pages[name]["rps"] / pages[name]["hello_rps"]
            pages[name]["floor_ratio"] = pages[name]["floor_rps"] / pages[name]["hello_rps"]
    result["pages"] = pages
    result["memory"] = memory(env, people, small + large, memory_requests)
    return result


def combine(loads: list[Load]) -> Load:
    """Slices of one load as one: requests over time; latencies as the slowest slice's."""
    requests, seconds = sum(load.requests for load in loads), sum(load.seconds for load in loads)
    return Load(requests, seconds, requests / seconds, max(load.p50_ms for load in loads),
                max(load.p99_ms for load in loads), sum(load.errors for load in loads))


def memory(env, people, lessons, requests: int) -> dict:
    """RSS of one worker after warm-up, then after `requests` more (pages of every kind)."""
    mix = ["/courses", "/my", "/learn/large-course", "/courses/large-course"] + lessons
    with gunicorn("wsgi:app", env, workers=1, threads=4) as primer:
        served = wrk(primer.url, mix, seconds=5, people=people).requests
        warm = next(iter(primer.rss_kib().values()))
        counted, started = 0, time.monotonic()
        while counted < requests:
            counted += wrk(primer.url, mix, seconds=5, people=people).requests
        after = next(iter(primer.rss_kib().values()))
    return {"warmup_requests": served, "requests": counted, "rss_warm_kib": warm, "rss_after_kib": after,
            "growth": after / warm - 1, "seconds": time.monotonic() - started}
