"""An admin brands the portal in the browser; every page then shows it."""
from __future__ import annotations

import re
from http.server import BaseHTTPRequestHandler
from io import BytesIO

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.learning import service
from app.site.models import BrandImage, Branding
from tests import factories
from tests.conftest import csrf_token_from
from tests.fakes.loopback import LoopbackServer
from tests.querycount import counting
from tests.site.images import hostile_svg, png

ACME = {
    "name": "Acme Analytics Academy", "color": "#0F766E",
    "privacy_url": "https://acme-analytics.example/privacy", "terms_url": "https://acme-analytics.example/terms",
    "contact_url": "mailto:academy@acme-analytics.example",
}


def save(browser, **fields):
    """Post the branding form as an admin's browser does (files as (bytes, name) pairs). The body
    is encoded here, in memory: the test client would spool a large one to a file it never closes."""
    token = csrf_token_from(browser.get("/admin/branding").get_data(as_text=True))
    data = {key: FileStorage(BytesIO(value[0]), filename=value[1]) if isinstance(value, tuple) else value
            for key, value in fields.items()}
    boundary, body = encode_multipart({"csrf_token": token, **data})
    return browser.client.post("/admin/branding", data=body,
                               content_type=f"multipart/form-data; boundary={boundary}")


def saved_row(db) -> Branding | None:
    db.session.expire_all()
    return db.session.get(Branding, 1)


def test_an_admin_brands_the_portal_and_every_page_shows_it(app, browser, login_as, db):
    login_as("admin")
    before = browser.get("/admin/branding").get_data(as_text=True)
    assert "Nothing is set yet" in before and 'href="/admin/branding" aria-current="page"' in before
    response = save(browser, **ACME, logo=(png(400, 100), "logo.png"))
    assert response.status_code == 302 and response.location == "/admin/branding"
    assert "Saved: every page" in browser.get("/admin/branding").get_data(as_text=True)

    course = factories.course(modules=1, lessons_per_module=2)
    learner = factories.user(first_name="Lin")
    service.enroll(learner, course)
    db.session.commit()
    visitor, reader = app.test_client(), app.test_client()
    factories.sign_in(reader, learner)
    pages = [visitor.get("/"), visitor.get("/courses"), visitor.get("/login"), visitor.get("/no-such-page"),
             reader.get(f"/learn/{course.slug}/lesson-1-1"), reader.get("/my")]
    assert [page.status_code for page in pages] == [200, 200, 200, 404, 200, 200]
    version = saved_row(db).version
    for page in pages:
        html = page.get_data(as_text=True)
        assert re.search(r"<title>[^<]* · Acme Analytics Academy</title>", html)
        header = html[html.index('<a class="brand"'):html.index("</a>", html.index('<a class="brand"'))]
        assert "Acme Analytics Academy" in header and "Primer" not in header
        assert f'src="/brand/logo.png?v={version}"' in header and 'width="400" height="100"' in header
        assert f'<link rel="stylesheet" href="/brand.css?v={version}">' in html
        assert f'<link rel="icon" href="/brand/favicon.png?v={version}" type="image/png">' in html
        footer = html[html.index('<footer class="site-footer">'):]
        assert '<a href="https://acme-analytics.example/privacy">Privacy</a>' in footer
        assert '<a href="https://acme-analytics.example/terms">Terms</a>' in footer
        assert '<a href="mailto:academy@acme-analytics.example">Contact</a>' in footer
        assert "style=" not in html  # the colour arrives in a stylesheet file: CSP forbids inline style

    css = visitor.get(f"/brand.css?v={version}")
    assert css.mimetype == "text/css" and css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert ":root { --brand: #0f766e; --brand-dark: #0a534d; }" in css.get_data(as_text=True)
    assert visitor.get("/brand.css?v=0").headers["Cache-Control"] == "no-cache"  # an older page's link
    logo = visitor.get(f"/brand/logo.png?v={version}")
    assert logo.mimetype == "image/png" and logo.data.startswith(b"\x89PNG")
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    assert visitor.get(f"/brand/favicon.png?v={version}").data.startswith(b"\x89PNG")  # made from the logo


def test_nothing_set_is_primers_own_look(client, db):
    html = client.get("/").get_data(as_text=True)
    assert re.search(r"<title>[^<]* · Primer</title>", html) and "/brand.css" not in html
    assert '<span aria-hidden="true">▲</span> Primer</a>' in html
    assert 'href="/static/favicon.svg"' in html and "product training that helps you decide" in html
    assert client.get("/brand/logo.png").status_code == 404
    assert "--brand:" not in client.get("/brand.css").get_data(as_text=True)


@pytest.mark.parametrize("role", ["learner", "author", "sales"])
def test_only_admins_may_brand_the_portal(browser, login_as, db, role):
    login_as(role)
    assert browser.get("/admin/branding").status_code == 403
    response = browser.post("/admin/branding", {"name": "Hijacked", "color": "#000000"})
    assert response.status_code == 403 and saved_row(db) is None


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/admin/branding")
    assert response.status_code == 302 and response.location.startswith("/login?next=")


def test_a_colour_too_light_for_white_text_is_refused_with_its_ratio_and_a_darker_shade(browser, login_as, db):
    login_as("admin")
    save(browser, **ACME)
    response = save(browser, **{**ACME, "name": "Renamed", "color": "#4a90e2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("#4a90e2 is too light: white text on it, and links in it on white, measure 3.29:1 where WCAG AA asks "
            "at least 4.5:1. A darker shade such as #2275d7 (4.57:1) passes.") in html
    row = saved_row(db)
    assert (row.name, row.color, row.version) == ("Acme Analytics Academy", "#0f766e", 1)  # nothing changed
    assert save(browser, **{**ACME, "color": "#2275d7"}).status_code == 302  # the suggestion is taken
    assert saved_row(db).color == "#2275d7"


@pytest.mark.parametrize("field,value,message", [
    ("color", "blue", "“blue” is not a colour in hex, such as #2046c8."),
    ("privacy_url", "javascript:alert(1)", "The Privacy link must be an https:// address"),
    ("terms_url", "http://acme-analytics.example/terms", "The Terms link must be an https:// address"),
    ("privacy_url", "mailto:privacy@acme-analytics.example", "The Privacy link must be an https:// address"),
    ("contact_url", "mailto:not an address", "The Contact link must not contain spaces"),
    ("contact_url", "mailto:nobody", "The Contact link&#39;s address after mailto: is not an email address."),
    ("contact_url", "https://user:pw@acme-analytics.example/", "The Contact link must name a web site"),
    ("name", "Acme\u202eymedacA", "The name must not contain NUL or bidirectional control characters"),
])
def test_bad_values_are_refused_beside_their_field_and_change_nothing(browser, login_as, db, field, value, message):
    login_as("admin")
    save(browser, **ACME)
    response = save(browser, **{**ACME, field: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(rf'<p class="error" id="{field}-error">[^<]*{re.escape(message)}', html), html
    assert saved_row(db).version == 1


class _Recorder(LoopbackServer):
    """Counts every request an SVG's external references might make."""

    def __init__(self):
        self.requests: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                recorder.requests.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args):
                pass

        self._serve(Handler)


def test_a_hostile_svg_logo_is_stored_as_pixels_only_and_fetches_nothing(client, browser, login_as, db):
    login_as("admin")
    with _Recorder() as recorder:
        response = save(browser, **ACME, logo=(hostile_svg(recorder.url), "logo.svg"))
    assert response.status_code == 302
    assert recorder.requests == []
    stored = db.session.scalar(select(BrandImage.data).where(BrandImage.kind == "logo"))
    assert stored.startswith(b"\x89PNG\r\n\x1a\n")
    for word in (b"<script", b"script", b"onload", b"onclick", b"href", b"foreignObject", b"javascript", b"127.0.0.1"):
        assert word not in stored
    served = client.get("/brand/logo.png")
    assert served.mimetype == "image/png" and served.data == stored


def test_an_upload_too_large_is_refused_with_a_clear_message(browser, login_as, db):
    login_as("admin")
    save(browser, **ACME)
    over_the_file_limit = png() + b"\x00" * (1536 * 1024)  # 1.5 MB: the form is read, the file refused
    response = save(browser, **ACME, logo=(over_the_file_limit, "logo.png"))
    assert response.status_code == 422
    assert "The logo is 1.5 MB; the most accepted is 1.0 MB." in response.get_data(as_text=True)
    over_the_request_limit = png() + b"\x00" * (4 * 1024 * 1024)  # past BRAND_UPLOAD_MAX_BYTES: never read
    response = save(browser, **ACME, favicon=(over_the_request_limit, "icon.png"))
    assert response.status_code == 413 and "larger than this page accepts" in response.get_data(as_text=True)
    assert saved_row(db).version == 1 and db.session.scalar(select(BrandImage.kind)) is None


def test_the_favicon_follows_the_logo_until_one_is_uploaded(browser, login_as, db):
    login_as("admin")

    def favicon() -> tuple[bytes | None, bool]:
        db.session.expire_all()
        return db.session.scalar(select(BrandImage.data).where(BrandImage.kind == "favicon")), saved_row(db).favicon_from_logo

    save(browser, **ACME, logo=(png(400, 100, (200, 0, 0, 255)), "red.png"))
    derived, from_logo = favicon()
    assert derived is not None and from_logo
    save(browser, **ACME, favicon=(png(64, 64, (0, 0, 200, 255)), "blue.png"))
    uploaded, from_logo = favicon()
    assert not from_logo and uploaded != derived
    save(browser, **ACME, logo=(png(400, 100, (0, 150, 0, 255)), "green.png"))
    assert favicon() == (uploaded, False)  # an uploaded favicon stays when the logo changes
    save(browser, **ACME, remove_favicon="y")
    again, from_logo = favicon()
    assert from_logo and again not in (uploaded, derived)  # made from the green logo
    save(browser, **ACME, remove_logo="y")
    assert favicon() == (None, False)
    assert 'href="/static/favicon.svg"' in browser.get("/").get_data(as_text=True)


def test_a_new_brand_costs_one_query_in_the_process_that_saved_it_then_none(browser, login_as, db):
    learner = factories.user()
    course = factories.course(modules=1, lessons_per_module=2)
    service.enroll(learner, course)
    db.session.commit()
    login_as("admin")
    save(browser, **ACME)
    factories.sign_in(browser.client, learner)
    reads = []
    for _ in range(3):
        with counting(db.engine) as statements:
            assert browser.get(f"/learn/{course.slug}/lesson-1-1").status_code == 200
        reads.append([s for s in statements if "branding" in s or "brand_images" in s])
    assert [len(r) for r in reads] == [1, 0, 0]
    assert "brand_images.data" not in reads[0][0]  # the images' bytes are never read for a page


def test_other_servers_show_a_new_brand_within_their_refresh_time(make_app, browser, login_as, db):
    prompt, patient = make_app(BRAND_REFRESH_SECONDS=0), make_app(BRAND_REFRESH_SECONDS=3600)
    visitors = prompt.test_client(), patient.test_client()
    assert all("· Primer</title>" in v.get("/").get_data(as_text=True) for v in visitors)
    login_as("admin")
    save(browser, **ACME)  # on this test's own server
    assert "· Acme Analytics Academy</title>" in visitors[0].get("/").get_data(as_text=True)
    assert "· Primer</title>" in visitors[1].get("/").get_data(as_text=True)  # until its copy is due

