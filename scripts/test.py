#!/usr/bin/env python3
"""Install the test dependencies and run the whole test suite.

    python3 scripts/test.py [pytest arguments]

SQLite by default; set TEST_DATABASE_URL=postgresql+psycopg://user@host:5432/name to run on
PostgreSQL (that database is dropped and created afresh for the run).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _venv import ROOT, ensure  # noqa: E402

if __name__ == "__main__":
    os.chdir(ROOT)
    python = ensure("requirements-dev.txt")
    os.execv(str(python), [str(python), "-m", "pytest", *sys.argv[1:]])
