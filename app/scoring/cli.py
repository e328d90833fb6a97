"""`flask scoring import|export|rescore|refresh`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.core.extensions import db
from app.scoring import rebuild, rules, service
from app.scoring.models import LeadScore
from app.scoring.rules import ScoringModelError

scoring_cli = AppGroup("scoring", help="The lead-scoring model and scores.")


@scoring_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rescore/--no-rescore", default=True, show_default=True,
              help="Rebuild every score under the new model right away.")
def import_model(file: Path, rescore: bool) -> None:
    """Save FILE (YAML or JSON) as the new scoring model."""
    try:
        data = rules.load_text(file.read_text(encoding="utf-8"))
        saved = service.save_model(data, note=f"imported from {file.name}")
    except ScoringModelError as error:
        db.session.rollback()
        for message in error.errors:
            click.echo(f"error: {message}", err=True)
        raise SystemExit(1) from None
    click.echo(f"Saved scoring model version {saved.version}.")
    if rescore:
        _rescore()
    db.session.commit()


@scoring_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
def export_model(fmt: str) -> None:
    """Print the model in force."""
    active = service.active_model()
    if active is None:
        raise click.ClickException("No scoring model has been saved yet (flask --app wsgi scoring import FILE).")
    sys.stdout.write(rules.dump(active[1].source, fmt))


def _rescore() -> None:
    learners = db.session.scalar(select(func.count()).select_from(LeadScore)) or 0
    with click.progressbar(length=max(learners, 1), label="Rescoring", file=sys.stderr) as bar:
        summary = rebuild.rescore_all(progress=bar.update)
    click.echo(f"Rescored {summary.learners} learners; {summary.stage_changes} changed stage.")


@scoring_cli.command("rescore")
def rescore() -> None:
    """Rebuild every score from the event log (gives what the live updates gave)."""
    if service.active_model() is None:
        raise click.ClickException("No scoring model has been saved yet (flask --app wsgi scoring import FILE).")
    _rescore()
    db.session.commit()


@scoring_cli.command("refresh")
def refresh() -> None:
    """Re-evaluate decayed scores and stages now (run it from cron, e.g. hourly)."""
    learners = db.session.scalar(select(func.count()).select_from(LeadScore)) or 0
    with click.progressbar(length=max(learners, 1), label="Refreshing", file=sys.stderr) as bar:
        changes = rebuild.refresh_all(progress=bar.update)
    db.session.commit()
    click.echo(f"Refreshed {learners} scores; {changes} changed stage.")
