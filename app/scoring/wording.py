"""Events in the words sales reads on a lead's timeline."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

from app.core.formatting import format_points, format_price
from app.learning.models import LearningEvent
from app.scoring.models import LeadStage

VERB_WORDS = {
    "signed_up": _l("Signed up"),
    "enrolled": _l("Enrolled"),
    "lesson_completed": _l("Completed a lesson"),
    "quiz_passed": _l("Passed a quiz"),
    "quiz_failed": _l("Failed a quiz"),
    "course_completed": _l("Completed the course"),
    "course_purchased": _l("Bought the course"),
    "course_refunded": _l("Was refunded for the course"),
    "certificate_earned": _l("Earned a certificate"),
    "xapi": _l("Outside activity"),
    "item_opened": _l("Opened a library item"),
    "item_completed": _l("Completed a library item"),
    "stage_changed": _l("Lead stage changed"),
}


def verb_words(verb: str) -> str:
    return str(VERB_WORDS.get(verb, verb.replace("_", " ").capitalize()))


def _stage(value) -> str:
    try:
        return str(LeadStage(value).label)
    except ValueError:
        return str(value)


def _money(amount, currency) -> str:
    return format_price(int(amount), currency) if isinstance(amount, (int, float)) else ""


def event_summary(event: LearningEvent) -> str:
    """The payload in one short line: a quiz's score, a stage change, a purchase's amount."""
    payload = event.payload or {}
    if event.verb in ("quiz_passed", "quiz_failed") and "score" in payload:
        if payload.get("module"):
            return _("Scored %(score)s%% (module %(module)s)", score=payload["score"], module=payload["module"])
        return _("Scored %(score)s%%", score=payload["score"])
    if event.verb == "stage_changed":
        text = f"{_stage(payload.get('from'))} → {_stage(payload.get('to'))}"
        return _("%(change)s at %(points)s points", change=text, points=format_points(payload["score"])) \
            if isinstance(payload.get("score"), (int, float)) else text
    if event.verb in ("course_purchased", "course_refunded") and "amount" in payload:
        return _money(payload.get("amount"), payload.get("currency"))
    if event.verb == "item_completed" and payload.get("evidence"):
        how = _("played to the end") if payload["evidence"] == "played" else _("self-reported")
        return _("%(how)s; topics: %(topics)s", how=how, topics=", ".join(event.topics)) if event.topics else how
    if event.verb == "xapi":
        return " · ".join(str(part) for part in (payload.get("verb"), event.object_id) if part)
    if event.topics:
        return _("Topics: %(topics)s", topics=", ".join(event.topics))
    return ""
