#!/usr/bin/env python3
"""Set up and run Primer on this machine: venv, install, migrate, demo content, serve.

    python3 scripts/run.py [--port 5000] [--host 127.0.0.1]

Uses an embedded SQLite database under instance/ unless DATABASE_URL is set.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _venv import ROOT, compile_translations, ensure  # noqa: E402

INSTANCE = Path(os.environ.get("PRIMER_INSTANCE_PATH", ROOT / "instance"))
LOGINS = INSTANCE / "demo-logins.txt"


def flask(python: Path, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, check=True,
                          text=True, capture_output=capture)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    args = parser.parse_args()

    # Links in emails are built on this address, and requests naming another host are refused.
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    os.environ.setdefault("PRIMER_BASE_URL", f"http://{shown_host}:{args.port}")
    python = ensure("requirements.txt")
    compile_translations(python)
    print("Migrating the database …", flush=True)
    flask(python, "db", "upgrade", capture=True)
    seeded = flask(python, "demo", "seed", capture=True).stdout
    INSTANCE.mkdir(parents=True, exist_ok=True)
    if "shown once" in seeded:
        # Development convenience: keep the generated demo logins to show them on every start.
        LOGINS.write_text(seeded)
        LOGINS.chmod(0o600)
    print()
    print(f"Primer is running at {os.environ['PRIMER_BASE_URL'].rstrip('/')}/")
    if LOGINS.exists():
        print(LOGINS.read_text().rstrip().replace(" (shown once; write them down)", f" (kept in {LOGINS})"))
    print("Stop with Ctrl+C.\n", flush=True)
    os.execv(str(python), [str(python), "-m", "flask", "--app", "wsgi", "run", "--host", args.host,
                           "--port", str(args.port), "--with-threads"])


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
