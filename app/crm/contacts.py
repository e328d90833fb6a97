"""What Primer tells a CRM about a lead, and what it hears back, in Primer's own words.

The HubSpot adapter (`crm.hubspot`) maps a Lead to its contact properties and lifecycle stage;
nothing else in Primer names those.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.scoring.models import LeadStage


@dataclass(frozen=True)
class Reason:
    """One part of a lead's score: the rule's name, its points now, and how many times it counted."""

    rule: str
    points: float
    times: int

    def __str__(self) -> str:
        return f"{self.rule} {self.points:+g}" + (f" ({self.times}×)" if self.times > 1 else "")


@dataclass
class Lead:
    """One learner as the CRM should see them now."""

    email: str
    first_name: str
    last_name: str
    company: str
    job_title: str
    stage: LeadStage
    score: float
    fit: float
    topics: list[str]
    courses_completed: list[str]  # course titles, in the order they were finished
    reasons: list[Reason]  # largest first
    last_activity_at: datetime | None
    note: str | None = None  # HTML to add as a note on the contact (a stage change says why)


@dataclass
class Outcome:
    """What became of one lead in the CRM."""

    email: str
    hubspot_id: str | None = None
    existing_customer: bool = False  # the CRM already counts them a customer: their stage there is left alone
    rejected: str | None = None  # the CRM refused this record: the reason
    note_added: bool = False


class CrmAdapter(Protocol):
    """What the outbox worker asks of the CRM (the HubSpot adapter implements it)."""

    def push(self, leads: list[Lead]) -> list[Outcome]:
        """Create or update each lead's contact by email, one outcome each. Raises CrmAuthError when
        the credentials are refused and CrmUnavailable when the CRM cannot be reached for now."""
