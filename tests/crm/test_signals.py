"""What the outbox hears from other areas: each change, made through its own area's function,
queues (or stops) the learner's row in the same transaction."""
from app.accounts import service as accounts
from app.crm.models import CrmSync, SyncStatus
from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import rebuild
from app.scoring import service as scoring
from tests import factories
from tests.scoring.conftest import MODEL


def _profile(user) -> accounts.Profile:
    return accounts.Profile(first_name=user.first_name, last_name=user.last_name, company=user.company,
                            job_title=user.job_title, country=user.country)


def test_a_qualified_lead_finishing_a_course_is_queued(app, db, scoring_model):
    user = factories.user(consent_contact=True)
    course = factories.course(modules=1, lessons_per_module=2, quiz=False, topics=("pricing",))
    learning.enroll(user, course)
    for lesson in course.modules[0].lessons:
        learning.complete_lesson(user, lesson)
    db.session.commit()
    assert db.session.get(CrmSync, user.id).reasons == [
        "Stage lead → marketing qualified", f"Finished the course “{course.title}”"]


def test_consent_given_on_the_account_page_queues_and_withdrawn_stops(app, db, scoring_model):
    user = factories.user(consent_contact=False)
    factories.qualify(user)
    db.session.commit()
    assert db.session.get(CrmSync, user.id) is None
    accounts.update_profile(user, _profile(user), consent_contact=True)
    db.session.commit()
    row = db.session.get(CrmSync, user.id)
    assert row.status is SyncStatus.PENDING and row.reasons == ["Agreed to be contacted"]
    accounts.update_profile(user, _profile(user), consent_contact=False)
    db.session.commit()
    assert row.status is SyncStatus.IDLE and row.last_error == "Consent withdrawn: not sent."


def test_a_stage_moved_by_a_rescore_is_queued_with_a_note(app, db, scoring_model):
    user = factories.user(consent_contact=True)
    learning.record_event(user.id, Verb.LESSON_COMPLETED, topics=["pricing"])  # 25: a lead
    db.session.commit()
    assert db.session.get(CrmSync, user.id) is None
    scoring.save_model({**MODEL, "thresholds": {"mql": 20, "sql": 80}})
    rebuild.rescore_all()
    db.session.commit()
    row = db.session.get(CrmSync, user.id)
    assert row.reasons == ["Stage lead → marketing qualified"] and row.note_due


def test_apps_built_one_after_another_queue_each_change_once(app, db, scoring_model, make_app):
    make_app()
    make_app()
    user = factories.user(consent_contact=True)
    factories.qualify(user)
    db.session.commit()
    row = db.session.get(CrmSync, user.id)
    assert row.version == 1 and row.reasons == ["Stage lead → marketing qualified"]
