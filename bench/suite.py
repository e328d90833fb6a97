"""Everything bench/run measures, on each database, printed as one table and saved to
bench/results.json (section "run"). Every figure is a ratio to a baseline measured in the same run."""
from __future__ import annotations

import argparse
import platform
import time

import crm
import crm_sync
import rescore
import web
from _common import save

GOALS = {"lesson_5": 0.35, "lesson_200": 0.35, "complete": 0.2}


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench/run", description="Primer's benchmarks: pages under gunicorn, SQL per page, "
                                                 "rescore, CRM sync and worker memory, on PostgreSQL and SQLite.")
    parser.add_argument("--db", choices=["postgresql", "sqlite"], action="append",
                        help="only this database (repeatable; default both)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each measured load (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    parser.add_argument("--memory-requests", type=int, default=10_000)
    # 3,000 leads make 100 calls: five bursts at 20 per 10 s, so the time the last burst itself
    # takes (the bound counts it as nothing) weighs little in the ratio.
    parser.add_argument("--crm-leads", type=int, default=3_000)
    parser.add_argument("--crm-rate", type=int, default=20, help="HubSpot requests per 10 s for the rate-limited CRM figure")
    parser.add_argument("--rescore-events", type=int, default=100_000)
    parser.add_argument("--rescore-learners", type=int, default=5_000)
    args = parser.parse_args()

    started = time.monotonic()
    results: dict = {"machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()}}
    for kind in args.db or ["postgresql", "sqlite"]:
        results[kind] = web.run(kind, seconds=args.seconds, workers=args.workers, threads=args.threads,
                                memory_requests=args.memory_requests)
        results[kind]["crm"] = crm.run(kind, args.crm_leads)
        results[kind]["crm_sync"] = crm_sync.run(kind, args.crm_leads, args.crm_rate)
        results[kind]["rescore"] = rescore.run(kind, args.rescore_events, args.rescore_learners)
    results["seconds"] = time.monotonic() - started
    save("run", results)
    print(table(results, [k for k in ("postgresql", "sqlite") if k in results]))


def table(results: dict, kinds: list[str]) -> str:
    rows = [("figure", *kinds, "goal")]

    def add(label, cell, goal=""):
        rows.append((label, *[cell(results[k]) for k in kinds], goal))

    add("hello (baseline) req/s, lowest-highest", lambda r: "{:,.0f}-{:,.0f}".format(
        min(p["hello_rps"] for p in r["pages"].values()), max(p["hello_rps"] for p in r["pages"].values())))
    for name, label in (("catalog", "catalog /courses"), ("lesson_5", "lesson page, 5-lesson course"),
                        ("lesson_200", "lesson page, 200-lesson course"), ("complete", "Mark as complete")):
        goal = f">= {GOALS[name]}x" if name in GOALS else ""
        add(f"{label}: x hello", lambda r, n=name: f"{r['pages'][n]['ratio']:.2f}x ({r['pages'][n]['rps']:,.0f}/s)",
            goal)
        add("  one-query floor: x hello", lambda r, n=name: f"{r['pages'][n]['floor_ratio']:.2f}x")
        add("  p50 / p99 ms", lambda r, n=name: f"{r['pages'][n]['p50_ms']:.1f} / {r['pages'][n]['p99_ms']:.1f}")
        add("  errors", lambda r, n=name: f"{r['pages'][n]['errors']}", "0")
    add("SQL per lesson page (5 / 200 lessons)", lambda r: f"{r['queries']['lesson_5']} / {r['queries']['lesson_200']}",
        "equal, <= 8")
    add("rescore: x plain scan", lambda r: f"{r['rescore']['ratio']:.2f}x ({r['rescore']['events_per_second']:,.0f} ev/s)")
    add("CRM sync: x bare HTTP replay", lambda r: f"{r['crm']['ratio']:.2f}x ({r['crm']['leads_per_second']:,.0f} leads/s)")
    add("CRM at the rate limit: x bound", lambda r: f"{r['crm_sync']['ratio_to_bound'] or 0:.2f}x "
        f"({r['crm_sync']['calls_total']} calls, {r['crm_sync']['rate_limited_by_fake']} 429s)", "<= 1.2x")
    add("worker RSS growth after 10k req", lambda r: f"{r['memory']['growth']:+.1%} "
        f"({r['memory']['rss_warm_kib'] // 1024}->{r['memory']['rss_after_kib'] // 1024} MiB)", "<= 10%")
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
