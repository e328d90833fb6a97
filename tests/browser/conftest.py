"""Browser tests: Primer served for real on 127.0.0.1, driven by Debian's Chromium through Playwright.

One server per test run (a werkzeug server in a thread) on the run's migrated database, with
Stripe pointed at the loopback FakeStripe (whose Checkout page delivers signed webhooks back to
this server) and HubSpot at the loopback FakeHubSpot. Each test gets a fresh browser context
(no cookies) and, through the suite's `app` fixture, an app context for building data with
tests.factories; the tables are emptied after it. A failing test leaves a full-page screenshot
in test-artifacts/.

Chromium comes from Debian (`apt-get install chromium`), never from Playwright's own download:
CHROMIUM names another binary; without one, these tests are skipped with the reason.
"""
from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import got_request_exception
from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app
from app.core.extensions import db as _db
from tests.fakes.hubspot import FakeHubSpot
from tests.fakes.stripe import API_KEY, WEBHOOK_SECRET, FakeStripe

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
TIMEOUT_MS = 15_000


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the group
def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser is marked `browser`, and skipped without a Chromium to drive.

    Under pytest-xdist (`--dist loadgroup`) they all run on one worker: one Chromium, one live
    server and one pair of fakes for the run, instead of one per worker."""
    here = Path(__file__).resolve().parent
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver, or set CHROMIUM)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -r requirements-dev.txt)"
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so the page fixture knows if the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # the access log would drown a failure's output
        pass


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.errors: list[BaseException] = []
        self.server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        got_request_exception.connect(self._record, app, weak=False)

    def _record(self, sender, exception, **extra):
        self.errors.append(exception)


@pytest.fixture(scope="session")
def fakes():
    with FakeStripe() as stripe, FakeHubSpot() as hubspot:
        yield stripe, hubspot


@pytest.fixture(scope="session")
def live_server(database_url, fakes):
    stripe, hubspot = fakes
    app = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=database_url, SERVER_NAME=None, RATELIMIT_ENABLED=False,
        PRIMER_BASE_URL="http://127.0.0.1",
        STRIPE_SECRET_KEY=API_KEY, STRIPE_API_BASE=stripe.url, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_CHECKOUT_ORIGIN=stripe.url,
        HUBSPOT_ACCESS_TOKEN=hubspot.token, HUBSPOT_API_BASE=hubspot.url,
        BRAND_REFRESH_SECONDS=0,  # tests set the brand from their own app: read it on every page
    )
    server = LiveServer(app)
    app.config["PRIMER_BASE_URL"] = server.url  # now that the port is known
    stripe.webhook_url = f"{server.url}/webhooks/stripe"
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live(app, live_server):
    """The running server, with the test's app context open for factories (tables emptied after).

    A request that raised inside Primer fails the test, even if the page looked fine."""
    live_server.errors.clear()
    yield live_server
    assert not live_server.errors, f"the server raised: {live_server.errors!r}"


@contextmanager
def open_page(request, chromium, live, viewport=None, **options):
    """A page in a fresh browser context (1280 × 900 unless `viewport` says otherwise); a full-page
    screenshot in test-artifacts/ if the test failed."""
    context = chromium.new_context(base_url=live.url, viewport=viewport or {"width": 1280, "height": 900}, **options)
    context.set_default_timeout(TIMEOUT_MS)
    # Chromium asks for the favicon on its own, after the page has loaded; a test that closes its
    # page meanwhile drops that connection, and werkzeug's dev server then leaks the open file (a
    # ResourceWarning that fails whichever test is running when it surfaces). So the browser
    # answers it itself with an empty 204: no test looks at the favicon.
    context.route("**/favicon*", lambda route: route.fulfill(status=204))
    page = context.new_page()
    try:
        yield page
        report = getattr(request.node, "report_call", None)
        if report is None or report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception as error:  # the page may be gone; the failure itself matters more
                print(f"no screenshot: {error}")
    finally:
        context.close()


@pytest.fixture
def page(request, chromium, live):
    with open_page(request, chromium, live) as opened:
        yield opened


LOGIN_WORDS = {"en": ("Email", "Password", "Log in"), "cs": ("E-mail", "Heslo", "Přihlásit se")}


def log_in(page, email: str, password: str) -> None:
    """Log in through the form, as a person would, reading it in the language it is written in."""
    page.goto("/login")
    words = LOGIN_WORDS[page.get_attribute("html", "lang")]
    page.get_by_label(words[0], exact=True).fill(email)
    page.get_by_label(words[1], exact=True).fill(password)
    page.get_by_role("button", name=words[2], exact=True).click()
    page.wait_for_load_state()
