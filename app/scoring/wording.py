"""Events in the words sales reads on a lead's timeline."""
from __future__ import annotations

from app.core.formatting import format_points
from app.learning.models import LearningEvent
from app.scoring.models import LeadStage

VERB_WORDS = {
    "signed_up": "Signed up",
    "enrolled": "Enrolled",
    "lesson_completed": "Completed a lesson",
    "quiz_passed": "Passed a quiz",
    "quiz_failed": "Failed a quiz",
    "course_completed": "Completed the course",
    "course_purchased": "Bought the course",
    "course_refunded": "Was refunded for the course",
    "certificate_earned": "Earned a certificate",
    "xapi": "Outside activity",
    "stage_changed": "Lead stage changed",
}


def verb_words(verb: str) -> str:
    return VERB_WORDS.get(verb, verb.replace("_", " ").capitalize())


def _stage(value) -> str:
    try:
        return LeadStage(value).label
    except ValueError:
        return str(value)


def _money(amount, currency) -> str:
    if not isinstance(amount, (int, float)):
        return ""
    return f"{amount / 100:,.2f} {str(currency or '').upper()}".strip()


def event_summary(event: LearningEvent) -> str:
    """The payload in one short line: a quiz's score, a stage change, a purchase's amount."""
    payload = event.payload or {}
    if event.verb in ("quiz_passed", "quiz_failed") and "score" in payload:
        where = f" (module {payload['module']})" if payload.get("module") else ""
        return f"Scored {payload['score']}%{where}"
    if event.verb == "stage_changed":
        text = f"{_stage(payload.get('from'))} → {_stage(payload.get('to'))}"
        return f"{text} at {format_points(payload['score'])} points" if isinstance(payload.get("score"), (int, float)) \
            else text
    if event.verb in ("course_purchased", "course_refunded") and "amount" in payload:
        return _money(payload.get("amount"), payload.get("currency"))
    if event.verb == "xapi":
        return " · ".join(str(part) for part in (payload.get("verb"), event.object_id) if part)
    if event.topics:
        return "Topics: " + ", ".join(event.topics)
    return ""
