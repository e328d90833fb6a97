"""`flask crm sync` (drain once) and `flask crm worker` (keep draining)."""
from __future__ import annotations

import signal
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.extensions import db
from app.crm import hubspot, outbox, worker
from app.crm.errors import CrmAuthError

crm_cli = AppGroup("crm", help="Hand-off of qualified leads to HubSpot.")


def _adapter():
    adapter = hubspot.current()
    if adapter is None:
        raise click.ClickException("HUBSPOT_ACCESS_TOKEN is not set: leads stay in the outbox "
                                   f"({outbox.pending_count()} waiting) and in the sales area.")
    return adapter


def _report(result: worker.DrainResult) -> None:
    click.echo(f"Sent {result.sent}, refused by HubSpot {result.rejected}, to retry {result.retrying}, "
               f"skipped (no consent) {result.skipped}; {result.existing_customers} already customers in HubSpot.")
    for error in result.errors[-5:]:
        click.echo(f"  {error}", err=True)


@crm_cli.command("sync")
def sync() -> None:
    """Drain the outbox once; exit 1 if anything is left undelivered."""
    adapter = _adapter()
    with click.progressbar(length=max(outbox.pending_count(), 1), label="Sending to HubSpot",
                           file=sys.stderr) as bar:
        try:
            result = worker.drain(adapter, progress=bar.update)
        except CrmAuthError as error:
            raise click.ClickException(str(error)) from None
    _report(result)
    left = worker.undelivered()
    if left:
        click.echo(f"{left} lead(s) left undelivered (waiting to retry, or refused: see /admin/crm).", err=True)
        sys.exit(1)


@crm_cli.command("worker")
@click.option("--poll", default=2.0, show_default=True, help="Seconds between looks at the outbox.")
def run_worker(poll: float) -> None:
    """Keep draining the outbox until stopped (SIGINT/SIGTERM finish the batch in flight)."""
    adapter = _adapter()
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.append(True))
    name = worker.worker_name()
    click.echo(f"CRM worker {name} started.")
    while not stopping:
        try:
            result = worker.drain(adapter, worker=name, should_stop=lambda: bool(stopping))
        except CrmAuthError as error:
            click.echo(f"error: {error} Retrying in 60 s; nothing is lost.", err=True)
            _sleep(60, stopping)
            continue
        except Exception:  # a database hiccup must not kill the worker
            db.session.rollback()
            current_app.logger.exception("CRM worker batch failed")
            _sleep(10, stopping)
            continue
        if result.batches:
            _report(result)
        db.session.remove()
        _sleep(poll, stopping)
    click.echo("CRM worker stopped.")


def _sleep(seconds: float, stopping: list) -> None:
    end = time.monotonic() + seconds
    while not stopping and time.monotonic() < end:
        time.sleep(min(0.2, end - time.monotonic()))
