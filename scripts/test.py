#!/usr/bin/env python3
"""Install the test dependencies and run the whole test suite, on every core.

    python3 scripts/test.py [pytest arguments]

SQLite by default; set TEST_DATABASE_URL=postgresql+psycopg://user@host:5432/name to run on
PostgreSQL (that database is dropped and created afresh for the run; with several workers, each
gets its own, the name with `_gw0`, `_gw1`… after it).

The tests run in parallel with pytest-xdist (`-n auto`: one worker per core; the browser tests
stay together on one worker, which starts one Chromium). Give `-n N` to choose the number of
workers, or `-p no:xdist` to run them all in this one process.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _venv import ROOT, compile_translations, ensure  # noqa: E402


def parallel(args: list[str]) -> list[str]:
    """`args` with `-n auto --dist loadgroup` first, unless they already say how to run."""
    for i, arg in enumerate(args):
        chosen = arg.startswith(("-n", "--numprocesses", "--dist", "-d"))
        no_xdist = arg in ("-pno:xdist", "-p=no:xdist") or (arg == "-p" and args[i + 1:i + 2] == ["no:xdist"])
        if chosen or no_xdist:
            return args
    return ["-n", "auto", "--dist", "loadgroup", *args]


if __name__ == "__main__":
    os.chdir(ROOT)
    python = ensure("requirements-dev.txt")
    compile_translations(python)
    os.execv(str(python), [str(python), "-m", "pytest", *parallel(sys.argv[1:])])
