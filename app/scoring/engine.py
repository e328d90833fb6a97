"""The arithmetic of a score, shared by the live update, the full rescore and the what-if.

Pure functions on plain values. Live updates and the rescore call the same `apply` in the
same order (each learner's events by id, which is lock order), so they agree to the bit.
Scores are kept in tenths of a point so a breakdown always adds up to the shown total.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from app.scoring.rules import EngagementRule, FitRule, ScoringModel

SECONDS_PER_DAY = 86_400.0
TOP_TOPICS = 3
# Events whose topics show what a learner studied (interest signals for sales).
STUDY_VERBS = frozenset({"lesson_completed", "quiz_passed", "quiz_failed", "course_completed", "item_opened",
                         "item_completed"})


@dataclass
class ItemState:
    """One rule's contribution for one learner. `value` is the decayed total as of `as_of`."""

    rule_key: str
    times: int = 0
    points: float = 0.0  # undecayed sum, for the breakdown
    value: float = 0.0
    as_of: datetime | None = None
    last_at: datetime | None = None


def _decay(value: float, seconds: float, half_life_days: float) -> float:
    return value * 0.5 ** (seconds / (half_life_days * SECONDS_PER_DAY))


def apply(state: ItemState, rule: EngagementRule, at: datetime) -> bool:
    """Score one matching event into `state`; False when the rule's max_times is used up."""
    if rule.max_times is not None and state.times >= rule.max_times:
        return False
    if rule.half_life_days is None or state.as_of is None:
        state.value += rule.points
        state.as_of = at if state.as_of is None else max(state.as_of, at)
    elif at >= state.as_of:
        state.value = _decay(state.value, (at - state.as_of).total_seconds(), rule.half_life_days) + rule.points
        state.as_of = at
    else:  # an event older than the last one scored: decay it to the state's time instead
        state.value += _decay(rule.points, (state.as_of - at).total_seconds(), rule.half_life_days)
    state.times += 1
    state.points += rule.points
    state.last_at = at if state.last_at is None else max(state.last_at, at)
    return True


def value_at(state: ItemState, rule: EngagementRule | None, when: datetime) -> float:
    """The item's worth at `when` (decay applied since `as_of`)."""
    if rule is None or rule.half_life_days is None or state.as_of is None or when <= state.as_of:
        return state.value
    return _decay(state.value, (when - state.as_of).total_seconds(), rule.half_life_days)


def tenths(value: float) -> int:
    return int(round(value * 10))


def profile_value(profile: dict, field_name: str) -> str:
    if field_name == "email_domain":
        return (profile.get("email") or "").rsplit("@", 1)[-1]
    return profile.get(field_name) or ""


def fit_matches(model: ScoringModel, profile: dict) -> list[FitRule]:
    return [rule for rule in model.fit if rule.matches(profile_value(profile, rule.field))]


@dataclass
class Totals:
    engagement: int  # tenths
    fit: int  # tenths
    stage: str

    @property
    def total(self) -> int:
        return self.engagement + self.fit


def totals(model: ScoringModel, items: dict[str, ItemState], fit_rules: list[FitRule], when: datetime) -> Totals:
    rules = {rule.key: rule for rule in model.rules}
    engagement = sum(tenths(value_at(s, rules.get(k), when)) for k, s in items.items() if k in rules)
    fit = sum(tenths(rule.points) for rule in fit_rules)
    return Totals(engagement, fit, model.stage_for((engagement + fit) / 10))


def top_topics(counts: dict[str, int]) -> list[str]:
    return [name for name, _ in sorted(Counter(counts).items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TOPICS]]


def count_topics(counts: dict[str, int], verb: str, topics: list[str]) -> None:
    if verb in STUDY_VERBS:
        for topic in topics:
            counts[topic] = counts.get(topic, 0) + 1
