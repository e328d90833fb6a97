"""The outbox listening to other areas: each domain signal (core.signals) it cares about becomes
an outbox decision, in the sender's transaction, so a change and its outbox row land together.

`connect` runs whenever an app is created. Blinker keeps one entry per receiver, so connecting
again (tests build many apps in one process) still calls each receiver once per signal.
"""
from __future__ import annotations

from app.core import signals
from app.core.extensions import db
from app.crm import outbox
from app.scoring.models import LeadScore


def connect() -> None:
    """Subscribe the outbox to the signals it acts on (strongly held: they live as long as the process)."""
    # These three carry exactly the outbox functions' arguments.
    signals.stage_changed.connect(outbox.on_stage_change, weak=False)
    signals.score_moved.connect(outbox.on_score_moved, weak=False)
    signals.course_completed.connect(outbox.on_course_completed, weak=False)
    signals.consent_changed.connect(_consent_changed, weak=False)
    signals.address_confirmed.connect(_address_confirmed, weak=False)


def _consent_changed(user_id: int, *, given: bool) -> None:
    """Giving consent sends a qualified lead to the CRM; withdrawing it stops any further push."""
    if not given:
        outbox.stop(user_id)
        return
    score = db.session.get(LeadScore, user_id)
    if score is not None:
        outbox.on_consent_given(user_id, score.stage.value)


def _address_confirmed(user_id: int) -> None:
    """A qualified lead whose address is now confirmed may go to the CRM."""
    score = db.session.get(LeadScore, user_id)
    if score is not None:
        outbox.on_address_confirmed(user_id, score.stage.value)
