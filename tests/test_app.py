"""The app as a whole: settings, health, security headers, error pages."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask import abort

from config import ProductionConfig

ROOT = Path(__file__).resolve().parent.parent


def test_production_refuses_to_start_without_a_real_secret_key(make_app):
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        make_app(ProductionConfig, SECRET_KEY=None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(ProductionConfig, SECRET_KEY="short")


def test_production_start_error_is_one_line_on_the_command_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PRIMER_ENV": "production", "PRIMER_INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "RuntimeError: SECRET_KEY must be set" in result.stderr.strip().splitlines()[-1]


def test_production_starts_with_a_secret_key(make_app):
    app = make_app(ProductionConfig, SECRET_KEY="x" * 40, PRIMER_BASE_URL="https://primer.example")
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"
    assert response.json["schema"]


@pytest.mark.parametrize("url", ["sqlite:///{tmp}/never-migrated.sqlite3", "postgresql+psycopg://nobody@127.0.0.1:1/x"])
def test_healthz_reports_a_database_it_cannot_use(make_app, tmp_path, url):
    app = make_app(SQLALCHEMY_DATABASE_URI=url.format(tmp=tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


def _assert_security_headers(response, *, hsts: bool = False):
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert ("Strict-Transport-Security" in response.headers) is hsts


@pytest.mark.parametrize("path,status", [("/", 200), ("/login", 200), ("/no-such-page", 404), ("/admin/", 302)])
def test_security_headers_on_every_response(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    _assert_security_headers(response)


def test_forms_may_lead_only_here_and_to_stripe_checkout(client, make_app):
    """Browsers apply form-action to a form's redirect: the Buy button's goes to Checkout."""
    def form_action(response):
        csp = response.headers["Content-Security-Policy"]
        return dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())["form-action"]

    assert form_action(client.get("/")) == "'self' https://checkout.stripe.com"
    other = make_app(STRIPE_CHECKOUT_ORIGIN="http://127.0.0.1:9999")
    assert form_action(other.test_client().get("/")) == "'self' http://127.0.0.1:9999"


def test_security_headers_and_layout_on_a_server_error(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals that must not leak")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    _assert_security_headers(response)
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page and 'class="site-header"' in page
    assert "secret internals" not in page and "Traceback" not in page


@pytest.mark.parametrize("code", [400, 403, 404, 429, 500])
def test_error_pages_use_the_site_layout(make_app, code):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/fail")
    def fail():
        abort(code)

    response = app.test_client().get("/fail")
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert f"Error {code}" in page and 'class="site-header"' in page
    _assert_security_headers(response)


def test_hsts_and_https_in_production(make_app):
    app = make_app(ProductionConfig, SECRET_KEY="x" * 40, PRIMER_BASE_URL="https://primer.example")
    client = app.test_client()
    assert client.get("/healthz", base_url="http://primer.example").status_code == 302  # http goes to https
    response = client.get("/healthz", base_url="https://primer.example")
    assert response.status_code == 200
    _assert_security_headers(response, hsts=True)


def test_static_assets_are_served_by_the_app(client):
    page = client.get("/").get_data(as_text=True)
    assert "/static/css/primer.css" in page
    assert "http" not in page.split("/static/css/primer.css")[0].rsplit('href="', 1)[-1]  # no CDN
    with client.get("/static/css/primer.css") as response:
        assert response.status_code == 200
        assert b"--brand" in response.get_data()


def test_behind_a_proxy_the_client_address_and_scheme_come_from_it(make_app):
    app = make_app(PROXY_COUNT=1)
    seen = {}

    @app.route("/who")
    def who():
        from flask import request

        seen.update(addr=request.remote_addr, secure=request.is_secure)
        return "ok"

    app.test_client().get("/who", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    assert seen == {"addr": "203.0.113.9", "secure": True}


def test_development_mail_goes_to_the_log(make_app, caplog):
    from app.core.mailer import send_email

    app = make_app(MAIL_BACKEND="app.core.mailer.LogEmailBackend")
    caplog.set_level("INFO", logger=app.logger.name)
    with app.test_request_context():
        send_email("kim@example.com", "Hello", "reset_password", user=None, link="http://x/reset-password/abc",
                   minutes=60)
    assert "kim@example.com" in caplog.text and "http://x/reset-password/abc" in caplog.text


def test_production_refuses_to_start_without_a_public_address(make_app):
    with pytest.raises(RuntimeError, match="PRIMER_BASE_URL must be set"):
        make_app(ProductionConfig, SECRET_KEY="x" * 40, PRIMER_BASE_URL="")
    with pytest.raises(RuntimeError, match="PRIMER_BASE_URL must be an http"):
        make_app(ProductionConfig, SECRET_KEY="x" * 40, PRIMER_BASE_URL="academy.example.com")


@pytest.mark.parametrize("headers,environ", [
    ({"Host": "evil.example"}, {}),
    ({"Host": "primer.test:8080@evil.example"}, {}),
])
def test_requests_for_an_unknown_host_are_refused(client, outbox, headers, environ):
    response = client.get("/reset-password", headers=headers, environ_base=environ)
    assert response.status_code == 400
    assert "Error 400" in response.get_data(as_text=True)
    assert outbox == []


def test_a_forwarded_host_behind_a_proxy_is_refused_too(make_app):
    app = make_app(PROXY_COUNT=1)
    response = app.test_client().get("/login", headers={"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 400


def test_emailed_links_use_the_public_address_not_the_request_host(make_app, db, outbox):
    from tests import factories

    app = make_app(PRIMER_BASE_URL="https://academy.example.com/learn", TRUSTED_HOSTS=["primer.test", "alias.test"],
                   MAIL_BACKEND="locmem")
    with app.app_context():
        factories.user(email="kim@example.com")
        client = app.test_client()
        page = client.get("/reset-password", base_url="http://alias.test").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post("/reset-password", base_url="http://alias.test",
                    data={"csrf_token": token, "email": "kim@example.com"})
        mail = app.extensions["mailman"].outbox[-1]
    assert re.search(r"https://academy\.example\.com/learn/reset-password/\S+", mail.body)
    assert "alias.test" not in mail.body


def test_development_trusts_both_loopback_names(make_app):
    from config import DevelopmentConfig

    app = make_app(DevelopmentConfig, SECRET_KEY="d" * 40, PRIMER_BASE_URL="http://127.0.0.1:5000", SERVER_NAME=None)
    client = app.test_client()
    assert client.get("/healthz", base_url="http://localhost:5000").status_code == 200
    assert client.get("/healthz", base_url="http://127.0.0.1:5000").status_code == 200
    assert client.get("/healthz", base_url="http://evil.example").status_code == 400


def test_large_request_bodies_are_refused_before_they_are_read(client):
    response = client.post("/webhooks/stripe", data=b"x" * (2 * 1024 * 1024),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "larger than this page accepts" in response.get_data(as_text=True)


def test_the_request_limit_is_a_setting(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1000)
    response = app.test_client().post("/login", data={"email": "x" * 2000})
    assert response.status_code == 413


def test_the_sqlite_database_file_is_private(make_app, tmp_path):
    path = tmp_path / "fresh.sqlite3"
    make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    assert path.stat().st_mode & 0o777 == 0o600
    loose = tmp_path / "loose.sqlite3"
    loose.touch(mode=0o644)
    loose.chmod(0o644)
    make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{loose}")
    assert loose.stat().st_mode & 0o777 == 0o600


def test_a_view_may_accept_larger_bodies_than_the_rest(make_app):
    from app.core.security import accepts_upload

    app = make_app(MAX_CONTENT_LENGTH=1000, BIG_UPLOAD_BYTES=5000)

    @app.route("/big", methods=["POST"])
    @accepts_upload("BIG_UPLOAD_BYTES")
    def big():
        return "taken"

    client = app.test_client()
    # 3,000 bytes reach the view's checks (here CSRF refuses the form, after reading it) …
    assert client.post("/big", data={"f": "x" * 3000}).status_code == 400
    # … 6,000 do not, and the other pages keep the smaller limit
    assert client.post("/big", data={"f": "x" * 6000}).status_code == 413
    assert client.post("/login", data={"f": "x" * 3000}).status_code == 413
