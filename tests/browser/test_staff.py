"""An admin invites a colleague and later deactivates them, in a real browser; the accounts pages
have no serious accessibility violations."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.core.time import utcnow
from tests import factories
from tests.browser.conftest import log_in, open_page
from tests.browser.test_accessibility import violations


def test_an_admin_invites_a_colleague_who_joins_then_is_deactivated(page, chromium, request, db, live):
    admin = factories.user("admin", first_name="Ada", last_name="Admin")
    log_in(page, admin.email, factories.DEFAULT_PASSWORD)
    page.goto("/admin/users")
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email").fill("noor@acme.example")
    page.get_by_label("Role").select_option(label="Sales")
    page.get_by_label("First name (optional)").fill("Noor")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".flash-success")).to_contain_text("Invitation sent to noor@acme.example")
    row = page.get_by_role("table", name="Accounts, newest first").get_by_role("row").filter(
        has_text="noor@acme.example")
    expect(row).to_contain_text("Invited")

    mail = next(m for m in reversed(live.app.extensions["mailman"].outbox) if m.to == ["noor@acme.example"])
    link = re.search(rf"{re.escape(live.url)}/invitation/\S+", mail.body).group(0)
    with open_page(request, chromium, live) as noor:
        noor.goto(link)
        expect(noor.get_by_role("heading", level=1)).to_have_text("Welcome to Primer")
        noor.get_by_label("Choose a password").fill("lantern river 2027")
        noor.get_by_label("Repeat the password").fill("lantern river 2027")
        noor.get_by_role("button", name="Set my password").click()
        expect(noor.locator(".flash-success")).to_contain_text("Welcome to Primer, Noor")
        assert noor.goto("/sales/leads").status == 200

        page.reload()
        row.get_by_role("button", name="Deactivate").click()
        expect(page.locator(".flash-success")).to_contain_text("noor@acme.example is deactivated")
        expect(row).to_contain_text("Deactivated")

        noor.goto("/sales/leads")
        expect(noor).to_have_url(re.compile(r"/login\?next="))
        noor.get_by_label("Email").fill("noor@acme.example")
        noor.get_by_label("Password").fill("lantern river 2027")
        noor.get_by_role("button", name="Log in").click()
        expect(noor.locator(".flash-error")).to_contain_text("This account has been deactivated")


@pytest.fixture
def axe_page(request, chromium, live):
    with open_page(request, chromium, live, bypass_csp=True) as opened:
        yield opened


@pytest.mark.parametrize("url", ["/admin/users", "/admin/users/invite"])
def test_the_accounts_pages_have_no_serious_accessibility_violations(axe_page, db, url):
    admin = factories.user("admin")
    factories.user(email="pending@example.com", invited_at=utcnow(), email_verified_at=None)
    factories.user(email="gone@example.com", deactivated_at=utcnow())
    log_in(axe_page, admin.email, factories.DEFAULT_PASSWORD)
    assert axe_page.goto(url).status == 200
    found = violations(axe_page)
    assert not found, "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found)
