"""CRM sync: drain N qualified leads through the loopback fake HubSpot, as a ratio to replaying
the very same HTTP calls (same paths, same bodies, one keep-alive connection) to the same fake.

The ratio is what Primer adds on top of HubSpot's own answers: claiming outbox rows, building
the payloads, the SDK, recording the outcome. The fake runs without its rate limit here.
"""
from __future__ import annotations

import http.client
import json
import sys
import time
from urllib.parse import urlsplit

from _common import database_url, migrated_app

MODEL = {"thresholds": {"mql": 10, "sql": 1000},
         "rules": [{"name": "Signed up", "on": "signed_up", "points": 20}], "fit": []}


def run(kind: str, leads: int) -> dict:
    from sqlalchemy import insert

    from app.accounts.models import User
    from app.core.extensions import db
    from app.core.time import utcnow
    from app.crm import worker
    from app.crm import hubspot
    from app.learning.events import Verb
    from app.learning.service import record_event
    from app.scoring import service as scoring
    from testkit import FakeHubSpot

    with FakeHubSpot(rate_limit=10**9) as fake:
        calls: list[tuple[str, str, object]] = []
        dispatch = fake.dispatch

        def recording(method, path, body):
            calls.append((method, path, body))
            return dispatch(method, path, body)

        fake.dispatch = recording
        app = migrated_app(database_url(kind), HUBSPOT_ACCESS_TOKEN=fake.token, HUBSPOT_API_BASE=fake.url,
                           HUBSPOT_RATE_LIMIT=10**9)
        with app.app_context():
            print(f"[{kind}] queueing {leads:,} qualified leads …", file=sys.stderr)
            scoring.save_model(MODEL)
            now = utcnow()
            db.session.execute(insert(User), [dict(
                email=f"lead{n}@acme.example", password_hash="x", first_name="Lee", last_name=str(n), company="Acme",
                job_title="VP", country="", role="learner", consent_contact=True, created_at=now,
                password_changed_at=now, email_verified_at=now) for n in range(leads)])
            for user_id in db.session.scalars(db.select(User.id).order_by(User.id)):
                record_event(user_id, Verb.SIGNED_UP)
            db.session.commit()
            adapter = hubspot.current()
            started = time.perf_counter()
            outcome = worker.drain(adapter)
            drain_seconds = time.perf_counter() - started
            assert outcome.sent == leads, outcome
            db.engine.dispose()
        fake.dispatch = dispatch
        replay_seconds = replay(fake.url, fake.token, list(calls))
    return {"leads": leads, "http_calls": len(calls), "drain_seconds": drain_seconds,
            "replay_seconds": replay_seconds, "leads_per_second": leads / drain_seconds,
            "ratio": drain_seconds / replay_seconds}


def replay(url: str, token: str, calls) -> float:
    """The baseline: the same calls, sent bare over one keep-alive connection."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    started = time.perf_counter()
    for method, path, body in calls:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        conn.request(method, path, body=data, headers=headers)
        answer = conn.getresponse()
        answer.read()
    seconds = time.perf_counter() - started
    conn.close()
    return seconds
