"""Scores move with each learning event, in the same transaction, and explain themselves."""
from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.core.time import utcnow
from app.learning import queries
from app.learning import service as learning
from app.learning.events import Verb
from app.learning.models import LearningEvent
from app.scoring import rebuild, service
from app.scoring.models import LeadScore, LeadStage, ScoreItem
from tests import factories
from tests.scoring.conftest import MODEL


def breakdown(db, user):
    return {i.rule_name: (i.times, i.points) for i in db.session.scalars(
        select(ScoreItem).where(ScoreItem.user_id == user.id))}


def test_the_vp_qualifies_and_the_student_does_not(app, db, scoring_model):
    vp = factories.user(email="dana@acme-corp.com", job_title="VP Engineering")
    student = factories.user(email="sam@gmail.com", job_title="Student")
    course = factories.course(slug="analytics", topics=("pricing",))
    for person in (vp, student):
        learning.enroll(person, course)
    lessons, quizzes = queries.course_lessons(course.id), queries.course_quizzes(course.id)
    for lesson in lessons:
        learning.complete_lesson(vp, lesson)
    for quiz in quizzes:
        learning.submit_quiz(vp, quiz, {q.id: list(q.correct) for q in quiz.live_questions})
    learning.complete_lesson(student, lessons[0])
    db.session.commit()

    vp_score, student_score = db.session.get(LeadScore, vp.id), db.session.get(LeadScore, student.id)
    assert vp_score.stage is LeadStage.SQL and student_score.stage is LeadStage.LEAD
    assert breakdown(db, vp) == {
        "Decision maker": (1, 20), "Enrolled": (1, 2), "Read a lesson": (4, 20),
        "Read about pricing": (2, 40), "Passed a quiz": (2, 30), "Finished the analytics course": (1, 30),
    }
    # the breakdown adds up to the shown score (no decay has happened yet)
    assert vp_score.total == sum(p for _, p in breakdown(db, vp).values()) == 142
    assert student_score.total == 2 + 5 + 20 - 20 == 7
    assert vp_score.top_topics == ["pricing"]
    stage_events = db.session.scalars(select(LearningEvent.payload).where(
        LearningEvent.user_id == vp.id, LearningEvent.verb == "stage_changed").order_by(LearningEvent.id)).all()
    assert [(e["from"], e["to"]) for e in stage_events] == [("lead", "mql"), ("mql", "sql")]

    before = {u.id: (s.total, s.stage) for u, s in [(vp, vp_score), (student, student_score)]}
    rebuild.rescore_all(when=vp_score.evaluated_at)
    db.session.commit()
    for user_id, (total, stage) in before.items():
        score = db.session.get(LeadScore, user_id)
        db.session.refresh(score)
        assert (score.total, score.stage) == (total, stage)


def test_staff_are_not_scored(app, db, scoring_model):
    author = factories.user("author")
    learning.record_event(author.id, Verb.SIGNED_UP)
    db.session.commit()
    assert db.session.get(LeadScore, author.id) is None


def test_no_model_means_no_scores_and_the_first_model_scores_past_events(app, db):
    user = factories.user()
    learning.record_event(user.id, Verb.ENROLLED, course_id=None)
    db.session.commit()
    assert db.session.get(LeadScore, user.id) is None
    service.save_model(MODEL)
    learning.record_event(user.id, Verb.ENROLLED)
    db.session.commit()
    assert breakdown(db, user)["Enrolled"] == (2, 4)


def test_a_new_model_is_applied_on_the_next_event(app, db, scoring_model):
    user = factories.user()
    learning.record_event(user.id, Verb.ENROLLED)
    db.session.commit()
    service.save_model({**MODEL, "rules": [{"name": "Enrolled (new)", "on": "enrolled", "points": 7}]})
    learning.record_event(user.id, Verb.ENROLLED)
    db.session.commit()
    assert breakdown(db, user) == {"Enrolled (new)": (2, 14)}
    assert db.session.get(LeadScore, user.id).model_version == 2


def test_profile_changes_move_fit(app, db, scoring_model):
    user = factories.user(job_title="Engineer")
    learning.record_event(user.id, Verb.ENROLLED)
    assert db.session.get(LeadScore, user.id).fit == 0
    user.job_title = "Head of Data"
    service.refresh_fit(user)
    assert db.session.get(LeadScore, user.id).fit == 20


def test_refresh_lets_decay_lower_the_stage(app, db):
    service.save_model({"thresholds": {"mql": 10, "sql": 100},
                        "rules": [{"name": "Quiz", "on": "quiz_passed", "points": 15, "half_life_days": 1}]})
    user = factories.user()
    long_ago = utcnow() - timedelta(days=3)
    learning.record_event(user.id, Verb.QUIZ_PASSED, occurred_at=long_ago)
    db.session.commit()
    score = db.session.get(LeadScore, user.id)
    assert score.stage is LeadStage.LEAD  # already decayed to 1.9 when scored
    learning.record_event(user.id, Verb.QUIZ_PASSED)
    db.session.commit()
    assert score.stage is LeadStage.MQL and score.total == 16.9
    assert rebuild.refresh_all(when=utcnow() + timedelta(days=2)) == 1
    db.session.commit()
    assert score.stage is LeadStage.LEAD and score.total == 4.2


def test_signing_up_scores_fit_at_once(browser, db, scoring_model):
    browser.submit("/signup", {"email": "kai@initech.com", "password": "seven silver trains", "first_name": "Kai",
                               "last_name": "Ito", "company": "Initech", "job_title": "Director of IT"})
    user = db.session.scalar(select(User))
    score = db.session.get(LeadScore, user.id)
    assert score.fit == 20 and score.total == 20
    assert db.session.scalar(select(LearningEvent.verb).where(LearningEvent.user_id == user.id)) == "signed_up"


def test_editing_the_profile_rescores_fit(browser, login_as, db, scoring_model):
    user = login_as("learner", job_title="Engineer")
    learning.record_event(user.id, Verb.ENROLLED)
    db.session.commit()
    browser.submit("/account", {"profile-first_name": "A", "profile-last_name": "B",
                                "profile-job_title": "Chief Data Officer"})
    score = db.session.get(LeadScore, user.id)
    db.session.refresh(score)
    assert score.fit == 20


def test_rescore_counts_each_quiz_once_in_a_log_from_before_retakes_were_deduplicated(app, db, scoring_model):
    """Logs written before quiz events had dedupe keys hold an event per attempt; rebuilding
    counts a quiz's first failure and first pass only, as the live updates now do."""
    user = factories.user(job_title="VP Sales")
    for verb, quiz_id in [(Verb.QUIZ_FAILED, 1), (Verb.QUIZ_FAILED, 1), (Verb.QUIZ_PASSED, 1), (Verb.QUIZ_PASSED, 1),
                          (Verb.QUIZ_PASSED, 1), (Verb.QUIZ_FAILED, 2), (Verb.QUIZ_PASSED, 2)]:
        learning.record_event(user.id, verb, topics=["pricing"], payload={"quiz_id": quiz_id, "score": 50})
    db.session.commit()
    assert breakdown(db, user)["Passed a quiz"] == (4, 60)  # what retakes farmed before
    rebuild.rescore_all()
    db.session.commit()
    db.session.expire_all()
    assert breakdown(db, user) == {"Decision maker": (1, 20), "Failed a quiz": (2, -6), "Passed a quiz": (2, 30)}
    assert db.session.get(LeadScore, user.id).topic_counts == {"pricing": 4}
