from datetime import datetime, timedelta, timezone

from app.scoring import engine, rules
from app.scoring.engine import ItemState

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def rule(**kw):
    base = dict(key="e0", name="r", on="lesson_completed", points=20)
    base.update(kw)
    return rules.EngagementRule(**base)


def test_points_add_up_without_decay_and_stop_at_max_times():
    state, r = ItemState("e0"), rule(max_times=2)
    assert engine.apply(state, r, T0) and engine.apply(state, r, T0 + timedelta(days=1))
    assert not engine.apply(state, r, T0 + timedelta(days=2))
    assert (state.times, state.points, state.value) == (2, 40, 40)
    assert state.last_at == T0 + timedelta(days=1)


def test_half_life_halves_the_value():
    state, r = ItemState("e0"), rule(half_life_days=30)
    engine.apply(state, r, T0)
    assert engine.value_at(state, r, T0 + timedelta(days=30)) == 10
    engine.apply(state, r, T0 + timedelta(days=30))
    assert state.value == 30 and state.as_of == T0 + timedelta(days=30)
    assert engine.value_at(state, r, T0 + timedelta(days=90)) == 7.5


def test_an_older_event_is_decayed_to_the_state_time():
    state, r = ItemState("e0"), rule(half_life_days=10)
    engine.apply(state, r, T0 + timedelta(days=10))
    engine.apply(state, r, T0)
    assert state.value == 30 and state.as_of == T0 + timedelta(days=10)


def test_totals_are_exact_tenths_and_pick_the_stage():
    model = rules.parse({"thresholds": {"mql": 30, "sql": 60}, "rules": [
        {"name": "a", "on": "lesson_completed", "points": 10, "half_life_days": 7},
        {"name": "b", "on": "quiz_passed", "points": 20}],
        "fit": [{"name": "vp", "field": "job_title", "matches": "VP", "points": 5}]})
    a, b = ItemState("e0"), ItemState("e1")
    engine.apply(a, model.rules[0], T0)
    engine.apply(b, model.rules[1], T0)
    fit = engine.fit_matches(model, {"job_title": "VP Sales", "email": "x@y.com"})
    totals = engine.totals(model, {"e0": a, "e1": b}, fit, T0 + timedelta(days=7))
    assert (totals.engagement, totals.fit, totals.total, totals.stage) == (250, 50, 300, "mql")


def test_top_topics_by_count_then_name():
    counts = {}
    for verb, topics in [("lesson_completed", ["pricing", "security"]), ("lesson_completed", ["pricing"]),
                         ("quiz_passed", ["api", "security"]), ("enrolled", ["ignored"])]:
        engine.count_topics(counts, verb, topics)
    assert engine.top_topics(counts) == ["pricing", "security", "api"]
    assert "ignored" not in counts
