"""What Primer tells the CRM about a learner, built from their current state in a few queries."""
from __future__ import annotations

from html import escape

from sqlalchemy import select

from app.accounts.models import User
from app.core.extensions import db
from app.core.time import utcnow
from app.courses.models import Course
from app.crm.hubspot import ContactUpdate
from app.learning.models import Enrollment
from app.scoring import engine
from app.scoring.models import LeadScore, LeadStage, ScoreItem
from app.scoring.versions import active_model

LIFECYCLE = {LeadStage.MQL: "marketingqualifiedlead", LeadStage.SQL: "salesqualifiedlead"}


def _reasons(items: list[ScoreItem], rules: dict, when) -> list[tuple[str, float, int]]:
    """(rule name, points now, times) for each part of the score, largest first."""
    rows = []
    for item in items:
        value = item.value if item.kind == "fit" else engine.value_at(
            engine.ItemState(item.rule_key, item.times, item.points, item.value, item.as_of, item.last_at),
            rules.get(item.rule_key), when)
        rows.append((item.rule_name, engine.tenths(value) / 10, item.times))
    return sorted(rows, key=lambda r: (-abs(r[1]), r[0]))


def build(user_ids: list[int], note_for: set[int]) -> dict[int, ContactUpdate]:
    """The contact update for each learner that has a score (learners without one are skipped)."""
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
    updates = {}
    for user_id in user_ids:
        user, score = users.get(user_id), scores.get(user_id)
        if user is None or score is None:
            continue
        reasons = _reasons(items.get(user_id, []), rules, now)
        properties = {
            "firstname": user.first_name, "lastname": user.last_name, "company": user.company,
            "jobtitle": user.job_title,
            "primer_score": f"{score.total:g}", "primer_fit": f"{score.fit:g}", "primer_stage": score.stage.value,
            "primer_topics": ";".join(score.top_topics or []),
            "primer_courses_completed": ";".join(completed.get(user_id, [])),
            "primer_score_reasons": "; ".join(f"{name} {points:+g}" + (f" ({times}×)" if times > 1 else "")
                                              for name, points, times in reasons)[:65000],
        }
        if score.last_activity_at:
            properties["primer_last_activity"] = score.last_activity_at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        note = _note(user, score, reasons) if user_id in note_for else None
        updates[user_id] = ContactUpdate(email=user.email, properties=properties, lifecycle=LIFECYCLE.get(score.stage),
                                         note=note)
    return updates


def _note(user: User, score: LeadScore, reasons: list[tuple[str, float, int]]) -> str:
    lines = "".join(f"<li>{escape(name)}: {points:+g}" + (f" ({times}×)" if times > 1 else "") + "</li>"
                    for name, points, times in reasons)
    topics = ", ".join(score.top_topics or []) or "none yet"
    return (f"<p><strong>Primer: {escape(user.full_name)} is {score.stage.label.lower()}</strong> "
            f"with a score of {score.total:g} (engagement {score.engagement:g}, fit {score.fit:g}).</p>"
            f"<p>Why:</p><ul>{lines}</ul><p>Topics of interest: {escape(topics)}.</p>")
