import json

from sqlalchemy import func, select

from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import rules
from app.scoring.models import LeadScore, ScoringModelVersion
from tests import factories
from tests.scoring.conftest import MODEL


def test_import_export_round_trip(app, db, tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(rules.dump(MODEL))
    result = app.test_cli_runner().invoke(args=["scoring", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Saved scoring model version 1" in result.output
    exported = app.test_cli_runner().invoke(args=["scoring", "export"])
    assert rules.load_text(exported.output) == MODEL
    as_json = app.test_cli_runner().invoke(args=["scoring", "export", "--format", "json"])
    assert json.loads(as_json.output) == MODEL


def test_a_bad_model_lists_every_error_and_saves_nothing(app, db, tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text("thresholds: {mql: 50, sql: 10}\nrules:\n  - {name: x, on: lesson_read, points: 1}\n")
    result = app.test_cli_runner().invoke(args=["scoring", "import", str(path)])
    assert result.exit_code == 1
    assert "thresholds.sql: must be above thresholds.mql" in result.output
    assert "rules[0].on: unknown event 'lesson_read'" in result.output
    assert db.session.scalar(select(func.count()).select_from(ScoringModelVersion)) == 0


def test_rescore_and_refresh_report_what_they_did(app, db, scoring_model):
    people = [factories.user() for _ in range(3)]
    for person in people:
        learning.record_event(person.id, Verb.ENROLLED)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["scoring", "rescore"])
    assert result.exit_code == 0, result.output
    assert "Rescored 3 learners; 0 changed stage." in result.output
    result = runner.invoke(args=["scoring", "refresh"])
    assert result.exit_code == 0 and "Refreshed 3 scores" in result.output
    assert db.session.scalar(select(func.count()).select_from(LeadScore)) == 3


def test_export_without_a_model_says_so(app, db):
    result = app.test_cli_runner().invoke(args=["scoring", "export"])
    assert result.exit_code != 0 and "No scoring model" in result.output
