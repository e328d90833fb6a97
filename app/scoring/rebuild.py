"""Scores rebuilt from the event log: one learner, everyone (`scoring rescore`), a what-if
for a model not yet saved, and the periodic refresh of decayed totals (`scoring refresh`).

Everything streams the log once, ordered by learner then event id, through the same engine
the live updates use.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from sqlalchemy import delete, insert, select, text

from app.accounts.models import Role, User
from app.core import signals
from app.core.extensions import db
from app.core.time import utcnow
from app.courses.models import Course
from app.learning.events import SCORABLE, Verb
from app.learning.models import LearningEvent
from app.scoring import engine
from app.scoring.engine import ItemState
from app.scoring.models import LeadScore, LeadStage, ScoreItem
from app.scoring.rules import ScoringModel
from app.scoring.stages import set_totals, stage_event, stage_move
from app.scoring.versions import active_model

BATCH = 5_000
QUIZ_VERBS = frozenset({Verb.QUIZ_PASSED.value, Verb.QUIZ_FAILED.value})


@dataclass
class LearnerResult:
    user_id: int
    items: dict[str, ItemState] = field(default_factory=dict)
    fit_rules: list = field(default_factory=list)
    topic_counts: dict[str, int] = field(default_factory=dict)
    last_activity_at: datetime | None = None
    last_event_id: int | None = None
    totals: engine.Totals | None = None


PROFILE_FIELDS = ("id", "email", "job_title", "company", "country", "first_name", "last_name")


def _profiles(user_ids: list[int] | None) -> dict[int, dict]:
    query = select(*(getattr(User, name) for name in PROFILE_FIELDS)).where(User.role == Role.LEARNER)
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    return {row.id: row._asdict() for row in db.session.execute(query)}


def profile_of(user: User) -> dict:
    """The fields fit rules read, from a loaded user (what `_profiles` reads in bulk)."""
    return {name: getattr(user, name) for name in PROFILE_FIELDS}


def scorable_events(user_ids: list[int] | None = None):
    """The scorable events (with their course's slug), by learner then id: the order the engine
    scores them in."""
    events = (
        select(LearningEvent.id, LearningEvent.user_id, LearningEvent.verb, LearningEvent.occurred_at,
               LearningEvent.topics, LearningEvent.payload, LearningEvent.object_id, Course.slug)
        .outerjoin(Course, Course.id == LearningEvent.course_id)
        .where(LearningEvent.verb.in_(SCORABLE))
        .order_by(LearningEvent.user_id, LearningEvent.id)
    )
    if user_ids is not None:
        events = events.where(LearningEvent.user_id.in_(user_ids))
    return events


class Replay:
    """One learner's events scored one at a time under a model, exactly as live updates score them."""

    def __init__(self, model: ScoringModel, user_id: int):
        self.by_verb = {verb: model.rules_for(verb) for verb in SCORABLE}
        self.result = LearnerResult(user_id)
        self.quizzes_seen: set[tuple[str, int]] = set()

    def score(self, row) -> None:
        """Score one row of `scorable_events` into the result."""
        result = self.result
        topics, payload = row.topics or [], row.payload or {}
        if row.verb in QUIZ_VERBS and payload.get("quiz_id") is not None:
            # A quiz counts once per learner (learning.submit_quiz); logs from before its events
            # had dedupe keys hold one per retake, which a rebuild passes over.
            if (row.verb, payload["quiz_id"]) in self.quizzes_seen:
                return
            self.quizzes_seen.add((row.verb, payload["quiz_id"]))
        for rule in self.by_verb[row.verb]:
            if rule.matches(row.verb, topics, row.slug, payload, row.object_id):
                state = result.items.get(rule.key) or result.items.setdefault(rule.key, ItemState(rule.key))
                engine.apply(state, rule, row.occurred_at)
        engine.count_topics(result.topic_counts, row.verb, topics)
        result.last_activity_at = row.occurred_at if result.last_activity_at is None else max(
            result.last_activity_at, row.occurred_at)
        result.last_event_id = row.id


def compute(model: ScoringModel, when: datetime, user_ids: list[int] | None = None) -> Iterator[LearnerResult]:
    """Every scored learner's result under `model`, evaluated at `when` (reads only)."""
    profiles = _profiles(user_ids)
    events = scorable_events(user_ids).execution_options(yield_per=BATCH)
    seen = set()
    for user_id, rows in groupby(db.session.execute(events), key=lambda row: row.user_id):
        if user_id not in profiles:
            continue
        seen.add(user_id)
        replay = Replay(model, user_id)
        for row in rows:
            replay.score(row)
        yield _finish(replay.result, model, profiles[user_id], when)
    for user_id in profiles.keys() - seen:  # learners with no events still have fit
        yield _finish(LearnerResult(user_id), model, profiles[user_id], when)


def _finish(result: LearnerResult, model: ScoringModel, profile: dict, when: datetime) -> LearnerResult:
    result.items = {k: s for k, s in result.items.items() if s.times}
    result.fit_rules = engine.fit_matches(model, profile)
    result.totals = engine.totals(model, result.items, result.fit_rules, when)
    return result


def _item_rows(result: LearnerResult, model: ScoringModel, when: datetime) -> list[dict]:
    names = {rule.key: rule.name for rule in model.rules}
    rows = [dict(user_id=result.user_id, rule_key=key, rule_name=names[key], kind="engagement", times=s.times,
                 points=s.points, value=s.value, as_of=s.as_of, last_at=s.last_at)
            for key, s in result.items.items()]
    rows += [dict(user_id=result.user_id, rule_key=rule.key, rule_name=rule.name, kind="fit", times=1,
                  points=rule.points, value=rule.points, as_of=None, last_at=None) for rule in result.fit_rules]
    return rows


def _store(score: LeadScore, result: LearnerResult, version: int, when: datetime) -> bool:
    score.model_version = version
    score.topic_counts, score.top_topics = result.topic_counts, engine.top_topics(result.topic_counts)
    score.last_activity_at, score.last_event_id = result.last_activity_at, result.last_event_id
    return set_totals(score, result.totals, when)


def rebuild_learner(user_id: int, when: datetime | None = None) -> None:
    """Replace one learner's score with what the log and the model in force give."""
    version, model = active_model()
    when = when or utcnow()
    score = db.session.get(LeadScore, user_id)
    result = next(compute(model, when, [user_id]), None)
    if score is None or result is None:
        return
    db.session.execute(delete(ScoreItem).where(ScoreItem.user_id == user_id))
    rows = _item_rows(result, model, when)
    if rows:
        db.session.execute(insert(ScoreItem), rows)
    _store(score, result, version, when)


@dataclass
class RescoreSummary:
    learners: int = 0
    stage_changes: int = 0


def rescore_all(progress: Callable[[int], None] | None = None, when: datetime | None = None) -> RescoreSummary:
    """Rebuild every learner's score from the log under the model in force.

    Bulk work in plain rows: the old stages are read first (a stage that does not move keeps its
    date), then the score tables are emptied and refilled. On PostgreSQL the table lock makes
    live events wait until this transaction ends, then score on top of the rebuilt state.
    """
    version, model = active_model()
    when = when or utcnow()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("LOCK TABLE lead_scores IN EXCLUSIVE MODE"))
    before = {row.user_id: (row.stage, row.stage_changed_at) for row in db.session.execute(
        select(LeadScore.user_id, LeadScore.stage, LeadScore.stage_changed_at))}
    db.session.execute(delete(ScoreItem))
    db.session.execute(delete(LeadScore))
    summary = RescoreSummary()
    scores, items, events, moved = [], [], [], []

    def write() -> None:
        for table, rows in ((LeadScore.__table__, scores), (ScoreItem.__table__, items),
                            (LearningEvent.__table__, events)):
            if rows:
                db.session.execute(insert(table), rows)
                rows.clear()

    for result in compute(model, when):
        old_stage, changed_at = before.get(result.user_id, (LeadStage.LEAD, None))
        total = result.totals.total / 10
        new_stage = stage_move(old_stage, result.totals)
        if new_stage is not None:
            events.append(stage_event(result.user_id, old_stage, new_stage, total, when))
            moved.append((result.user_id, old_stage.value, new_stage.value))
            changed_at = when
            summary.stage_changes += 1
        scores.append(dict(
            user_id=result.user_id, model_version=version, engagement=result.totals.engagement / 10,
            fit=result.totals.fit / 10, total=total, stage=(new_stage or old_stage).value,
            stage_changed_at=changed_at, evaluated_at=when, last_activity_at=result.last_activity_at,
            last_event_id=result.last_event_id, topic_counts=result.topic_counts,
            top_topics=engine.top_topics(result.topic_counts)))
        items += _item_rows(result, model, when)
        summary.learners += 1
        if len(items) >= BATCH:
            write()
        if progress and summary.learners % 1000 == 0:
            progress(1000)
    write()
    for user_id, old, new in moved:
        signals.stage_changed.send(user_id, old=old, new=new)
    if progress:
        progress(summary.learners % 1000)
    db.session.expire_all()
    return summary


@dataclass
class Move:
    user_id: int
    name: str
    email: str
    before: str
    after: str
    total_before: float
    total_after: float


def what_if(candidate: ScoringModel, when: datetime | None = None) -> tuple[dict[tuple[str, str], int], list[Move]]:
    """How learners would move between stages under `candidate`; changes nothing."""
    when = when or utcnow()
    current = {row.user_id: (row.stage.value, row.total) for row in db.session.execute(
        select(LeadScore.user_id, LeadScore.stage, LeadScore.total))}
    matrix: dict[tuple[str, str], int] = {}
    moved: list[int] = []
    after: dict[int, tuple[str, float]] = {}
    for result in compute(candidate, when):
        before_stage, _ = current.get(result.user_id, ("lead", 0.0))
        key = (before_stage, result.totals.stage)
        matrix[key] = matrix.get(key, 0) + 1
        if before_stage != result.totals.stage:
            moved.append(result.user_id)
            after[result.user_id] = (result.totals.stage, result.totals.total / 10)
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(moved)))} if moved else {}
    moves = [Move(uid, people[uid].full_name, people[uid].email, current.get(uid, ("lead", 0.0))[0], after[uid][0],
                  current.get(uid, ("lead", 0.0))[1], after[uid][1]) for uid in moved]
    moves.sort(key=lambda m: (-m.total_after, m.email))
    return matrix, moves


def refresh_all(when: datetime | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Re-evaluate every score at `when` (decay moves totals and stages); returns stage changes.

    Scores saved under an older model are rebuilt from the log instead.
    """
    active = active_model()
    if active is None:
        return 0
    version, model = active
    when = when or utcnow()
    fit_by_key = {rule.key: rule for rule in model.fit}
    scores = {s.user_id: s for s in db.session.scalars(select(LeadScore).with_for_update())}
    items = db.session.scalars(select(ScoreItem).order_by(ScoreItem.user_id).execution_options(yield_per=BATCH))
    grouped = {user_id: list(rows) for user_id, rows in groupby(items, key=lambda row: row.user_id)}
    changes = 0
    for user_id, score in scores.items():
        if score.model_version != version:
            rebuild_learner(user_id, when)
        else:
            rows = grouped.get(user_id, [])
            engagement = {r.rule_key: ItemState(r.rule_key, r.times, r.points, r.value, r.as_of, r.last_at)
                          for r in rows if r.kind == "engagement"}
            fit_rules = [fit_by_key[r.rule_key] for r in rows if r.kind == "fit" and r.rule_key in fit_by_key]
            changes += set_totals(score, engine.totals(model, engagement, fit_rules, when), when)
        if progress:
            progress(1)
    db.session.flush()
    return changes
