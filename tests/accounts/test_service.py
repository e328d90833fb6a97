from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts import service, sessions
from app.accounts.models import LoginSession, PasswordResetToken, Role, User
from app.accounts.service import AccountError, Profile
from app.core.time import utcnow
from tests import factories


def test_create_user_normalizes_email_and_records_consent(app, db):
    user = service.create_user("  Jane.Doe@Example.COM ", "plum orchard 1999", profile=Profile("Jane", "Doe"),
                               consent_contact=True)
    db.session.commit()
    assert user.email == "jane.doe@example.com"
    assert user.role is Role.LEARNER
    assert user.consent_contact and user.consent_contact_at is not None
    assert user.consent_contact_wording == service.CONSENT_WORDING


def test_emails_are_unique_ignoring_case(app, db):
    service.create_user("sam@example.com", "plum orchard 1999")
    db.session.commit()
    with pytest.raises(AccountError, match="already exists") as error:
        service.create_user("SAM@example.COM", "another good one 2")
    assert error.value.field == "email"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_invalid_email_is_refused(app):
    with pytest.raises(AccountError) as error:
        service.create_user("not-an-email", "plum orchard 1999")
    assert error.value.field == "email"


def test_authenticate(app, db):
    user = factories.user(email="kim@example.com")
    assert service.authenticate("KIM@example.com", factories.DEFAULT_PASSWORD) == user
    assert service.authenticate("kim@example.com", "wrong password here") is None
    assert service.authenticate("nobody@example.com", factories.DEFAULT_PASSWORD) is None


def test_unknown_and_known_emails_cost_one_hash_verification_each(app, db, monkeypatch):
    """Both paths do the same expensive work, so timing does not tell accounts apart."""
    factories.user(email="kim@example.com")
    calls = []
    real_verify = service.passwords.verify_password
    monkeypatch.setattr(service.passwords, "verify_password", lambda h, p: calls.append(p) or real_verify(h, p))
    service.authenticate("kim@example.com", "wrong password here")
    service.authenticate("nobody@example.com", "wrong password here")
    assert len(calls) == 2


def test_reset_token_is_single_use_and_ends_sessions(app, db):
    user = factories.user()
    key = sessions.start(user)
    _, token = service.request_password_reset(user.email)
    db.session.commit()
    service.reset_password(token, "a brand new passphrase")
    db.session.commit()
    assert service.authenticate(user.email, "a brand new passphrase") == user
    assert sessions.load(key, idle=timedelta(hours=1), absolute=timedelta(hours=1)) is None
    with pytest.raises(AccountError, match="expired or was already used"):
        service.reset_password(token, "yet another passphrase")


def test_reset_uses_up_every_other_token_of_the_user(app, db):
    user = factories.user()
    _, first = service.request_password_reset(user.email)
    _, second = service.request_password_reset(user.email)
    service.reset_password(second, "a brand new passphrase")
    db.session.commit()
    assert service.reset_token_user(first) is None


def test_reset_token_expires(app, db):
    user = factories.user()
    _, token = service.request_password_reset(user.email)
    db.session.commit()
    later = utcnow() + app.config["PASSWORD_RESET_TTL"] + timedelta(seconds=1)
    assert service.reset_token_user(token) is not None
    assert service.reset_token_user(token, now=later) is None


def test_reset_request_for_unknown_email_makes_no_token(app, db):
    assert service.request_password_reset("nobody@example.com") is None
    assert service.request_password_reset("not an email") is None
    assert db.session.scalar(select(func.count()).select_from(PasswordResetToken)) == 0


def test_reset_with_a_weak_password_keeps_the_token(app, db):
    user = factories.user()
    _, token = service.request_password_reset(user.email)
    db.session.commit()
    with pytest.raises(AccountError, match="too common"):
        service.reset_password(token, "password")
    db.session.rollback()
    assert service.reset_token_user(token) is not None


def test_change_password_checks_current_and_keeps_only_this_session(app, db):
    user = factories.user()
    here, elsewhere = sessions.start(user), sessions.start(user)
    with pytest.raises(AccountError) as error:
        service.change_password(user, "not my password", "new strong passphrase", keep_session=here)
    assert error.value.field == "current_password"
    service.change_password(user, factories.DEFAULT_PASSWORD, "new strong passphrase", keep_session=here)
    db.session.commit()
    window = dict(idle=timedelta(hours=1), absolute=timedelta(hours=1))
    assert sessions.load(here, **window) == user
    assert sessions.load(elsewhere, **window) is None


def test_sessions_expire_when_idle_or_too_old(app, db):
    user = factories.user()
    key = sessions.start(user)
    db.session.commit()
    now = utcnow()
    idle, absolute = timedelta(minutes=30), timedelta(hours=8)
    assert sessions.load(key, idle=idle, absolute=absolute, now=now + timedelta(minutes=29)) == user
    # used at +29 min, so still alive at +58 min
    assert sessions.load(key, idle=idle, absolute=absolute, now=now + timedelta(minutes=58)) == user
    assert sessions.load(key, idle=idle, absolute=absolute, now=now + timedelta(minutes=89)) is None
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0

    key = sessions.start(user)
    db.session.commit()
    for minutes in range(25, 8 * 60, 25):  # busy all day: never idle, still ends at 8 hours
        assert sessions.load(key, idle=idle, absolute=absolute, now=now + timedelta(minutes=minutes)) == user
    assert sessions.load(key, idle=idle, absolute=absolute, now=now + timedelta(hours=8, minutes=1)) is None


def test_an_admin_cannot_demote_themself(app, db):
    admin = factories.user("admin")
    with pytest.raises(AccountError, match="own admin role"):
        service.set_role(admin, Role.LEARNER, by=admin)
    other = factories.user()
    service.set_role(other, Role.SALES, by=admin)
    assert other.role is Role.SALES
