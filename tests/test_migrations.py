"""Models and migrations agree, on the database under test (what `flask db check` runs)."""
from pathlib import Path

from alembic.util.exc import CommandError
from flask_migrate import check, current

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def test_models_match_migrations(app, capsys):
    try:
        check(directory=MIGRATIONS)
    except CommandError as diff:  # raised with the list of differences
        raise AssertionError(f"models and migrations disagree: {diff}") from None
    assert "No new upgrade operations detected" in capsys.readouterr().out


def test_migrations_are_at_head(app, capsys):
    current(directory=MIGRATIONS)
    assert "(head)" in capsys.readouterr().out
