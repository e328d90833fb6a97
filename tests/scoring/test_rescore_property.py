"""`scoring rescore` rebuilds exactly what the live updates built, for any event sequence."""
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from app.accounts.models import User
from app.courses.models import Course
from app.learning import service as learning
from app.learning.events import Verb
from app.learning.models import LearningEvent
from app.scoring import engine, rebuild, service
from app.scoring.models import LeadScore, ScoreItem, ScoringModelVersion
from tests import factories
from tests.scoring.conftest import MODEL

T0 = datetime(2026, 3, 1, tzinfo=timezone.utc)
VERBS = [Verb.SIGNED_UP, Verb.ENROLLED, Verb.LESSON_COMPLETED, Verb.QUIZ_PASSED, Verb.QUIZ_FAILED, Verb.COURSE_COMPLETED,
         Verb.COURSE_PURCHASED, Verb.CERTIFICATE_EARNED]

events = st.lists(
    st.tuples(
        st.integers(0, 2),                                       # which learner
        st.sampled_from(VERBS),
        st.lists(st.sampled_from(["pricing", "security", "api"]), max_size=2, unique=True),
        st.sampled_from([None, "analytics", "other"]),           # course slug
        st.integers(-20 * 24, 90 * 24),                          # hours from T0: out of order is allowed
    ),
    max_size=40,
)


def snapshot(db):
    items = {(i.user_id, i.rule_key): (i.times, i.points, i.value, i.as_of, i.last_at)
             for i in db.session.scalars(select(ScoreItem))}
    scores = {s.user_id: (s.topic_counts, s.top_topics, s.last_activity_at, s.last_event_id)
              for s in db.session.scalars(select(LeadScore))}
    return items, scores


def totals_at(db, model, when):
    out = {}
    for score in db.session.scalars(select(LeadScore)):
        engagement, fit_keys = service.item_states(score.user_id)
        fit = [r for r in model.fit if r.key in fit_keys]
        t = engine.totals(model, engagement, fit, when)
        out[score.user_id] = (t.total, t.stage)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=events)
def test_rescore_equals_live(app, db, sequence):
    try:
        service.save_model(MODEL)
        people = [factories.user(job_title=title, email=f"p{i}@{domain}", commit=False)
                  for i, (title, domain) in enumerate([("VP Sales", "acme.com"), ("Student", "gmail.com"),
                                                        ("Engineer", "initech.com")])]
        courses = {slug: factories.course(slug=slug, modules=1, lessons_per_module=1, quiz=False, commit=False)
                   for slug in ("analytics", "other")}
        db.session.commit()
        for person in people:  # as at sign-up
            learning.record_event(person.id, Verb.SIGNED_UP, occurred_at=T0 - timedelta(days=30))
        db.session.commit()
        for who, verb, topics, slug, hours in sequence:
            learning.record_event(people[who].id, verb, topics=topics,
                                  course_id=courses[slug].id if slug else None,
                                  occurred_at=T0 + timedelta(hours=hours))
            db.session.commit()
        _, model = service.active_model()
        when = T0 + timedelta(days=120)
        live, live_totals = snapshot(db), totals_at(db, model, when)

        rebuild.rescore_all(when=when)
        db.session.commit()
        db.session.expire_all()
        assert snapshot(db) == live
        assert totals_at(db, model, when) == live_totals
        assert {s.user_id: (s.total * 10, s.stage.value) for s in db.session.scalars(select(LeadScore))} == {
            uid: (float(total), stage) for uid, (total, stage) in live_totals.items()}
    finally:
        db.session.rollback()
        for model_class in (ScoreItem, LeadScore, LearningEvent, ScoringModelVersion):
            db.session.execute(delete(model_class))
        db.session.execute(delete(User))
        db.session.execute(delete(Course))
        db.session.commit()
