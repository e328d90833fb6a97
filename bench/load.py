"""The load test behind bench/load: 100 prospects for 60 s against gunicorn on PostgreSQL.

A fresh database (BENCH_DATABASE_URL, dropped and recreated), migrated and seeded with the demo
content; gunicorn with the project's gunicorn.conf.py on a free loopback port; locust headless
with bench/locustfile.py. Fails (exit 1) on any failed request. Results go to bench/results.json
(section "load") and locust's CSV files to bench/load-*.csv.
"""
from __future__ import annotations

import argparse
import csv
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, database_url, save
from servers import PYTHON, background_worker, gunicorn


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench/load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    args = parser.parse_args()

    url = database_url(args.db)
    # Development settings: no TLS here, so cookies must not be Secure-only. PROXY_COUNT=1 lets
    # each simulated prospect bring its own (loopback) X-Forwarded-For, so per-address limits
    # apply per prospect.
    # Mail goes to files in MAIL_FILE_PATH, where each prospect finds its confirmation link; a
    # background worker sends it (finishing each sign-up), through a broker file of this run's own.
    scratch = Path(tempfile.mkdtemp(prefix="primer-load-"))
    mail_dir = str(scratch / "mail")
    os.mkdir(mail_dir)
    env = {"PRIMER_ENV": "development", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": url,
           "PROXY_COUNT": "1", "MAIL_BACKEND": "file", "MAIL_FILE_PATH": mail_dir,
           "CELERY_BROKER_URL": f"sqla+sqlite:///{scratch / 'broker.sqlite3'}"}
    flask = [str(PYTHON), "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["demo", "seed"]):
        subprocess.run(flask + command, cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
    prefix = ROOT / "bench" / "load"
    with background_worker(env), gunicorn("wsgi:app", env, workers=args.workers, threads=args.threads) as server:
        print(f"locust: {args.users} prospects for {args.seconds} s against {server.url} "
              f"({args.db}, {args.workers} workers x {args.threads} threads)", flush=True)
        locust = subprocess.run(
            [str(PYTHON), "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.seconds}s", "--host", server.url,
             "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
            cwd=ROOT, timeout=args.seconds + 120, env={**os.environ, "BENCH_MAIL_DIR": mail_dir})
    shutil.rmtree(scratch, ignore_errors=True)
    with open(f"{prefix}_stats.csv", newline="") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    result = {"db": args.db, "users": args.users, "seconds": args.seconds, "workers": args.workers,
              "threads": args.threads, "requests": int(total["Request Count"]),
              "failures": int(total["Failure Count"]), "rps": float(total["Requests/s"]),
              "p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]), "p99_ms": float(total["99%"]),
              "max_ms": float(total["Max Response Time"])}
    save("load", result)
    print(f"\n{result['requests']:,} requests, {result['failures']} failed, {result['rps']:.0f} req/s, "
          f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms")
    sys.exit(1 if result["failures"] or locust.returncode else 0)


if __name__ == "__main__":
    main()
