#!/usr/bin/env python3
"""Set up and run Primer on this machine: venv, install, migrate, demo content, then serve it
with a background worker beside the web server (mail, the CRM outbox, the scheduled scans).

    python3 scripts/run.py [--port 5000] [--host 127.0.0.1]

Uses an embedded SQLite database under instance/ unless DATABASE_URL is set, and a broker
embedded in a SQLite file there unless CELERY_BROKER_URL is set. Ctrl+C stops both processes.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _venv import ROOT, compile_translations, ensure  # noqa: E402

INSTANCE = Path(os.environ.get("PRIMER_INSTANCE_PATH", ROOT / "instance"))
LOGINS = INSTANCE / "demo-logins.txt"
# A warm shutdown lets the worker finish the task in hand; it notices the signal within seconds.
STOP_SECONDS = 20


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
    flask_command = [str(python), "-m", "flask", "--app", "wsgi"]
    # One laptop, one worker: it runs the scheduler (beat) too, whatever the broker.
    worker = subprocess.Popen([*flask_command, "worker", "--beat", "--concurrency", "2"], cwd=ROOT)
    web = subprocess.Popen([*flask_command, "run", "--host", args.host, "--port", str(args.port), "--with-threads"],
                           cwd=ROOT)
    sys.exit(serve(web, worker))


def serve(web: subprocess.Popen, worker: subprocess.Popen) -> int:
    """Wait until Ctrl+C or until either process ends, then stop both. 0 after Ctrl+C, else the
    exit status of the one that ended."""
    try:
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping the web server and the background worker …", flush=True)
        interrupted = True
    else:
        interrupted = False
        ended = web if web.poll() is not None else worker
        print(f"The {'web server' if ended is web else 'background worker'} stopped; stopping the other.",
              flush=True)
    status = 0 if interrupted else (web.returncode if web.poll() is not None else worker.returncode) or 1
    for process in (web, worker):
        stop(process)
    return status


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (for the worker a warm shutdown, like the first Ctrl+C: a second Ctrl+C would cut
    its task short), then SIGKILL if it has not ended in time."""
    for ask, wait in ((process.terminate, STOP_SECONDS), (process.kill, 5)):
        if process.poll() is not None:
            return
        ask()
        try:
            process.wait(timeout=wait)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):  # Ctrl+C again: stop waiting politely
            continue


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
