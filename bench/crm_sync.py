"""CRM hand-off at HubSpot's rate limit: N qualified leads through a fake that enforces it.

    .venv/bin/python bench/crm_sync.py [--leads 10000] [--rate 100] [--db sqlite|postgresql]

Reports the API calls used (goal: at most N/100 + 1 upserts, plus setup) and the wall time as a
ratio to the rate-limit bound — the least time the calls made could take at `rate` requests
per rolling 10 s, i.e. 10 s for every further `rate` calls after the first burst (goal: ≤ 1.2). The fake counts its own 429s: Primer must cause none.
"""
from __future__ import annotations

import argparse
import math
import time
from collections import Counter

from _common import ROOT, database_url, migrated_app, save  # noqa: F401  (ROOT puts the project on sys.path)


def run(kind: str, leads: int, rate: int) -> dict:
    from app.core.extensions import db
    from app.crm import worker
    from app.crm.hubspot import HubSpotAdapter
    from testkit import FakeHubSpot, seed_qualified

    app = migrated_app(database_url(kind))
    with app.app_context(), FakeHubSpot(rate_limit=rate) as fake:
        seed_qualified(leads)
        adapter = HubSpotAdapter(fake.token, fake.url, rate_limit=rate)
        start = time.perf_counter()
        result = worker.drain(adapter)
        wall = time.perf_counter() - start
        calls = Counter(path.split("?")[0].rsplit("/crm/v3/", 1)[-1] for _, path, _ in fake.log)
        total = sum(calls.values())
        # The fastest any client may go: `rate` calls at once, the next `rate` 10 s later, and so on.
        bound = math.ceil(total / rate - 1) * 10 if total > rate else 0
        summary = {
            "leads": leads, "rate_per_10s": rate, "sent": result.sent, "wall_seconds": wall,
            "calls": dict(calls), "calls_total": total, "upserts": calls["objects/contacts/batch/upsert"],
            "rate_limited_by_fake": fake.rate_limited, "bound_seconds": bound,
            "ratio_to_bound": wall / bound if bound else None, "undelivered": worker.undelivered(),
        }
        db.engine.dispose()
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    r = run(args.db, args.leads, args.rate)
    print(f"{r['leads']:,} leads at {r['rate_per_10s']}/10 s: {r['upserts']} upserts, {r['calls_total']} calls "
          f"({r['calls']}), 429s from the fake: {r['rate_limited_by_fake']}, wall {r['wall_seconds']:.1f} s, "
          f"bound {r['bound_seconds']:.1f} s, ratio {r['ratio_to_bound'] or 0:.2f}×, undelivered {r['undelivered']}")
    save("crm_sync", {args.db: r})


if __name__ == "__main__":
    main()
