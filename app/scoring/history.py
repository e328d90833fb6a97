"""A lead's score over time, replayed from the event log through the engine the live updates
use (rebuild.Replay), decay included, for the chart on the lead's page.

The score is sampled at the end of each day (or each week, or longer, so a long history stays
under MAX_POINTS samples), from one step before the first event up to now. Fit is counted as the
profile gives it now: the profile's past is not kept. Reads only: one query for the events.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from flask_babel import gettext as _

from app.core.extensions import db
from app.core.time import day_label, utcnow
from app.scoring import engine
from app.scoring.rebuild import Replay, profile_of, scorable_events
from app.scoring.rules import ScoringModel

MAX_POINTS = 120
STEP_DAYS = (1, 7, 14, 28)


@dataclass(frozen=True)
class Point:
    day: date  # the score as it stood at the end of this day (for the last point: now)
    engagement: int  # tenths, as engine.totals adds them
    fit: int
    stage: str

    @property
    def total(self) -> float:
        return (self.engagement + self.fit) / 10


@dataclass(frozen=True)
class ScoreHistory:
    points: list[Point]
    mql: float
    sql: float
    step_days: int

    def chart(self) -> dict[str, Any]:
        """charts.js's `data-chart`: the total per sample, and the thresholds as reference lines."""
        labels = [day_label(point.day) for point in self.points]
        n = len(self.points)
        return {"type": "line", "labels": labels, "datasets": [
            {"label": _("Score"), "data": [point.total for point in self.points]},
            {"label": _("MQL threshold (%(points)s)", points=format(self.mql, "g")), "data": [self.mql] * n,
             "kind": "threshold"},
            {"label": _("SQL threshold (%(points)s)", points=format(self.sql, "g")), "data": [self.sql] * n,
             "kind": "threshold"},
        ]}


def step_for(span_days: int, max_points: int = MAX_POINTS) -> int:
    """The shortest sampling step (a day, a week, two, four, or more) that fits the span."""
    for step in STEP_DAYS:
        if span_days <= max_points * step:
            return step
    return math.ceil(span_days / max_points)


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=timezone.utc)


def score_history(user, model: ScoringModel, when: datetime | None = None) -> ScoreHistory:
    """`user`'s score under `model` at the end of each sampled day up to `when`; no points when
    the learner has no scorable event."""
    when = when or utcnow()
    rows = db.session.execute(scorable_events([user.id])).all()
    if not rows:
        return ScoreHistory([], model.mql, model.sql, 1)
    # In the order they happened; for a log written live, the order the engine scored them in.
    rows.sort(key=lambda row: (row.occurred_at, row.id))
    last = when.date()
    span = max(1, (last - rows[0].occurred_at.date()).days + 1)
    step = step_for(span)
    days = [last - timedelta(days=step * k) for k in reversed(range(math.ceil(span / step) + 1))]
    fit_rules = engine.fit_matches(model, profile_of(user))
    replay = Replay(model, user.id)
    rules = {rule.key: rule for rule in model.rules}
    points, pending = [], iter(rows)
    row = next(pending, None)
    for day in days:
        moment = when if day == last else _end_of(day)
        while row is not None and (day == last or row.occurred_at < moment):
            replay.score(row)
            row = next(pending, None)
        items = {key: state for key, state in replay.result.items.items() if state.times and key in rules}
        totals = engine.totals(model, items, fit_rules, moment)
        points.append(Point(day, totals.engagement, totals.fit, totals.stage))
    return ScoreHistory(points, model.mql, model.sql, step)
