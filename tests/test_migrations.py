"""Models and migrations agree, on the database under test (what `flask db check` runs)."""
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import check

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def test_models_match_migrations(app):
    check(directory=MIGRATIONS)  # exits (SystemExit) and logs the differences if any


def test_the_check_notices_a_model_without_a_migration(app, db):
    probe = sa.Table("probe_without_migration", db.metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        with pytest.raises(SystemExit):
            check(directory=MIGRATIONS)
    finally:
        db.metadata.remove(probe)


def test_database_is_at_the_single_head(app, db):
    heads = ScriptDirectory(MIGRATIONS).get_heads()
    assert len(heads) == 1, f"migrations have branched: {heads}"
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == heads[0]
