"""Every email carries the brand an admin set: its name in the subject and both parts, its colour
in the HTML part."""
import re

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.site import branding
from tests import factories
from tests.accounts.web.test_auth import SIGNUP
from tests.accounts.web.test_invitations import INVITE
from tests.mails import link

ACME = branding.BrandChanges(name="Acme Analytics Academy", color="#0f766e",
                             contact_url="mailto:academy@acme-analytics.example")


@pytest.fixture
def acme(app, db):
    branding.save_brand(ACME)
    db.session.commit()


def _html(mail) -> str:
    (html, mimetype), = mail.alternatives
    assert mimetype == "text/html"
    return html


def test_the_sign_up_mails_carry_the_brand(browser, db, outbox, acme):
    factories.user(email="alex.rivera@acme.example")
    browser.submit("/signup", SIGNUP)  # an address with an account: told so
    browser.submit("/signup", {**SIGNUP, "email": "sam.rivera@acme.example"})  # a new one: asked to confirm
    browser.submit("/reset-password", {"email": "alex.rivera@acme.example"})
    assert [m.subject for m in outbox] == ["Your Acme Analytics Academy account already exists",
                                           "Confirm your Acme Analytics Academy address",
                                           "Choose a new Acme Analytics Academy password"]
    for mail in outbox:
        html = _html(mail)
        assert "Acme Analytics Academy" in mail.body and "Primer" not in mail.body
        assert re.search(r'color: #0f766e;">Acme Analytics Academy</p>', html)
        assert "background:#0f766e;color:#fff" in html  # the button
        assert '<a href="mailto:academy@acme-analytics.example"' in html and "Primer" not in html


def test_without_a_brand_the_mails_say_primer_in_primers_blue(browser, db, outbox):
    browser.submit("/signup", SIGNUP)
    mail, = outbox
    assert mail.subject == "Confirm your Primer address" and "Welcome to Primer." in mail.body
    assert "background:#2046c8;color:#fff" in _html(mail)


def test_the_invitation_carries_the_brand_and_the_admins_language(browser, login_as, db, outbox, acme):
    login_as("admin", first_name="Ada", last_name="Admin", locale="cs")
    browser.submit("/admin/users/invite", INVITE)
    mail, = outbox
    assert mail.subject == "Ada Admin vás zve na portál Acme Analytics Academy"
    assert "vás zve na portál Acme Analytics Academy jako" in mail.body and "Primer" not in mail.body
    html = _html(mail)
    assert "background:#0f766e;color:#fff" in html and '<html lang="cs"' in html and "Primer" not in html


def test_a_prospect_who_signs_up_in_czech_is_written_to_in_czech_from_then_on(browser, db, outbox, acme):
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "cs-CZ,cs;q=0.9,en;q=0.5"
    browser.submit("/signup", {**SIGNUP, "email": "sam.rivera@acme.example"})
    sam = db.session.scalar(select(User).where(User.email == "sam.rivera@acme.example"))
    assert sam.locale == "cs"  # the language they signed up in, theirs to change on their account page
    factories.user(email="alex.rivera@acme.example")  # has not chosen a language
    factories.user(email="kim.lee@acme.example", locale="en")  # has chosen English
    browser.submit("/signup", {**SIGNUP, "email": "alex.rivera@acme.example"})
    browser.submit("/reset-password", {"email": "kim.lee@acme.example"})
    assert [m.subject for m in outbox] == ["Potvrďte svou adresu pro Acme Analytics Academy",
                                           "Účet na portálu Acme Analytics Academy už máte",
                                           "Choose a new Acme Analytics Academy password"]
    assert all('<html lang="cs"' in _html(mail) for mail in outbox[:2]) and '<html lang="en"' in _html(outbox[2])


def test_the_welcome_after_confirming_names_the_brand(browser, db, outbox, acme):
    browser.submit("/signup", {**SIGNUP, "email": "sam.rivera@acme.example"})
    confirm = link(outbox[0], "/verify-email/")
    browser.submit(confirm, {})
    page = browser.get("/").get_data(as_text=True)
    assert f"Welcome to Acme Analytics Academy, {SIGNUP['first_name']}!" in page and "Primer" not in page
