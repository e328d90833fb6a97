"""Admins invite people in the browser: an account that works once the invitee chooses a password
through the mailed link (single-use, expiring, stored hashed), sent again on request."""
from __future__ import annotations

import hashlib
import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.accounts.models import AccountAction, AccountLog, PasswordResetToken, Role, TokenPurpose, User
from app.core.time import utcnow
from tests import factories
from tests.conftest import Browser

INVITE = {"email": "Noor.Haddad@Acme.example", "role": "author", "first_name": "Noor", "last_name": "Haddad"}
NEW_PASSWORD = {"password": "lantern river 2027", "confirm": "lantern river 2027"}
LINK = re.compile(r"http://primer\.test(/invitation/[\w-]+)")


def invitation_link(mail) -> str:
    link = LINK.search(mail.body).group(1)
    assert link in mail.alternatives[0][0]  # the HTML part carries the same link
    return link


def log_of(db, user: User) -> list[tuple[AccountAction, int | None]]:
    return [(row.action, row.actor_id) for row in db.session.scalars(
        select(AccountLog).where(AccountLog.user_id == user.id).order_by(AccountLog.id))]


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def admin(browser, login_as):
    return login_as("admin", first_name="Ada", last_name="Admin")


def test_an_admin_invites_a_colleague_who_chooses_a_password_and_is_in(app, browser, admin, db, outbox):
    page = browser.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/users/invite"' in page
    response = browser.submit("/admin/users/invite", INVITE)
    assert response.status_code == 302 and response.location == "/admin/users"
    assert "Invitation sent to noor.haddad@acme.example" in browser.get("/admin/users").get_data(as_text=True)

    noor = db.session.scalar(select(User).where(User.email == "noor.haddad@acme.example"))
    assert (noor.role, noor.first_name, noor.last_name) == (Role.AUTHOR, "Noor", "Haddad")
    assert noor.invitation_pending and not noor.is_verified
    assert len(outbox) == 1
    mail = outbox[0]
    assert mail.to == ["noor.haddad@acme.example"] and mail.subject == "Ada Admin invited you to Primer"
    assert f"invited you to Primer as {Role.AUTHOR.label}" in mail.body
    link = invitation_link(mail)
    token = link.rsplit("/", 1)[1]
    stored = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.user_id == noor.id))
    assert stored.purpose is TokenPurpose.INVITATION
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() != token  # only the hash is kept

    # Until the invitee chooses a password, the account does not let anyone in.
    noor_browser = Browser(app.test_client())
    refused = noor_browser.submit("/login", {"email": "noor.haddad@acme.example", "password": "anything at all"})
    assert refused.status_code == 422
    assert "Log out" not in noor_browser.get("/").get_data(as_text=True)

    form = noor_browser.get(link).get_data(as_text=True)
    assert "noor.haddad@acme.example" in form and html.escape(Role.AUTHOR.label) in form
    mismatched = noor_browser.submit(link, {"password": "lantern river 2027", "confirm": "lantern river 2028"})
    assert mismatched.status_code == 422 and "differ" in mismatched.get_data(as_text=True)
    weak = noor_browser.submit(link, {"password": "password", "confirm": "password"})
    assert weak.status_code == 422 and "too common" in weak.get_data(as_text=True)

    response = noor_browser.submit(link, NEW_PASSWORD)  # the link still works after refused tries
    assert response.status_code == 302 and response.location == "/"
    assert noor_browser.get("/author/").status_code == 200  # signed in, as an author
    db.session.refresh(noor)
    assert noor.is_verified and not noor.invitation_pending

    # Single use: the link now sends people to log in, with a clear word.
    again = noor_browser.client.get(link, follow_redirects=True)
    assert "This invitation has expired or was already used" in again.get_data(as_text=True)
    third = Browser(app.test_client())
    assert third.submit("/login", {"email": "noor.haddad@acme.example",
                                   "password": NEW_PASSWORD["password"]}).status_code == 302

    assert log_of(db, noor) == [(AccountAction.INVITED, admin.id), (AccountAction.INVITATION_ACCEPTED, noor.id)]
    recent = browser.get("/admin/users").get_data(as_text=True)
    changes = recent[recent.index('id="account-log-title"'):]
    assert "Accepted the invitation" in changes and "Invited" in changes and admin.email in changes


@pytest.mark.parametrize("email", ["kim@example.com", "KIM@Example.com"])
def test_inviting_an_address_that_has_an_account_says_so_and_changes_nothing(browser, admin, db, outbox, email):
    kim = factories.user(email="kim@example.com", role="sales")
    users, tokens = count(db, User), count(db, PasswordResetToken)
    response = browser.submit("/admin/users/invite", {**INVITE, "email": email, "role": "admin"})
    assert response.status_code == 422
    assert "kim@example.com already has an account (Sales)" in response.get_data(as_text=True)
    assert "Nothing was changed" in response.get_data(as_text=True)
    db.session.refresh(kim)
    assert kim.role is Role.SALES and kim.invited_at is None
    assert (count(db, User), count(db, PasswordResetToken), count(db, AccountLog)) == (users, tokens, 0)
    assert outbox == []


def test_inviting_an_address_already_invited_points_to_sending_again(browser, admin, db, outbox):
    browser.submit("/admin/users/invite", INVITE)
    response = browser.submit("/admin/users/invite", INVITE)
    assert response.status_code == 422
    assert "has been invited already and has not accepted yet" in response.get_data(as_text=True)
    assert len(outbox) == 1


@pytest.mark.parametrize("change,message", [
    ({"email": "not-an-address"}, "Invalid email"),
    ({"email": ""}, "This field is required"),
    ({"role": "emperor"}, "Not a valid choice"),
    ({"first_name": "Noor\u202e"}, "First name"),
    ({"last_name": "x" * 101}, "Field cannot be longer than 100 characters"),
])
def test_bad_invitations_are_refused_with_a_reason_and_make_nothing(browser, admin, db, outbox, change, message):
    users = count(db, User)
    response = browser.submit("/admin/users/invite", {**INVITE, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(db, User) == users and outbox == [] and count(db, AccountLog) == 0


def test_names_are_optional(browser, admin, db, outbox):
    response = browser.submit("/admin/users/invite", {"email": "lee@example.com", "role": "sales",
                                                      "first_name": "", "last_name": ""})
    assert response.status_code == 302
    assert outbox[0].body.startswith("Hello,")


def test_an_expired_invitation_opens_nothing(app, browser, admin, db, outbox):
    browser.submit("/admin/users/invite", INVITE)
    link = invitation_link(outbox[0])
    db.session.execute(update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    invitee = Browser(app.test_client())
    response = invitee.client.get(link)
    assert response.status_code == 302 and response.location == "/login"
    posted = invitee.post(link, NEW_PASSWORD, token_page="/login")
    assert posted.status_code == 302 and posted.location == "/login"
    noor = db.session.scalar(select(User).where(User.email == "noor.haddad@acme.example"))
    assert noor.invitation_pending
    page = invitee.client.get("/login").get_data(as_text=True)
    assert "Ask the admin who invited you to send it again" in page


def test_an_invitation_link_lasts_invitation_days(app, browser, admin, db, outbox):
    browser.submit("/admin/users/invite", INVITE)
    token = db.session.scalar(select(PasswordResetToken))
    assert token.expires_at - token.created_at == app.config["INVITATION_TTL"] == timedelta(days=7)
    assert "for 7 days" in outbox[0].body


def test_a_reset_link_is_not_an_invitation_and_an_invitation_is_not_a_reset(app, browser, admin, db, outbox):
    browser.submit("/admin/users/invite", INVITE)
    token = invitation_link(outbox[0]).rsplit("/", 1)[1]
    response = Browser(app.test_client()).client.get(f"/reset-password/{token}")
    assert response.status_code == 302 and response.location == "/reset-password"


def test_sending_the_invitation_again_ends_the_earlier_link(app, browser, admin, db, outbox):
    browser.submit("/admin/users/invite", INVITE)
    noor = db.session.scalar(select(User).where(User.email == "noor.haddad@acme.example"))
    first = invitation_link(outbox[0])
    page = browser.get("/admin/users").get_data(as_text=True)
    assert f'action="/admin/users/{noor.id}/invitation"' in page and "Invited" in page
    response = browser.post(f"/admin/users/{noor.id}/invitation", token_page="/admin/users", follow_redirects=True)
    assert "The invitation was sent to noor.haddad@acme.example again" in response.get_data(as_text=True)
    assert len(outbox) == 2
    second = invitation_link(outbox[1])
    assert second != first
    invitee = Browser(app.test_client())
    assert invitee.client.get(first).location == "/login"  # the earlier link no longer works
    assert invitee.submit(second, NEW_PASSWORD).status_code == 302
    assert log_of(db, noor)[:2] == [(AccountAction.INVITED, admin.id), (AccountAction.INVITATION_RESENT, admin.id)]

    # Accepted: nothing to send again, and the list offers nothing to send.
    response = browser.post(f"/admin/users/{noor.id}/invitation", token_page="/admin/users", follow_redirects=True)
    assert "has already accepted" in response.get_data(as_text=True)
    assert len(outbox) == 2
    assert f'action="/admin/users/{noor.id}/invitation"' not in browser.get("/admin/users").get_data(as_text=True)


def test_an_account_that_signed_up_has_no_invitation_to_send(browser, admin, db, outbox):
    kim = factories.user()
    response = browser.post(f"/admin/users/{kim.id}/invitation", token_page="/admin/users", follow_redirects=True)
    assert "has already accepted" in response.get_data(as_text=True) and outbox == []
    assert browser.post("/admin/users/999999/invitation", token_page="/admin/users").status_code == 404


ADMIN_ONLY = [("GET", "/admin/users/invite"), ("POST", "/admin/users/invite"),
              ("POST", "/admin/users/{id}/invitation"), ("POST", "/admin/users/{id}/deactivate"),
              ("POST", "/admin/users/{id}/reactivate")]


@pytest.mark.parametrize("role", ["learner", "author", "sales"])
def test_only_admins_invite_and_deactivate(browser, login_as, db, outbox, role):
    person = login_as(role)
    target = factories.user()
    for method, url in ADMIN_ONLY:
        url = url.format(id=target.id)
        response = browser.get(url) if method == "GET" else browser.post(url, INVITE)
        assert response.status_code == 403, url
    db.session.refresh(target)
    assert target.is_active and person.is_active and outbox == []
    assert count(db, User) == 2 and count(db, AccountLog) == 0


def test_visitors_are_sent_to_log_in(client, db):
    target = factories.user()
    response = client.get("/admin/users/invite")
    assert response.status_code == 302 and response.location.startswith("/login?next=")
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 400  # no CSRF token
    db.session.refresh(target)
    assert target.is_active


def test_a_post_without_its_csrf_token_is_refused(browser, admin, db, outbox):
    target = factories.user()
    response = browser.client.post(f"/admin/users/{target.id}/deactivate")
    assert response.status_code == 400
    response = browser.client.post("/admin/users/invite", data=INVITE)
    assert response.status_code == 400
    db.session.refresh(target)
    assert target.is_active and outbox == []
