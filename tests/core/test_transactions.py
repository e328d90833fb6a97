"""A unit of work is all or nothing on every database, whatever its first write is."""
from sqlalchemy import func, select

from app.learning import service as learning
from app.learning.events import Verb
from app.learning.models import LearningEvent
from tests import factories


def test_a_savepoint_as_the_first_write_is_undone_with_its_transaction(app, db):
    user_id = factories.user().id
    db.session.close()
    learning.record_event(user_id, Verb.ENROLLED, dedupe_key=f"first-write:{user_id}")  # a savepoint
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(LearningEvent)) == 0
