"""What Primer tells the CRM about learners (crm.contacts.Lead), built from their current state in a few queries."""
from __future__ import annotations

from html import escape

from sqlalchemy import select

from app.accounts.models import User
from app.core.extensions import db
from app.core.time import utcnow
from app.courses.models import Course
from app.crm.contacts import Lead, Reason
from app.learning.models import Enrollment
from app.scoring import engine
from app.scoring.models import LeadScore, ScoreItem
from app.scoring.versions import active_model


def _reasons(items: list[ScoreItem], rules: dict, when) -> list[Reason]:
    """Each part of the score with its points now, largest first."""
    rows = []
    for item in items:
        value = item.value if item.kind == "fit" else engine.value_at(
            engine.ItemState(item.rule_key, item.times, item.points, item.value, item.as_of, item.last_at),
            rules.get(item.rule_key), when)
        rows.append(Reason(item.rule_name, engine.tenths(value) / 10, item.times))
    return sorted(rows, key=lambda r: (-abs(r.points), r.rule))


def build(user_ids: list[int], note_for: set[int]) -> dict[int, Lead]:
    """The lead for each learner that has a score (learners without one are skipped)."""
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    scores = {s.user_id: s for s in db.session.scalars(select(LeadScore).where(LeadScore.user_id.in_(user_ids)))}
    items: dict[int, list[ScoreItem]] = {}
    for item in db.session.scalars(select(ScoreItem).where(ScoreItem.user_id.in_(user_ids))):
        items.setdefault(item.user_id, []).append(item)
    completed: dict[int, list[str]] = {}
    for user_id, title in db.session.execute(
            select(Enrollment.user_id, Course.title).join(Course, Course.id == Enrollment.course_id)
            .where(Enrollment.user_id.in_(user_ids), Enrollment.completed_at.is_not(None))
            .order_by(Enrollment.completed_at)):
        completed.setdefault(user_id, []).append(title)
    active = active_model()
    rules = {r.key: r for r in active[1].rules} if active else {}
    now = utcnow()
    leads = {}
    for user_id in user_ids:
        user, score = users.get(user_id), scores.get(user_id)
        if user is None or score is None:
            continue
        reasons = _reasons(items.get(user_id, []), rules, now)
        leads[user_id] = Lead(
            email=user.email, first_name=user.first_name, last_name=user.last_name, company=user.company,
            job_title=user.job_title, stage=score.stage, score=score.total, fit=score.fit,
            topics=list(score.top_topics or []), courses_completed=completed.get(user_id, []), reasons=reasons,
            last_activity_at=score.last_activity_at,
            note=_note(user, score, reasons) if user_id in note_for else None)
    return leads


def _note(user: User, score: LeadScore, reasons: list[Reason]) -> str:
    lines = "".join(f"<li>{escape(r.rule)}: {r.points:+g}" + (f" ({r.times}×)" if r.times > 1 else "") + "</li>"
                    for r in reasons)
    topics = ", ".join(score.top_topics or []) or "none yet"
    return (f"<p><strong>Primer: {escape(user.full_name)} is {score.stage.english_label.lower()}</strong> "
            f"with a score of {score.total:g} (engagement {score.engagement:g}, fit {score.fit:g}).</p>"
            f"<p>Why:</p><ul>{lines}</ul><p>Topics of interest: {escape(topics)}.</p>")
