"""Keeping lead scores live: each event scored as it is recorded, fit re-evaluated when a
profile changes. The model in force comes from scoring.versions; totals and stage moves are
stored by scoring.stages, which rebuilds use too (scoring.rebuild never calls back in here).

Order of work for one event (called by learning.record_event, same transaction):
`lock_learner` takes the learner's score row lock *before* the event row is inserted, so a
learner's event ids increase in the order they are scored; `apply_event` then updates only
the rules that match. Rebuilding from the log (scoring.rebuild) replays events in id order
through the same engine, which is why live and rebuilt scores agree exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, User
from app.core import signals
from app.core.extensions import db
from app.core.time import utcnow
from app.learning.events import SCORABLE, Verb
from app.learning.models import LearningEvent
from app.scoring import engine
from app.scoring.engine import ItemState
from app.scoring.models import LeadScore, LeadStage, ScoreItem
from app.scoring.rebuild import profile_of, rebuild_learner
from app.scoring.rules import ScoringModel
from app.scoring.stages import set_totals
from app.scoring.versions import active_model, save_model  # noqa: F401  (callers ask the service for both)


def is_scored(user: User) -> bool:
    """Only prospects get lead scores; staff trying things out do not."""
    return user.role is Role.LEARNER


@dataclass
class Locked:
    """A learner's locked score row and the model it was locked under (read once per event)."""

    score: LeadScore
    version: int
    model: ScoringModel


def lock_learner(user_id: int) -> Locked | None:
    """Lock (creating if need be) the learner's score row; None when nothing is scored."""
    active = active_model()
    user = db.session.get(User, user_id)
    if active is None or user is None or not is_scored(user):
        return None
    version, model = active
    query = select(LeadScore).where(LeadScore.user_id == user_id).with_for_update().execution_options(
        populate_existing=True)
    score = db.session.scalar(query)
    if score is None:
        score = LeadScore(user_id=user_id, model_version=version, stage=LeadStage.LEAD, topic_counts={},
                          top_topics=[])
        try:
            with db.session.begin_nested():
                db.session.add(score)
        except IntegrityError:  # the learner's first two events arrived together
            return Locked(db.session.scalar(query), version, model)
        rebuild_learner(user_id)  # events from before the first model or role change count too
    return Locked(score, version, model)


def apply_event(locked: Locked, event: LearningEvent) -> None:
    """Score one new event into a locked score row."""
    score, model = locked.score, locked.model
    if score.model_version != locked.version:
        rebuild_learner(score.user_id)
        return
    if event.verb not in SCORABLE:
        return
    rules = model.rules_for(event.verb)
    # The course is read only when a rule filters on it or course_completed tells it (and is usually
    # in the session already: the action loaded it).
    needs_course = event.verb == Verb.COURSE_COMPLETED.value or any(rule.course is not None for rule in rules)
    course = event.course if event.course_id and needs_course else None
    course_slug = course.slug if course else None
    matching = [r for r in rules
                if r.matches(event.verb, event.topics or [], course_slug, event.payload or {}, event.object_id)]
    # Every item of the learner in one read: the matching ones change, all of them total.
    rows = {row.rule_key: row for row in db.session.scalars(select(ScoreItem).where(ScoreItem.user_id == score.user_id))}
    for rule in matching:
        row = rows.get(rule.key)
        if row is None:
            row = rows[rule.key] = ScoreItem(user_id=score.user_id, rule_key=rule.key, rule_name=rule.name,
                                             kind="engagement", times=0, points=0.0, value=0.0)
        state = ItemState(rule.key, row.times, row.points, row.value, row.as_of, row.last_at)
        if engine.apply(state, rule, event.occurred_at):
            _store_state(row, state)
            db.session.add(row)
    counts = dict(score.topic_counts or {})
    engine.count_topics(counts, event.verb, event.topics or [])
    score.topic_counts, score.top_topics = counts, engine.top_topics(counts)
    score.last_activity_at = max(filter(None, [score.last_activity_at, event.occurred_at]))
    score.last_event_id = event.id
    _retotal(score, model, utcnow(), list(rows.values()))
    if event.verb == Verb.COURSE_COMPLETED.value and course is not None:
        signals.course_completed.send(score.user_id, stage=score.stage.value, course_title=course.title)


def refresh_fit(user: User) -> None:
    """The profile changed: re-evaluate fit rules and the stage."""
    locked = lock_learner(user.id)
    if locked is None:
        return
    _write_fit(locked.score, user, locked.model)
    _retotal(locked.score, locked.model, utcnow())


def _store_state(row: ScoreItem, state: ItemState) -> None:
    row.times, row.points, row.value, row.as_of, row.last_at = (
        state.times, state.points, state.value, state.as_of, state.last_at)


def _write_fit(score: LeadScore, user: User, model: ScoringModel) -> None:
    db.session.execute(delete(ScoreItem).where(ScoreItem.user_id == score.user_id, ScoreItem.kind == "fit"))
    for rule in engine.fit_matches(model, profile_of(user)):  # fit is timeless: no as_of, no decay
        db.session.add(ScoreItem(user_id=score.user_id, rule_key=rule.key, rule_name=rule.name, kind="fit",
                                 times=1, points=rule.points, value=rule.points))
    db.session.flush()


def item_states(user_id: int, rows: list[ScoreItem] | None = None) -> tuple[dict[str, ItemState], list[str]]:
    """The learner's engagement states and the keys of the fit rules they match (from `rows`,
    every item of the learner, when the caller has them)."""
    engagement, fit = {}, []
    if rows is None:
        rows = db.session.scalars(select(ScoreItem).where(ScoreItem.user_id == user_id))
    for row in rows:
        if row.kind == "fit":
            fit.append(row.rule_key)
        else:
            engagement[row.rule_key] = ItemState(row.rule_key, row.times, row.points, row.value, row.as_of,
                                                 row.last_at)
    return engagement, fit


def _retotal(score: LeadScore, model: ScoringModel, when: datetime, rows: list[ScoreItem] | None = None) -> None:
    engagement, fit_keys = item_states(score.user_id, rows)
    fit_rules = [rule for rule in model.fit if rule.key in fit_keys]
    set_totals(score, engine.totals(model, engagement, fit_rules, when), when)
