"""Storing a learner's new totals and the stage move they call for, the same way for live
updates (scoring.service) and rebuilds from the log (scoring.rebuild)."""
from __future__ import annotations

from datetime import datetime

from app.core import signals
from app.core.extensions import db
from app.core.states import IllegalTransition
from app.learning.events import Verb
from app.learning.models import LearningEvent
from app.scoring import engine
from app.scoring.models import STAGE_TRANSITIONS, LeadScore, LeadStage


def stage_move(old: LeadStage, totals: engine.Totals) -> LeadStage | None:
    """The stage the totals call for, if it differs from `old` (checked against the table)."""
    new = LeadStage(totals.stage)
    if new is old:
        return None
    if new not in STAGE_TRANSITIONS[old]:
        raise IllegalTransition("lead stage", old, new)
    return new


def stage_event(user_id: int, old: LeadStage, new: LeadStage, total: float, when: datetime) -> dict:
    """The stage_changed event's columns (recorded in the log beside the learning events)."""
    return dict(user_id=user_id, verb=Verb.STAGE_CHANGED.value, occurred_at=when, topics=[],
                payload={"from": old.value, "to": new.value, "score": total})


def set_totals(score: LeadScore, totals: engine.Totals, when: datetime) -> bool:
    """Store new totals; a stage change is recorded as an event. Sends stage_changed, or
    score_moved when the stage stays. True if the stage moved."""
    score.engagement, score.fit, score.total = totals.engagement / 10, totals.fit / 10, totals.total / 10
    score.evaluated_at = when
    new = stage_move(score.stage, totals)
    if new is None:
        signals.score_moved.send(score.user_id, stage=score.stage.value, total=score.total)
        return False
    db.session.add(LearningEvent(**stage_event(score.user_id, score.stage, new, score.total, when)))
    old, score.stage, score.stage_changed_at = score.stage, new, when
    db.session.flush()
    signals.stage_changed.send(score.user_id, old=old.value, new=new.value)
    return True
