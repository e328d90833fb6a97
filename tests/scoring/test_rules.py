import pytest

from app.demo import DEFAULT_MODEL
from app.scoring import rules
from app.scoring.rules import ScoringModelError

GOOD = {
    "thresholds": {"mql": 60, "sql": 120},
    "rules": [
        {"name": "Read about pricing", "on": "lesson_completed", "topic": "pricing", "points": 20,
         "half_life_days": 30, "max_times": 1},
        {"name": "Passed a quiz", "on": "quiz_passed", "points": 15},
        {"name": "Failed a quiz", "on": "quiz_failed", "points": -5},
        {"name": "Webinar", "on": "xapi", "verb": "http://adlnet.gov/expapi/verbs/attended", "points": 10},
    ],
    "fit": [
        {"name": "Decision maker", "field": "job_title", "matches": "(?i)\\b(vp|head|director|chief)\\b",
         "points": 20},
        {"name": "Free mail", "field": "email_domain", "in": ["gmail.com", "yahoo.com"], "points": -20},
    ],
}


def test_a_good_model_parses():
    model = rules.parse(GOOD)
    assert (model.mql, model.sql) == (60, 120)
    assert [r.key for r in model.rules] == ["e0", "e1", "e2", "e3"]
    assert model.rules_for("quiz_failed")[0].points == -5
    assert model.fit[0].matches("VP Engineering") and not model.fit[0].matches("Engineer")
    assert model.fit[1].matches("Gmail.com")
    assert [model.stage_for(t) for t in (59.9, 60, 119.9, 120)] == ["lead", "mql", "mql", "sql"]


@pytest.mark.parametrize("change,message", [
    ({"thresholds": {"mql": 100, "sql": 50}}, "thresholds.sql: must be above thresholds.mql"),
    ({"thresholds": {"mql": -1, "sql": 50}}, "thresholds.mql: must be greater than 0"),
    ({"thresholds": None}, "thresholds: required"),
    ({"rules": [{"name": "x", "on": "lesson_read", "points": 1}]}, "rules[0].on: unknown event 'lesson_read'"),
    ({"rules": [{"name": "x", "on": "stage_changed", "points": 1}]}, "rules[0].on: unknown event"),
    ({"rules": [{"name": "x", "on": "quiz_passed", "points": "ten"}]}, "rules[0].points: must be a number"),
    ({"rules": [{"name": "x", "on": "quiz_passed", "points": 1, "half_life_days": 0}]},
     "rules[0].half_life_days: must be greater than 0"),
    ({"rules": [{"name": "x", "on": "quiz_passed", "points": 1, "max_times": 0}]}, "rules[0].max_times"),
    ({"rules": [{"name": "x", "on": "quiz_passed", "points": 1, "colour": "red"}]}, "rules[0].colour: unknown field"),
    ({"rules": [{"name": "x", "on": "quiz_passed", "points": 1, "verb": "http://x"}]}, "only to on: xapi"),
    ({"fit": [{"name": "x", "field": "job_title", "matches": "(unclosed", "points": 1}]},
     "fit[0].matches: bad regular expression"),
    ({"fit": [{"name": "x", "field": "shoe_size", "in": ["42"], "points": 1}]}, "fit[0].field: unknown field"),
    ({"fit": [{"name": "x", "field": "company", "points": 1}]}, "fit[0]: give exactly one of matches"),
    ({"fit": [{"name": "Read about pricing", "field": "company", "in": ["a"], "points": 1}]}, "is used twice"),
])
def test_bad_models_say_where(change, message):
    with pytest.raises(ScoringModelError) as error:
        rules.parse({**GOOD, **change})
    assert any(message in e for e in error.value.errors), error.value.errors


def test_every_error_is_reported_at_once():
    bad = {"thresholds": {"mql": 10, "sql": 5}, "rules": [{"name": "a", "on": "nope", "points": "x"}]}
    with pytest.raises(ScoringModelError) as error:
        rules.parse(bad)
    assert len(error.value.errors) == 3


def test_load_text_reads_yaml_and_json_and_dump_round_trips():
    text = rules.dump(GOOD)
    assert rules.load_text(text) == GOOD
    assert rules.load_text(rules.dump(GOOD, "json")) == GOOD
    with pytest.raises(ScoringModelError, match="not valid"):
        rules.load_text("thresholds: [unclosed")


def test_the_default_model_caps_every_rule():
    """No rule of the model `demo seed` installs scores without end, however its event repeats
    (many courses, outside statements, purchases and refunds)."""
    model = rules.parse(rules.load_text(DEFAULT_MODEL.read_text(encoding="utf-8")))
    assert [rule.name for rule in model.rules if rule.max_times is None] == []
    purchase, refund = model.rules_for("course_purchased")[0], model.rules_for("course_refunded")[0]
    assert refund.max_times == purchase.max_times and refund.points == -purchase.points  # no buy-refund farming
