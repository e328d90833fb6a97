import pytest

from app.demo.content import DEFAULT_MODEL
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
    ({"rules": [{"name": "x", "on": "quiz_passed", "points": 1, "evidence": "played"}]}, "only to on: item_completed"),
    ({"rules": [{"name": "x", "on": "item_completed", "points": 1, "evidence": "watched"}]},
     "rules[0].evidence: must be one of played, self_reported"),
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


def test_an_evidence_filter_matches_completions_of_that_level_only():
    model = rules.parse({**GOOD, "rules": [{"name": "Played", "on": "item_completed", "evidence": "played", "points": 5}]})
    rule, = model.rules_for("item_completed")
    assert rule.matches("item_completed", [], None, {"evidence": "played"}, "library:1")
    assert not rule.matches("item_completed", [], None, {"evidence": "self_reported"}, "library:1")


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


def rule(**fields) -> dict:
    return {"rules": [{"name": "x", "on": "quiz_passed", "points": 1, **fields}]}


@pytest.mark.parametrize("change,message", [
    (rule(points=float("nan")), "rules[0].points: must be a number"),
    (rule(points=float("inf")), "rules[0].points: must be a number"),
    (rule(points=True), "rules[0].points: must be a number"),
    (rule(points=10_001), "rules[0].points: must be from -10,000 to 10,000"),
    (rule(points=-1e30), "rules[0].points: must be from"),
    (rule(half_life_days=1e9), "rules[0].half_life_days: must be from 0 to 3,650"),
    (rule(max_times=True), "rules[0].max_times"),
    (rule(max_times=10**18), "rules[0].max_times: must be a whole number from 1 to 10,000"),
    ({"thresholds": {"mql": 60, "sql": 10**15}}, "thresholds.sql: must be from 0 to 1,000,000"),
    ({"thresholds": {"mql": float("nan"), "sql": 120}}, "thresholds.mql: must be a number"),
    ({"fit": [{"name": "x", "field": "job_title", "matches": "(" * 5000 + ")" * 5000, "points": 1}]},
     "fit[0].matches: must be at most 500 characters"),
])
def test_numbers_and_patterns_stay_in_sane_ranges(change, message):
    with pytest.raises(ScoringModelError) as error:
        rules.parse({**GOOD, **change})
    assert any(message in e for e in error.value.errors), error.value.errors


@pytest.mark.parametrize("text, message", [
    ("thresholds: {mql: .nan, sql: 120}\n", "not-a-number values are not allowed"),
    ("? [a, b]\n: 1\n", "a key must be text"),
    ("a: &a [x, x]\nb: [*a, *a]\n", "anchors (&name) and aliases (*name) are not allowed"),
    ("[" * 50_000 + "]" * 50_000, "nest"),
    ('{"thresholds": {"mql": ' + "9" * 5000 + "}}", "is too long"),
])
def test_unsafe_text_is_refused_not_crashed_on(text, message):
    with pytest.raises(ScoringModelError) as error:
        rules.load_text(text)
    assert message in error.value.errors[0] and len(error.value.errors[0]) < 200


def test_long_names_are_quoted_only_in_part():
    name = "n" * 10_000
    with pytest.raises(ScoringModelError) as error:
        rules.parse({**GOOD, "rules": [{"name": name, "on": name, "points": 1, name: 1}]})
    assert all(len(e) < 300 for e in error.value.errors)
