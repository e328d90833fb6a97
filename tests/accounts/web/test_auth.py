"""Accounts through HTTP, as a person uses them."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import User
from tests import factories
from tests.conftest import Browser

SIGNUP = {
    "email": "Alex.Rivera@Acme.example", "password": "seven silver trains",
    "first_name": "Alex", "last_name": "Rivera", "company": "Acme", "job_title": "VP Engineering",
}


def test_signup_form_has_the_contract_fields_and_consent_is_unticked(client):
    page = client.get("/signup").get_data(as_text=True)
    for name in ["email", "password", "first_name", "last_name", "company", "job_title", "consent_contact"]:
        assert f'name="{name}"' in page
    consent = re.search(r"<input[^>]*name=\"consent_contact\"[^>]*>", page).group(0)
    assert 'type="checkbox"' in consent and "checked" not in consent
    assert re.search(r'<label for="consent_contact">', page)


def _link(mail, path: str) -> str:
    """The path of the first link to `path` in a mail, checked to be on the configured address."""
    return re.search(rf"http://primer\.test({path}\S+)", mail.body).group(1)


def _page(response) -> str:
    """The page without its CSRF token (signed with the time, so it differs from second to second)."""
    return re.sub(r'name="csrf_token"([^>]*)value="[^"]+"', r'name="csrf_token"\1value=""', response.get_data(as_text=True))


def test_signup_sends_a_confirmation_and_the_account_works_once_confirmed(browser, db, outbox):
    response = browser.submit("/signup?next=/courses", {**SIGNUP, "consent_contact": "y"})
    assert response.status_code == 302 and response.location.startswith("/login")
    user = db.session.scalar(select(User))
    assert user.email == "alex.rivera@acme.example"
    assert (user.first_name, user.company, user.job_title) == ("Alex", "Acme", "VP Engineering")
    assert user.consent_contact and user.consent_contact_at and user.consent_contact_wording
    assert not user.is_verified
    assert "Log out" not in browser.get("/").get_data(as_text=True)

    # the right password does not open an unconfirmed account; it sends a new link
    login = browser.submit("/login", {"email": SIGNUP["email"], "password": SIGNUP["password"]})
    assert login.status_code == 422 and "Confirm your email address first" in login.get_data(as_text=True)
    assert [m.subject for m in outbox] == ["Confirm your Primer address"] * 2

    link = _link(outbox[0], "/verify-email/")
    assert "Confirm my address" in browser.get(link).get_data(as_text=True)  # GET changes nothing
    db.session.expire_all()
    assert not db.session.get(User, user.id).is_verified
    confirmed = browser.submit(link, {})
    assert confirmed.status_code == 302 and confirmed.location == "/courses"
    assert "Log out" in browser.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).is_verified

    # the link works once: afterwards it signs nobody in
    other = Browser(browser.client.application.test_client())
    again = other.submit(link, {})
    assert again.status_code == 302 and again.location == "/login"
    assert "Log out" not in other.get("/").get_data(as_text=True)


def test_a_forged_or_expired_confirmation_link_confirms_nothing(app, browser, db, outbox):
    browser.submit("/signup", SIGNUP)
    link = _link(outbox[0], "/verify-email/")
    assert browser.submit(link[:-2] + "xx", {}).location == "/login"
    app.config["EMAIL_VERIFY_TTL"] = timedelta(seconds=-1)
    assert browser.submit(link, {}).location == "/login"
    assert not db.session.scalar(select(User)).is_verified


def test_signup_without_consent_records_none(browser, db):
    browser.submit("/signup", SIGNUP)
    user = db.session.scalar(select(User))
    assert not user.consent_contact and user.consent_contact_at is None


@pytest.mark.parametrize("change,message", [
    ({"password": "short"}, "at least 8"),
    ({"password": "password123"}, "too common"),
    ({"email": "nope"}, "valid email"),
    ({"first_name": ""}, "This field is required"),
])
def test_signup_errors_are_shown_and_nothing_is_saved(browser, db, outbox, change, message):
    response = browser.submit("/signup", {**SIGNUP, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None
    assert outbox == []


def test_signup_answers_the_same_for_a_known_address(browser, db, outbox):
    known = factories.user(email="alex.rivera@acme.example", first_name="Al")
    for_known = browser.submit("/signup", SIGNUP, follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(User, known.id).first_name == "Al"  # nothing about the account changed
    for_new = browser.submit("/signup", {**SIGNUP, "email": "Sam.Rivera@Acme.example"}, follow_redirects=True)

    def shown(response):
        return _page(response).replace("Sam.Rivera", "Alex.Rivera")

    assert for_known.status_code == for_new.status_code == 200
    assert shown(for_known) == shown(for_new)
    assert "Check your inbox" in shown(for_new) and "already exists" not in shown(for_known)
    exists, confirm = outbox
    assert exists.to == ["alex.rivera@acme.example"] and exists.subject == "Your Primer account already exists"
    assert "http://primer.test/login" in exists.body and "http://primer.test/reset-password" in exists.body
    assert confirm.to == ["sam.rivera@acme.example"] and confirm.subject == "Confirm your Primer address"


def test_signup_spends_the_same_hashing_work_for_a_known_address(app, browser, db, outbox, monkeypatch):
    from app.accounts import passwords

    factories.user(email="alex.rivera@acme.example")
    hashed = []
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password: hashed.append(password) or real(password))
    browser.submit("/signup", SIGNUP)
    browser.submit("/signup", {**SIGNUP, "email": "sam.rivera@acme.example"})
    assert hashed == [SIGNUP["password"]] * 2


def test_login_and_logout(browser, db):
    factories.user(email="kim@example.com")
    response = browser.submit("/login", {"email": "KIM@example.com", "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert "Log out" in browser.get("/").get_data(as_text=True)
    response = browser.post("/logout")
    assert response.status_code == 302
    assert "Log in" in browser.get("/").get_data(as_text=True)


def test_login_failure_looks_the_same_for_known_and_unknown_emails(browser, db):
    factories.user(email="kim@example.com")
    known = browser.submit("/login", {"email": "kim@example.com", "password": "wrong password!"})
    unknown = browser.submit("/login", {"email": "who@example.com", "password": "wrong password!"})
    assert known.status_code == unknown.status_code == 422

    def message(response):
        return re.search(r'class="flash flash-error" role="alert">(.*?)</div>', response.get_data(as_text=True), re.S).group(1)

    assert message(known) == message(unknown)


def test_session_is_renewed_at_login(app, browser, db):
    factories.user(email="kim@example.com")
    with browser.client.session_transaction() as s:
        s["planted"] = "by an attacker"
    browser.submit("/login", {"email": "kim@example.com", "password": factories.DEFAULT_PASSWORD})
    with browser.client.session_transaction() as s:
        assert "planted" not in s
        assert s["_user_id"]


def test_a_cookie_saved_before_logout_does_not_work_after_it(app, browser, db):
    factories.user(email="kim@example.com")
    browser.submit("/login", {"email": "kim@example.com", "password": factories.DEFAULT_PASSWORD})
    saved = browser.client.get_cookie("primer_session", domain="primer.test").value
    browser.post("/logout")

    other = app.test_client()
    other.set_cookie("primer_session", saved, domain="primer.test")
    response = other.get("/account")
    assert response.status_code == 302 and "/login" in response.location


def test_session_cookie_flags(browser, db):
    factories.user(email="kim@example.com")
    response = browser.submit("/login", {"email": "kim@example.com", "password": factories.DEFAULT_PASSWORD})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("primer_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development/testing over http; production sets it (next test)


def test_session_cookie_is_secure_in_production(make_app):
    from config import ProductionConfig

    app = make_app(ProductionConfig, SECRET_KEY="p" * 40, PRIMER_BASE_URL="https://primer.example")
    client = app.test_client()
    response = client.get("/login", base_url="https://primer.example")  # the CSRF token opens a session
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("primer_session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("target,expected", [
    ("/account", "/account"),
    ("/courses?q=a", "/courses?q=a"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("http:/evil.example", "/"),
    ("  //evil.example", "/"),
])
def test_next_redirects_stay_on_the_site(browser, db, target, expected):
    factories.user(email="kim@example.com")
    response = browser.submit("/login", {"email": "kim@example.com", "password": factories.DEFAULT_PASSWORD},
                              action=f"/login?next={target}")
    assert response.status_code == 302
    assert response.location == expected


def test_protected_page_sends_to_login_and_back(browser, db):
    response = browser.get("/account")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    factories.user(email="kim@example.com")
    response = browser.submit(response.location, {"email": "kim@example.com", "password": factories.DEFAULT_PASSWORD})
    assert response.location == "/account"


def test_password_reset_by_email(browser, db, outbox):
    factories.user(email="kim@example.com")
    response = browser.submit("/reset-password", {"email": "Kim@Example.com"})
    assert response.status_code == 302
    assert len(outbox) == 1
    mail = outbox[0]
    assert mail.to == ["kim@example.com"]
    link = re.search(r"http://primer\.test(/reset-password/\S+)", mail.body).group(1)
    assert link in mail.alternatives[0][0]  # the HTML part carries the same link

    response = browser.submit(link, {"password": "mango tango 2026", "confirm": "mango tango 2026"})
    assert response.status_code == 302 and response.location == "/login"
    response = browser.submit("/login", {"email": "kim@example.com", "password": "mango tango 2026"})
    assert response.status_code == 302

    # single use: the same link now sends the person back to ask for a new one
    again = browser.get(link)
    assert again.status_code == 302 and again.location == "/reset-password"


def test_password_reset_answers_the_same_for_unknown_emails(browser, db, outbox):
    factories.user(email="kim@example.com")
    known = browser.submit("/reset-password", {"email": "kim@example.com"}, follow_redirects=True)
    unknown = browser.submit("/reset-password", {"email": "nobody@example.com"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert "If an account exists" in known.get_data(as_text=True)
    assert "If an account exists" in unknown.get_data(as_text=True)
    assert len(outbox) == 1


def test_reset_form_refuses_mismatched_passwords(browser, db, outbox):
    factories.user(email="kim@example.com")
    browser.submit("/reset-password", {"email": "kim@example.com"})
    link = re.search(r"http://primer\.test(/reset-password/\S+)", outbox[0].body).group(1)
    response = browser.submit(link, {"password": "mango tango 2026", "confirm": "mango tango 2027"})
    assert response.status_code == 422 and "differ" in response.get_data(as_text=True)


def test_change_password(browser, login_as, db):
    user = login_as("learner")
    response = browser.submit("/account/password", {
        "password-current_password": factories.DEFAULT_PASSWORD,
        "password-password": "a new long passphrase", "password-confirm": "a new long passphrase",
    })
    assert response.status_code == 302
    db.session.refresh(user)
    from app.accounts.passwords import verify_password
    assert verify_password(user.password_hash, "a new long passphrase")
    assert browser.get("/account").status_code == 200  # this session stays signed in


def test_account_page_saves_profile_and_withdraws_consent(browser, login_as, db):
    user = login_as("learner", consent_contact=True)
    page = browser.get("/account").get_data(as_text=True)
    assert 'name="profile-consent_contact"' in page
    response = browser.submit("/account", {
        "profile-first_name": "Robin", "profile-last_name": "Lee", "profile-company": "Initech",
        "profile-job_title": "Head of Data", "profile-country": "Portugal",
    })
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.first_name, user.job_title, user.country) == ("Robin", "Head of Data", "Portugal")
    assert user.consent_contact is False and user.consent_contact_at is not None


def test_a_password_change_ends_reset_links_asked_for_before_it(browser, login_as, db, outbox):
    user = login_as("learner", email="kim@example.com")
    browser.post("/logout")
    browser.submit("/reset-password", {"email": "kim@example.com"})
    link = _link(outbox[0], "/reset-password/")
    factories.sign_in(browser.client, user)
    browser.submit("/account/password", {
        "password-current_password": factories.DEFAULT_PASSWORD,
        "password-password": "a new long passphrase", "password-confirm": "a new long passphrase",
    })
    browser.post("/logout")
    stale = browser.get(link)
    assert stale.status_code == 302 and stale.location == "/reset-password"
    response = browser.submit("/login", {"email": "kim@example.com", "password": "a new long passphrase"})
    assert response.status_code == 302


def test_a_reset_link_confirms_the_address(browser, db, outbox):
    user = factories.user(email="kim@example.com", email_verified_at=None)
    browser.submit("/reset-password", {"email": "kim@example.com"})
    browser.submit(_link(outbox[0], "/reset-password/"), {"password": "mango tango 2026", "confirm": "mango tango 2026"})
    response = browser.submit("/login", {"email": "kim@example.com", "password": "mango tango 2026"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).is_verified


UNSAFE_NAME = "not contain NUL or bidirectional control characters"


@pytest.mark.parametrize("field", ["first_name", "last_name", "company", "job_title"])
@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069", "\x07", "\t", "\x85"])
def test_signup_refuses_bidirectional_and_other_controls_in_names(browser, db, field, char):
    response = browser.submit("/signup", {**SIGNUP, field: f"Acme{char}Corp"})
    assert response.status_code == 422 and UNSAFE_NAME in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None


@pytest.mark.parametrize("name", ["\u200b", "\u200f\ufeff"])
def test_signup_refuses_invisible_names(browser, db, name):
    response = browser.submit("/signup", {**SIGNUP, "first_name": name})
    assert response.status_code == 422 and "Must contain a visible character" in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None


def test_names_in_any_script_are_welcome(browser, db, outbox):
    response = browser.submit("/signup", {**SIGNUP, "first_name": "می\u200cخواهم", "last_name": "O\u2019Brien-Łukasz"})
    assert response.status_code == 302
    assert db.session.scalar(select(User)).first_name == "می\u200cخواهم"


@pytest.mark.parametrize("field", ["first_name", "company"])
def test_signup_refuses_nul_and_saves_nothing(browser, db, field):
    response = browser.submit("/signup", {**SIGNUP, field: "Acme\x00"})
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None


@pytest.mark.parametrize("field", ["first_name", "last_name", "company", "job_title", "country"])
def test_the_profile_refuses_unsafe_names_and_changes_nothing(browser, login_as, db, field):
    user = login_as("learner", first_name="Robin", last_name="Lee", company="Initech", job_title="Boss",
                    country="Portugal")
    before = (user.first_name, user.last_name, user.company, user.job_title, user.country)
    response = browser.submit("/account", {f"profile-{field}": "Evil \u202egnp.exe"})
    assert response.status_code == 422 and UNSAFE_NAME in response.get_data(as_text=True)
    response = browser.submit("/account", {f"profile-{field}": "nul\x00"})
    assert response.status_code == 400
    db.session.refresh(user)
    assert (user.first_name, user.last_name, user.company, user.job_title, user.country) == before


@pytest.mark.parametrize("url", ["/courses/a%00b", "/courses?q=%00", "/login?next=%00"])
def test_nul_in_an_address_is_a_bad_request(client, db, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("url,known,unknown", [
    ("/signup", SIGNUP, {**SIGNUP, "email": "Sam.Rivera@Acme.example"}),
    ("/reset-password", {"email": "alex.rivera@acme.example"}, {"email": "sam.rivera@acme.example"}),
])
def test_the_answer_does_the_same_work_whether_or_not_the_address_has_an_account(
        app, browser, db, outbox, monkeypatch, url, known, unknown):
    """What depends on the account runs after the answer (a background thread in production)."""
    from app.accounts.web import routes
    from tests.querycount import counting

    factories.user(email="alex.rivera@acme.example")
    jobs = []
    monkeypatch.setattr(routes, "after_response", lambda job, *args: jobs.append((job, args)))
    answers, statements = [], []
    for data in (known, unknown):
        with counting(db.engine) as seen:
            answers.append(browser.submit(url, data, follow_redirects=True))
        statements.append(seen)
    assert statements[0] == statements[1]
    assert _page(answers[0]).replace("Alex", "Sam") == _page(answers[1]).replace("Alex", "Sam")
    assert outbox == [] and [job for job, _ in jobs][0] is [job for job, _ in jobs][1]
    for job, args in jobs:  # run later, they do what differs
        job(*args)
    assert sorted(mail.to[0] for mail in outbox) == (
        ["alex.rivera@acme.example", "sam.rivera@acme.example"] if url == "/signup" else ["alex.rivera@acme.example"])
