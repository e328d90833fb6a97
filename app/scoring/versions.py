"""Saved scoring models: the version in force, parsed once, and saving a new one.

Versions are append-only: saving never edits an older one, so a score row names the version it
was computed under and is rebuilt when a newer one is in force.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.core.extensions import db
from app.scoring.models import ScoringModelVersion
from app.scoring.rules import ScoringModel, parse

# Parsed models by (version, saved at): a saved version never changes, and the time tells apart
# two databases that both have a version 1 (tests, a restored backup) in one process.
_parsed: dict[tuple, ScoringModel] = {}


def active_model() -> tuple[int, ScoringModel] | None:
    """The newest saved model and its version, or None when no model was ever saved."""
    row = db.session.execute(
        select(ScoringModelVersion.version, ScoringModelVersion.created_at)
        .order_by(ScoringModelVersion.version.desc()).limit(1)
    ).first()
    if row is None:
        return None
    key = (row.version, row.created_at)
    if key not in _parsed:
        definition = db.session.scalar(select(ScoringModelVersion.definition)
                                       .where(ScoringModelVersion.version == row.version))
        _parsed[key] = parse(definition)
    return row.version, _parsed[key]


def save_model(data: dict, *, by: User | None = None, note: str = "") -> ScoringModelVersion:
    """Validate and store a new model version (raises ScoringModelError). Scores follow lazily
    (each learner is rebuilt on their next event) or at once with `scoring rescore`."""
    parse(data)
    latest = db.session.scalar(select(ScoringModelVersion.version).order_by(ScoringModelVersion.version.desc()))
    row = ScoringModelVersion(version=(latest or 0) + 1, definition=data, created_by=by, note=note[:200])
    db.session.add(row)
    db.session.flush()
    return row


def latest_versions(count: int) -> list[ScoringModelVersion]:
    """The `count` newest saved versions, newest first, with who saved each."""
    return list(db.session.scalars(
        select(ScoringModelVersion).options(joinedload(ScoringModelVersion.created_by))
        .order_by(ScoringModelVersion.version.desc()).limit(count)))
