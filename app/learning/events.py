"""The learning-event vocabulary, declared in one place.

Every event carries the learner and a time; where it applies, the course, the lesson and the
lesson's topics. Events are append-only: scores are always derivable from them.
"""
from __future__ import annotations

import enum


class Verb(str, enum.Enum):
    SIGNED_UP = "signed_up"
    """An account was created. Carries nothing else."""
    ENROLLED = "enrolled"
    """The learner joined a course (free, or by purchase). Carries the course."""
    LESSON_COMPLETED = "lesson_completed"
    """A lesson was marked complete, once per learner and lesson. Carries course, lesson, topics."""
    QUIZ_PASSED = "quiz_passed"
    """A quiz was first passed, once per learner and quiz (retakes are kept as attempts, not events).
    Carries course, the module's topics, the quiz id, module and score in payload."""
    QUIZ_FAILED = "quiz_failed"
    """A quiz was first failed, once per learner and quiz. Carries the same as quiz_passed."""
    COURSE_COMPLETED = "course_completed"
    """Every lesson done and every quiz passed, once per learner and course. Carries the course."""
    COURSE_PURCHASED = "course_purchased"
    """A paid order was fulfilled. Carries the course and the amount in payload."""
    COURSE_REFUNDED = "course_refunded"
    """A paid order was refunded and access revoked. Carries the course."""
    CERTIFICATE_EARNED = "certificate_earned"
    """A certificate was issued, once per learner and course. Carries the course."""
    XAPI = "xapi"
    """An external xAPI statement. Carries the verb IRI in payload and the activity id as object_id."""
    ITEM_OPENED = "item_opened"
    """A library item's page was opened, once per learner, item and day. Carries its topics and
    `library:<id>` as object_id."""
    ITEM_COMPLETED = "item_completed"
    """A library item was done, once per learner, item and evidence level. Carries its topics,
    `library:<id>` as object_id and the evidence (played | self_reported) in payload."""
    STAGE_CHANGED = "stage_changed"
    """The learner's lead stage moved (recorded by scoring). Payload: from, to, score."""

    @classmethod
    def names(cls) -> list[str]:
        return [v.value for v in cls]


class Evidence(str, enum.Enum):
    """How Primer knows a library item was done: its player reported it played to the end
    (at least 90%), or the learner said so ("I read this")."""

    PLAYED = "played"
    SELF_REPORTED = "self_reported"


EVIDENCE_LEVELS = [level.value for level in Evidence]

# What scoring rules may match on (stage changes are a result of scoring, not an input).
SCORABLE = [v.value for v in Verb if v is not Verb.STAGE_CHANGED]
