"""Admins deactivate and reactivate accounts in the browser: a deactivated person cannot log in
(and is told so), their sessions end at their next request, their data stays where it was."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import AccountAction, AccountLog, LoginSession, Role, User
from app.core.time import utcnow
from app.learning import service as learning
from app.learning.models import Enrollment
from tests import factories
from tests.conftest import Browser

DEACTIVATED = "This account has been deactivated, so it cannot log in."


@pytest.fixture
def admin(browser, login_as):
    return login_as("admin")


@pytest.fixture
def learner_in(app, db):
    """A learner enrolled in a course, logged in in a browser of their own."""
    learner = factories.user(email="kim@example.com")
    learning.enroll(learner, factories.course())
    db.session.commit()
    own = Browser(app.test_client())
    response = own.submit("/login", {"email": "kim@example.com", "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert own.client.get("/account").status_code == 200
    return learner, own


def sessions_of(db, user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginSession).where(LoginSession.user_id == user.id))


def test_a_deactivated_person_is_logged_out_refused_and_kept(app, browser, admin, db, learner_in):
    learner, own = learner_in
    response = browser.post(f"/admin/users/{learner.id}/deactivate", token_page="/admin/users",
                            follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "kim@example.com is deactivated and logged out everywhere" in page
    assert "Deactivated" in page and f'action="/admin/users/{learner.id}/reactivate"' in page
    db.session.refresh(learner)
    assert learner.deactivated_at is not None and sessions_of(db, learner) == 0

    # Their open session ends at their next request.
    response = own.client.get("/account")
    assert response.status_code == 302 and response.location.startswith("/login")

    # The right password is told why; a wrong one learns nothing new.
    refused = own.submit("/login", {"email": "kim@example.com", "password": factories.DEFAULT_PASSWORD})
    assert refused.status_code == 422 and DEACTIVATED in refused.get_data(as_text=True)
    wrong = own.submit("/login", {"email": "kim@example.com", "password": "not the password"})
    assert wrong.status_code == 422 and DEACTIVATED not in wrong.get_data(as_text=True)
    assert sessions_of(db, learner) == 0

    # Nothing they did is gone, and they are still listed.
    assert db.session.scalar(select(func.count()).select_from(Enrollment)
                             .where(Enrollment.user_id == learner.id)) == 1
    assert "kim@example.com" in browser.get("/admin/users?q=kim").get_data(as_text=True)

    response = browser.post(f"/admin/users/{learner.id}/reactivate", token_page="/admin/users",
                            follow_redirects=True)
    assert "kim@example.com can log in again" in response.get_data(as_text=True)
    assert own.submit("/login", {"email": "kim@example.com",
                                 "password": factories.DEFAULT_PASSWORD}).status_code == 302
    assert own.client.get("/account").status_code == 200

    log = [(row.action, row.actor_id) for row in db.session.scalars(
        select(AccountLog).where(AccountLog.user_id == learner.id).order_by(AccountLog.id))]
    assert log == [(AccountAction.DEACTIVATED, admin.id), (AccountAction.REACTIVATED, admin.id)]
    changes = browser.get("/admin/users").get_data(as_text=True)
    changes = changes[changes.index('id="account-log-title"'):]
    assert re.search(r"Reactivated</th>\s*<td>kim@example.com</td>", changes)


def test_an_admin_cannot_deactivate_themself(browser, admin, db):
    page = browser.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{admin.id}/deactivate"' not in page  # not offered
    response = browser.post(f"/admin/users/{admin.id}/deactivate", token_page="/admin/users", follow_redirects=True)
    assert "You cannot deactivate your own account" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.is_active and browser.get("/admin/users").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AccountLog)) == 0


def test_another_admin_can_be_deactivated_and_loses_the_admin_pages(app, browser, admin, db):
    other = factories.user("admin", email="second@example.com")
    theirs = Browser(app.test_client())
    factories.sign_in(theirs.client, other)
    assert theirs.client.get("/admin/users").status_code == 200
    browser.post(f"/admin/users/{other.id}/deactivate", token_page="/admin/users")
    response = theirs.client.get("/admin/users")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_deactivating_twice_or_reactivating_an_active_account_changes_nothing(browser, admin, db):
    person = factories.user()
    browser.post(f"/admin/users/{person.id}/deactivate", token_page="/admin/users")
    db.session.refresh(person)
    since = person.deactivated_at
    again = browser.post(f"/admin/users/{person.id}/deactivate", token_page="/admin/users", follow_redirects=True)
    assert "is already deactivated" in again.get_data(as_text=True)
    db.session.refresh(person)
    assert person.deactivated_at == since
    active = factories.user()
    response = browser.post(f"/admin/users/{active.id}/reactivate", token_page="/admin/users", follow_redirects=True)
    assert "is active already" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AccountLog)) == 1
    assert browser.post("/admin/users/999999/deactivate", token_page="/admin/users").status_code == 404


def test_a_session_left_over_from_before_the_deactivation_does_not_work(app, db, learner_in):
    """Deactivation ends sessions; should one survive (a deactivation written elsewhere), the
    next request still refuses it and removes it."""
    learner, own = learner_in
    learner.deactivated_at = utcnow()
    db.session.commit()
    assert sessions_of(db, learner) == 1
    response = own.client.get("/account")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert sessions_of(db, learner) == 0


def test_a_deactivated_account_gets_no_reset_link_and_old_links_stop_working(app, browser, admin, db, outbox):
    person = factories.user(email="kim@example.com")
    own = Browser(app.test_client())
    own.submit("/reset-password", {"email": "kim@example.com"})
    link = re.search(r"http://primer\.test(/reset-password/\S+)", outbox[0].body).group(1)
    browser.post(f"/admin/users/{person.id}/deactivate", token_page="/admin/users")
    assert own.client.get(link).location == "/reset-password"  # the earlier link is used up
    response = own.submit("/reset-password", {"email": "kim@example.com"}, follow_redirects=True)
    assert "If an account exists" in response.get_data(as_text=True)  # the same answer as ever
    assert len(outbox) == 1  # but no new link


def test_a_deactivated_invitee_cannot_accept_and_can_be_invited_again_once_reactivated(app, browser, admin, db,
                                                                                       outbox):
    browser.submit("/admin/users/invite", {"email": "noor@example.com", "role": "sales"})
    noor = db.session.scalar(select(User).where(User.email == "noor@example.com"))
    link = re.search(r"http://primer\.test(/invitation/\S+)", outbox[0].body).group(1)
    browser.post(f"/admin/users/{noor.id}/deactivate", token_page="/admin/users")
    invitee = Browser(app.test_client())
    assert invitee.client.get(link).location == "/login"
    refused = browser.post(f"/admin/users/{noor.id}/invitation", token_page="/admin/users", follow_redirects=True)
    assert "reactivate the account before inviting them again" in refused.get_data(as_text=True)
    assert len(outbox) == 1
    browser.post(f"/admin/users/{noor.id}/reactivate", token_page="/admin/users")
    browser.post(f"/admin/users/{noor.id}/invitation", token_page="/admin/users")
    fresh = re.search(r"http://primer\.test(/invitation/\S+)", outbox[1].body).group(1)
    response = invitee.submit(fresh, {"password": "lantern river 2027", "confirm": "lantern river 2027"})
    assert response.status_code == 302
    db.session.refresh(noor)
    assert noor.role is Role.SALES and noor.is_verified


def test_role_changes_are_logged_with_who_and_when(browser, admin, db):
    person = factories.user()
    browser.submit("/admin/users", {"role": "author"}, action=f"/admin/users/{person.id}/role")
    entry = db.session.scalar(select(AccountLog).where(AccountLog.user_id == person.id))
    assert (entry.action, entry.actor_id, entry.detail) == (AccountAction.ROLE_CHANGED, admin.id,
                                                            f"{Role.LEARNER.label} → {Role.AUTHOR.label}")
    assert (utcnow() - entry.at).total_seconds() < 60
