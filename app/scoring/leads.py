"""Read-side questions sales asks about leads: the filtered list, the stage summary, and one
lead's breakdown, courses and timeline. Reads only; no HTTP."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.orm import aliased, contains_eager

from app.accounts.models import Role, User
from app.core.extensions import db
from app.core.time import utcnow
from app.courses.models import Course, Lesson
from app.learning import queries
from app.learning.models import Certificate, Enrollment, LearningEvent
from app.scoring import engine, history, service
from app.scoring.engine import ItemState
from app.scoring.models import LeadScore, LeadStage, ScoreItem, ScoringModelVersion
from app.scoring.rules import ScoringModel, parse

SORTS = ("score", "last_activity", "name")
TIMELINE_LIMIT = 100


@dataclass(frozen=True)
class LeadFilter:
    """What the sales person asked for; every field optional."""

    stage: LeadStage | None = None
    min_score: float | None = None
    course_id: int | None = None
    company: str = ""
    topic: str = ""
    active_days: int | None = None
    sort: str = "score"
    descending: bool = True


def _json_text_contains(column, value: str):
    """Whether a JSON column holds `value` as a string (a list item or an object key).

    Portable: a LIKE on the JSON text, searching for the value as JSON writes it (quoted, with
    the same escapes). "/" is the LIKE escape, as PostgreSQL treats a backslash specially.
    """
    needle = json.dumps(value.strip().lower())
    for char in "/%_":
        needle = needle.replace(char, "/" + char)
    return func.lower(cast(column, String)).like(f"%{needle}%", escape="/")


def lead_query(wanted: LeadFilter, now: datetime | None = None) -> Select:
    """The learners with a score that match `wanted`, in the asked order (a select of LeadScore,
    each with its user loaded)."""
    query = (select(LeadScore).join(LeadScore.user).options(contains_eager(LeadScore.user))
             .where(User.role == Role.LEARNER))
    if wanted.stage is not None:
        query = query.where(LeadScore.stage == wanted.stage)
    if wanted.min_score is not None:
        query = query.where(LeadScore.total >= wanted.min_score)
    if wanted.course_id is not None:
        query = query.where(select(Enrollment.id).where(Enrollment.user_id == LeadScore.user_id,
                                                        Enrollment.course_id == wanted.course_id).exists())
    if wanted.company.strip():
        query = query.where(User.company.icontains(wanted.company.strip(), autoescape=True))
    if wanted.topic.strip():
        query = query.where(_json_text_contains(LeadScore.top_topics, wanted.topic)
                            | _json_text_contains(LeadScore.topic_counts, wanted.topic))
    if wanted.active_days is not None:
        since = (now or utcnow()) - timedelta(days=wanted.active_days)
        query = query.where(LeadScore.last_activity_at >= since)
    return query.order_by(*_order(wanted))


def _order(wanted: LeadFilter) -> list:
    def direction(column):
        return column.desc() if wanted.descending else column.asc()

    if wanted.sort == "last_activity":
        # Never-active learners last whichever the direction (NULLS LAST, portably).
        keys = [LeadScore.last_activity_at.is_(None), direction(LeadScore.last_activity_at)]
    elif wanted.sort == "name":
        keys = [direction(func.lower(User.last_name)), direction(func.lower(User.first_name)), direction(User.email)]
    else:
        keys = [direction(LeadScore.total)]
    return keys + [User.id.asc()]


def stage_counts() -> dict[LeadStage, int]:
    """How many learners are in each stage (every stage listed, zero included)."""
    rows = db.session.execute(select(LeadScore.stage, func.count()).join(LeadScore.user)
                              .where(User.role == Role.LEARNER).group_by(LeadScore.stage))
    counts = {stage: 0 for stage in LeadStage}
    counts.update({stage: n for stage, n in rows})
    return counts


def course_choices() -> list[tuple[int, str]]:
    """Every course as (id, title), for the "enrolled in" filter."""
    return [(row.id, row.title) for row in db.session.execute(select(Course.id, Course.title)
                                                                .order_by(Course.title, Course.id))]


def lead(user_id: int) -> LeadScore | None:
    """A learner's score with the learner, or None when they have none (or are not a learner)."""
    return db.session.scalar(select(LeadScore).join(LeadScore.user).options(contains_eager(LeadScore.user))
                             .where(LeadScore.user_id == user_id, User.role == Role.LEARNER))


# --- one lead's breakdown ---------------------------------------------------------------------

@dataclass
class BreakdownRow:
    name: str
    kind: str  # engagement | fit
    points: float  # undecayed sum of what the rule gave
    times: int
    last_at: datetime | None
    tenths: int  # its worth now, in tenths (the unit engine.totals adds up)

    @property
    def value(self) -> float:
        return self.tenths / 10


@dataclass
class Breakdown:
    rows: list[BreakdownRow]
    stage: str  # the stage the total calls for now
    when: datetime

    @property
    def engagement(self) -> float:
        return sum(r.tenths for r in self.rows if r.kind == "engagement") / 10

    @property
    def fit(self) -> float:
        return sum(r.tenths for r in self.rows if r.kind == "fit") / 10

    @property
    def total(self) -> float:
        return sum(r.tenths for r in self.rows) / 10


def model_of(version: int) -> ScoringModel | None:
    """The model a score was computed under (the one in force, unless it was never rebuilt)."""
    active = service.active_model()
    if active is not None and active[0] == version:
        return active[1]
    definition = db.session.scalar(select(ScoringModelVersion.definition)
                                   .where(ScoringModelVersion.version == version))
    return parse(definition) if definition is not None else None


def breakdown(score: LeadScore, when: datetime | None = None) -> Breakdown:
    """Each rule's part of the score, decayed to `when`, in the same tenths engine.totals adds,
    so the rows always add up to the total shown beside them."""
    when = when or utcnow()
    model = model_of(score.model_version)
    rules = {rule.key: rule for rule in model.rules} if model else {}
    rows = []
    for item in db.session.scalars(select(ScoreItem).where(ScoreItem.user_id == score.user_id)):
        if item.kind == "fit":
            worth = engine.tenths(item.points)
        else:
            state = ItemState(item.rule_key, item.times, item.points, item.value, item.as_of, item.last_at)
            worth = engine.tenths(engine.value_at(state, rules.get(item.rule_key), when))
        rows.append(BreakdownRow(item.rule_name, item.kind, item.points, item.times, item.last_at, worth))
    rows.sort(key=lambda r: (r.kind != "engagement", -r.tenths, r.name))
    total = sum(r.tenths for r in rows) / 10
    stage = model.stage_for(total) if model else score.stage.value
    return Breakdown(rows, stage, when)


def score_history(score: LeadScore, when: datetime | None = None) -> history.ScoreHistory | None:
    """The lead's score over time under the model their breakdown is read with (two queries)."""
    model = model_of(score.model_version)
    return history.score_history(score.user, model, when) if model else None


# --- courses and timeline ---------------------------------------------------------------------

@dataclass
class CourseProgress:
    title: str
    slug: str
    enrollment: Enrollment
    lessons_done: int
    lessons_total: int
    certificate: Certificate | None


def course_progress(user_id: int) -> list[CourseProgress]:
    """Each course the learner enrolled in: live lessons done of all, completion, certificate."""
    enrollments = db.session.execute(
        select(Enrollment, Course.title, Course.slug).join(Course, Course.id == Enrollment.course_id)
        .where(Enrollment.user_id == user_id).order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
    ).all()
    course_ids = [e.course_id for e, _, _ in enrollments]
    if not course_ids:
        return []
    lessons = queries.lessons_done(user_id, course_ids)
    certificates = {c.course_id: c for c in db.session.scalars(
        select(Certificate).where(Certificate.user_id == user_id, Certificate.course_id.in_(course_ids)))}
    return [CourseProgress(title, slug, e, *lessons[e.course_id], certificates.get(e.course_id))
            for e, title, slug in enrollments]


@dataclass
class TimelineEntry:
    event: LearningEvent
    course_title: str | None
    lesson_title: str | None


def timeline(user_id: int, limit: int = TIMELINE_LIMIT) -> tuple[list[TimelineEntry], int]:
    """The learner's latest events, newest first, and how many there are in all."""
    lesson = aliased(Lesson)
    rows = db.session.execute(
        select(LearningEvent, Course.title, lesson.title)
        .outerjoin(Course, Course.id == LearningEvent.course_id)
        .outerjoin(lesson, lesson.id == LearningEvent.lesson_id)
        .where(LearningEvent.user_id == user_id)
        .order_by(LearningEvent.occurred_at.desc(), LearningEvent.id.desc()).limit(limit)
    ).all()
    count = db.session.scalar(select(func.count()).select_from(LearningEvent)
                              .where(LearningEvent.user_id == user_id)) or 0
    return [TimelineEntry(event, course, lesson_title) for event, course, lesson_title in rows], count
