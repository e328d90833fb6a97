"""Helpers shared by the benchmarks: a throwaway migrated database and the results file."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results.json"


def database_url(kind: str) -> str:
    """A fresh database: a temporary SQLite file, or PostgreSQL (BENCH_DATABASE_URL) recreated empty."""
    if kind == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='primer-bench-')}/bench.sqlite3"
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    url = make_url(os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/primer_bench"))
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def migrated_app(url: str, **overrides):
    from flask_migrate import upgrade

    from app import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, **overrides)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


@contextmanager
def timer(into: dict, key: str):
    start = time.perf_counter()
    yield
    into[key] = time.perf_counter() - start


def save(section: str, data: dict) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[section] = data
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
