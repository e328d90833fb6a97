"""The unit of work: kept whole, refused whole, or gone with an unexpected error."""
import pytest
from flask import get_flashed_messages
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict

from app.accounts.models import User
from app.core.uow import unit_of_work
from tests import factories


class Refusal(Exception):
    pass


class Kept(Exception):
    pass


def people(db) -> int:
    db.session.close()
    return db.session.scalar(select(func.count()).select_from(User))


def test_the_work_is_committed(app, db):
    with unit_of_work() as work:
        factories.user(commit=False)
        db.session.flush()
    assert work.ok and work.error is None
    assert people(db) == 1


def test_a_refusal_rolls_everything_back_and_is_kept_on_the_work(app, db):
    with unit_of_work(Refusal) as work:
        factories.user(commit=False)
        db.session.flush()
        raise Refusal("not now")
    assert not work.ok and str(work.error) == "not now"
    assert people(db) == 0


def test_a_refusal_may_be_flashed(app, db):
    with app.test_request_context("/"):
        with unit_of_work(Refusal, flash_error=True) as work:
            raise Refusal("Enroll first.")
        assert not work.ok
        assert get_flashed_messages(with_categories=True) == [("error", "Enroll first.")]


def test_a_refusal_may_end_the_request_in_an_http_error(app, db):
    with pytest.raises(Conflict):
        with unit_of_work(Refusal, abort_with=409):
            factories.user(commit=False)
            db.session.flush()
            raise Refusal("someone else was first")
    assert people(db) == 0


def test_nothing_is_flashed_or_aborted_when_the_work_goes_through(app, db):
    with app.test_request_context("/"):
        with unit_of_work(Refusal, flash_error=True, abort_with=409) as work:
            pass
        assert work.ok and get_flashed_messages() == []


def test_any_other_error_rolls_back_and_goes_on_up(app, db):
    with pytest.raises(KeyError):
        with unit_of_work(Refusal):
            factories.user(commit=False)
            db.session.flush()
            raise KeyError("bug")
    assert people(db) == 0


def test_a_kept_error_commits_the_work_and_is_reported(app, db):
    with unit_of_work(keep=Kept) as work:
        factories.user(commit=False)
        db.session.flush()
        raise Kept("the order failed; keep it")
    assert isinstance(work.error, Kept) and not work.ok
    assert people(db) == 1


def test_a_commit_that_fails_with_a_refused_error_counts_as_refused(app, db):
    taken = factories.user().email
    with unit_of_work(IntegrityError) as work:
        factories.user(email=taken, commit=False)  # the unique email fails at the commit's flush
    assert isinstance(work.error, IntegrityError)
    assert people(db) == 1
    factories.user()  # the session is usable again


def test_a_commit_that_fails_otherwise_rolls_back_and_goes_on_up(app, db):
    taken = factories.user().email
    with pytest.raises(IntegrityError):
        with unit_of_work(Refusal):
            factories.user(email=taken, commit=False)
    assert people(db) == 1


def test_the_loaded_rows_may_stay_loaded_after_the_commit(app, db):
    person = factories.user()
    with unit_of_work(expire_on_commit=False):
        person.first_name = "Kept"
    assert "first_name" in person.__dict__  # not expired: reading it costs no query
    assert db.session().expire_on_commit is True  # only that commit
    with unit_of_work():
        person.first_name = "Again"
    assert "first_name" not in person.__dict__


def test_a_convenience_commit_does_not_wait_for_the_disk_on_postgresql(app, db, is_postgres):
    person = factories.user()
    person_id = person.id
    settings = []

    def seen(conn, cursor, statement, *args):
        settings.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with unit_of_work(convenience=True):
            person.first_name = "Resumed"
        with unit_of_work(convenience=True):
            pass  # nothing to write: a plain commit
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    asked = [s for s in settings if "synchronous_commit" in s]
    assert len(asked) == (1 if is_postgres else 0)
    db.session.close()
    assert db.session.get(User, person_id).first_name == "Resumed"
