"""Events for one learner arriving at once lose no update (threads, real transactions)."""
from sqlalchemy import select

from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import rebuild
from app.scoring.models import LeadScore, ScoreItem
from tests import factories
from tests.learning.test_concurrency import run_together


def test_simultaneous_events_for_one_learner_all_count(app, db, scoring_model):
    user = factories.user()
    uid = user.id
    learning.record_event(uid, Verb.SIGNED_UP)
    db.session.commit()

    def event(verb, topics=()):
        return lambda: learning.record_event(uid, verb, topics=list(topics))

    actions = [event(Verb.LESSON_COMPLETED, ["pricing"]) for _ in range(4)] + [
        event(Verb.QUIZ_PASSED) for _ in range(4)]
    assert run_together(app, actions) == []
    db.session.expire_all()
    items = {i.rule_name: i.times for i in db.session.scalars(select(ScoreItem).where(ScoreItem.user_id == uid))}
    assert items["Read a lesson"] == 4 and items["Passed a quiz"] == 4 and items["Read about pricing"] == 2
    live = db.session.get(LeadScore, uid)
    snapshot = {(i.rule_key, i.times, i.value, i.as_of) for i in db.session.scalars(
        select(ScoreItem).where(ScoreItem.user_id == uid))}
    rebuild.rescore_all(when=live.evaluated_at)
    db.session.commit()
    db.session.expire_all()
    assert snapshot == {(i.rule_key, i.times, i.value, i.as_of) for i in db.session.scalars(
        select(ScoreItem).where(ScoreItem.user_id == uid))}
