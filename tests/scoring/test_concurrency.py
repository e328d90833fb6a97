"""Events for one learner arriving at once lose no update (threads, real transactions)."""
from sqlalchemy import select

from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import rebuild
from app.scoring.models import LeadScore, ScoreItem
from tests import factories
from tests.concurrency import in_threads, run_together


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


def test_parallel_requests_from_one_learner_in_several_courses_lose_no_points(app, db, scoring_model):
    """Real HTTP requests at once, each in another course (so only the score row serializes them)."""
    import re
    import threading

    from app.learning import queries

    user = factories.user()
    courses = [factories.course(modules=1, lessons_per_module=1, quiz=False, topics=("pricing",)) for _ in range(6)]
    for course in courses:
        learning.enroll(user, course)
    db.session.commit()
    key = factories.sign_in(app.test_client(), user)
    targets = [(c.slug, queries.course_lessons(c.id)[0].slug) for c in courses]
    barrier, statuses = threading.Barrier(len(targets)), []

    def complete(slug, lesson):
        client = app.test_client()
        with client.session_transaction() as s:
            s["_user_id"], s["_fresh"] = key, True
        page = client.get(f"/learn/{slug}/{lesson}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        barrier.wait(timeout=10)
        statuses.append(client.post(f"/learn/{slug}/{lesson}/complete", data={"csrf_token": token}).status_code)

    in_threads(complete, targets)
    assert statuses == [302] * len(targets)
    db.session.expire_all()
    items = {i.rule_name: i.times for i in db.session.scalars(select(ScoreItem).where(ScoreItem.user_id == user.id))}
    # every lesson and every finished course counted, none lost to a concurrent update
    assert items["Read a lesson"] == 6 and items["Read about pricing"] == 2 and items["Enrolled"] == 3
    score = db.session.get(LeadScore, user.id)
    live = (score.total, score.stage)
    rebuild.rescore_all(when=score.evaluated_at)
    db.session.commit()
    db.session.expire_all()
    assert (db.session.get(LeadScore, user.id).total, db.session.get(LeadScore, user.id).stage) == live
