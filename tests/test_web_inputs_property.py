"""Whatever a person types or uploads, every form and file parser answers without a server error."""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.courses.models import Course
from tests import factories
from tests.authoring.web.steps import Author
from tests.conftest import Browser
from tests.courses.test_files_property import PIECES, course_like, dumped

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Printable and control characters (NUL included); lone surrogates cannot travel over HTTP.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from([
    "", "\x00", "a\x00b", "\u202eevil", "\u2066x\u2069", "1e999999999", "9" * 5000, "-1", "NaN", "0.001",
    "\r\n", "<script>", "' OR 1=1 --", "ﬀ" * 50])


def ok(response) -> int:
    response.request.input_stream.close()  # an uploaded file's body is a temporary file
    assert response.status_code < 500, response.get_data(as_text=True)[-2000:]
    return response.status_code


@pytest.fixture
def open_app(make_app):
    """The app without rate limits, so every example reaches the forms."""
    return make_app(RATELIMIT_ENABLED=False)


def fresh_browser(app) -> Browser:
    return Browser(app.test_client())


@FUZZ
@given(fields=st.fixed_dictionaries({name: TEXT for name in
                                     ("email", "password", "first_name", "last_name", "company", "job_title")}),
       consent=st.booleans())
def test_sign_up_with_anything(open_app, db, fields, consent):
    ok(fresh_browser(open_app).submit("/signup", {**fields, **({"consent_contact": "y"} if consent else {})}))


@FUZZ
@given(email=TEXT, password=TEXT, next_=TEXT)
def test_log_in_with_anything(open_app, db, email, password, next_):
    browser = fresh_browser(open_app)
    ok(browser.submit("/login", {"email": email, "password": password}, action=f"/login?next={next_[:20]}"))


@FUZZ
@given(fields=st.fixed_dictionaries({name: TEXT for name in
                                     ("first_name", "last_name", "company", "job_title", "country")}))
def test_the_profile_with_anything(open_app, db, fields):
    browser = fresh_browser(open_app)
    with open_app.app_context():
        factories.sign_in(browser.client, factories.user())
    ok(browser.submit("/account", {f"profile-{name}": value for name, value in fields.items()}))


@pytest.fixture
def author(browser, login_as):
    login_as("author")
    return Author(browser)


EDITORS = {
    "course": ("/author/courses/{slug}/edit", None, ("title", "slug", "summary", "price", "currency", "image")),
    "new course": ("/author/courses/new", None, ("title", "slug", "summary", "price", "currency", "image")),
    "module": ("/author/courses/{slug}/modules/new", None, ("title",)),
    "lesson": ("/author/courses/{slug}/lessons/{lesson}", None, ("title", "slug", "minutes", "body", "media",
                                                                 "new_topics")),
    "question": ("/author/courses/{slug}/modules/{module}/quiz", "/author/courses/{slug}/modules/{module}/quiz/questions",
                 ("prompt", "choices", "correct")),
    "pass mark": ("/author/courses/{slug}/modules/{module}/quiz", "/author/courses/{slug}/modules/{module}/quiz/pass-mark",
                  ("pass_percent",)),
}


@FUZZ
@given(editor=st.sampled_from(sorted(EDITORS)), values=st.lists(TEXT, min_size=6, max_size=6),
       preview=st.booleans())
def test_the_author_editors_with_anything(author, db, editor, values, preview):
    course = db.session.scalar(select(Course).where(Course.slug == "fuzzed")) or factories.course(slug="fuzzed")
    page, action, names = EDITORS[editor]
    where = {"slug": course.slug, "module": course.modules[0].id, "lesson": course.modules[0].lessons[0].id}
    data = dict(zip(names, values))
    if editor == "lesson" and preview:
        data["preview"] = "1"
    ok(author.submit(page.format(**where), data, action=action.format(**where) if action else None))


@FUZZ
@given(content=st.binary(max_size=300) | PIECES.map(str.encode)
       | st.tuples(course_like(), st.sampled_from(["yaml", "json"])).map(lambda d: dumped(*d).encode("utf-8", "replace")),
       filename=st.sampled_from(["course.yaml", "course.json", "course.txt", ""]), replace=st.booleans(),
       draft=st.booleans())
def test_a_course_file_upload_with_anything(author, db, content, filename, replace, draft):
    data = {"file": (io.BytesIO(content), filename or "upload")}
    data.update({"replace": "y"} if replace else {})
    data.update({"draft": "y"} if draft else {})
    assert ok(author.submit("/author/upload", data)) in (302, 409, 422)


@FUZZ
@given(model=TEXT | PIECES | st.builds(json.dumps, st.fixed_dictionaries({
    "thresholds": st.fixed_dictionaries({"mql": st.integers() | st.floats(), "sql": st.integers() | st.floats()}),
    "rules": st.lists(st.dictionaries(st.sampled_from(["name", "on", "points", "half_life_days", "max_times",
                                                       "topic", "verb"]),
                                      st.integers() | st.floats() | TEXT | st.booleans()), max_size=3)})),
       save=st.booleans())
def test_the_scoring_model_editor_with_anything(browser, login_as, db, scoring_model, model, save):
    login_as("author")
    response = browser.submit("/author/scoring", {"model": model, "note": "fuzz"},
                              action=None if save else "/author/scoring/preview")
    assert ok(response) in ((302, 400, 409, 422) if save else (200, 400, 422))


@pytest.fixture
def admin(browser, login_as):
    login_as("admin")
    return browser


SVG_PIECES = st.sampled_from([
    b"<svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"<?xml version='1.0'?><svg", b"\x89PNG\r\n\x1a\n",
    b"<svg xmlns='http://www.w3.org/2000/svg' width='1e9' height='-5'><rect width='1' height='1'/></svg>",
    b"<svg xmlns='http://www.w3.org/2000/svg'><use href='#a' id='a'/></svg>",
])


@FUZZ
@given(fields=st.fixed_dictionaries({name: TEXT for name in
                                     ("name", "color", "privacy_url", "terms_url", "contact_url")}),
       logo=st.none() | st.binary(max_size=300) | st.tuples(SVG_PIECES, st.binary(max_size=60)).map(b"".join),
       remove=st.booleans())
def test_the_branding_form_with_anything(admin, db, fields, logo, remove):
    data = {**fields, **({"remove_logo": "y"} if remove else {})}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), "logo")
    assert ok(admin.submit("/admin/branding", data)) in (302, 400, 422)
