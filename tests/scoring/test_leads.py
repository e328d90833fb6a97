"""The read side sales uses: filtering and sorting leads, one lead's breakdown, courses, timeline."""
from datetime import timedelta

import pytest

from app.accounts.models import Role
from app.core.time import utcnow
from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import engine, leads, service
from app.scoring.leads import LeadFilter
from app.scoring.models import LeadScore, LeadStage
from tests import factories


def emails(db, wanted: LeadFilter) -> list[str]:
    return [score.user.email for score in db.session.scalars(leads.lead_query(wanted))]


def test_sorted_by_score_by_default(db, prospects):
    assert emails(db, LeadFilter()) == ["dana@acme.example", "max@initech.example", "lee@globex.example",
                                        "sam@gmail.com"]
    assert emails(db, LeadFilter(descending=False))[0] == "sam@gmail.com"
    assert emails(db, LeadFilter(sort="name", descending=False))[:2] == ["dana@acme.example", "max@initech.example"]
    # never-active learners come last either way; here everyone has activity, the student oldest
    assert emails(db, LeadFilter(sort="last_activity"))[-1] == "sam@gmail.com"
    assert emails(db, LeadFilter(sort="last_activity", descending=False))[0] == "sam@gmail.com"


@pytest.mark.parametrize("make_filter,expected", [
    (lambda p: LeadFilter(stage=LeadStage.SQL), ["dana"]),
    (lambda p: LeadFilter(stage=LeadStage.MQL), ["max"]),
    (lambda p: LeadFilter(min_score=40), ["dana", "max"]),
    (lambda p: LeadFilter(course_id=p["security"].id), ["lee"]),
    (lambda p: LeadFilter(company="GLOB"), ["lee"]),
    (lambda p: LeadFilter(company="%"), []),  # wildcards are text, not patterns
    (lambda p: LeadFilter(topic="pricing"), ["dana", "max"]),
    (lambda p: LeadFilter(topic="SSO"), ["lee"]),
    (lambda p: LeadFilter(topic="pric"), []),  # whole topics only
    (lambda p: LeadFilter(active_days=30), ["dana", "max", "lee"]),
    (lambda p: LeadFilter(min_score=10, topic="security", active_days=7), ["lee"]),
])
def test_each_filter(db, prospects, make_filter, expected):
    assert emails(db, make_filter(prospects)) == [prospects[name].email for name in expected]


def test_topic_filter_finds_topics_beyond_the_top_three(db, scoring_model):
    person = factories.user()
    for n, topic in enumerate(["a", "a", "b", "b", "c", "c", "zürich"]):
        learning.record_event(person.id, Verb.LESSON_COMPLETED, topics=[topic], dedupe_key=f"t{n}")
    db.session.commit()
    score = db.session.get(LeadScore, person.id)
    assert "zürich" not in score.top_topics and score.topic_counts["zürich"] == 1
    assert emails(db, LeadFilter(topic="Zürich")) == [person.email]


def test_stage_counts_list_every_stage(db, prospects):
    assert leads.stage_counts() == {LeadStage.LEAD: 2, LeadStage.MQL: 1, LeadStage.SQL: 1}


def test_staff_and_unscored_people_are_not_leads(db, prospects):
    author = factories.user("author")
    assert leads.lead(author.id) is None and leads.lead(prospects["dana"].id) is not None
    prospects["lee"].role = Role.SALES
    db.session.commit()
    assert "lee@globex.example" not in emails(db, LeadFilter())


def test_the_breakdown_adds_up_now_and_later(db, prospects):
    score = db.session.get(LeadScore, prospects["dana"].id)
    now = leads.breakdown(score)
    assert now.total == score.total == 142
    assert {(r.name, r.kind, r.times) for r in now.rows} >= {("Decision maker", "fit", 1), ("Passed a quiz",
                                                                                            "engagement", 2)}
    later = utcnow() + timedelta(days=20)
    decayed = leads.breakdown(score, when=later)
    _, model = service.active_model()
    states, fit_keys = service.item_states(score.user_id)
    expected = engine.totals(model, states, [r for r in model.fit if r.key in fit_keys], later)
    assert decayed.total * 10 == sum(r.tenths for r in decayed.rows) == expected.total
    assert decayed.total < now.total and decayed.stage == expected.stage


def test_course_progress_and_timeline(db, prospects):
    dana, lee = prospects["dana"], prospects["lee"]
    (done,) = leads.course_progress(dana.id)
    assert (done.slug, done.lessons_done, done.lessons_total) == ("analytics", 4, 4)
    assert done.enrollment.completed_at is not None and done.certificate is not None
    (half,) = leads.course_progress(lee.id)
    assert (half.lessons_done, half.lessons_total, half.certificate) == (2, 4, None)
    events, count = leads.timeline(dana.id)
    assert count == len(events)
    verbs = [entry.event.verb for entry in events]
    assert verbs[-1] == "enrolled" and "certificate_earned" in verbs and "stage_changed" in verbs
    assert any(e.lesson_title == "Lesson 1.1" and e.course_title == prospects["analytics"].title for e in events)
    few, count = leads.timeline(dana.id, limit=3)
    assert len(few) == 3 and count > 3 and [e.event.id for e in few] == [e.event.id for e in events[:3]]
