"""Shared fixtures: a migrated database per run, a fresh app per test, clients, logins.

The database comes from TEST_DATABASE_URL (PostgreSQL, recreated empty for the run) or is a
temporary SQLite file. The schema is built by the migrations themselves, so every test also
proves the migrations work on that database.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from app import create_app
from app.core.extensions import db as _db
from app.core.i18n import compile_catalogues
from tests import factories


def pytest_configure(config):
    compile_catalogues()  # as scripts/test.py does, for a plain `pytest` too


def _fresh_postgres(url: str) -> str:
    """Drop and create the database named in the URL (one per xdist worker)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    parsed = make_url(url)
    name = f"{parsed.database}{'_' + worker if worker else ''}"
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
        ), {"n": name})
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = _fresh_postgres(url) if url.startswith("postgresql") else url
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'primer-test.sqlite3'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        _db.engine.dispose()
    return url


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    The test itself holds an app context (for the database); without this, requests would
    share its `g` (the signed-in user, the CSRF token) and its database session.

    And, as a WSGI server does, a response's body is read only after the request has ended and
    its app context and database session are gone: Werkzeug's client would read the first part
    of a streamed body while the request's app context is still pushed.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def run_wsgi_app(self, environ, buffered=False):
        flask_app = self.application
        self.application = _BodyReadLater(flask_app)
        try:
            return super().run_wsgi_app(environ, buffered=buffered)
        finally:
            self.application = flask_app


class _BodyReadLater:
    """A WSGI app whose body starts with an empty part, the one Werkzeug's client reads ahead."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        return self._later(self.wsgi_app(environ, start_response))

    @staticmethod
    def _later(body):
        try:
            yield b""
            for part in body:
                yield part
        finally:
            if hasattr(body, "close"):
                body.close()


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        _db.session.remove()
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())
        _db.engine.dispose()


@pytest.fixture
def make_app(database_url):
    """Build further apps (other settings) on the test database; their pools are closed after."""
    made = []

    def make(config="testing", **overrides):
        overrides.setdefault("SQLALCHEMY_DATABASE_URI", database_url)
        new = create_app(config, **overrides)
        new.test_client_class = IsolatedClient
        made.append(new)
        return new

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def is_postgres(database_url) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """Mail sent during the test."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that submits forms like a person: it reads the CSRF token from the page."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def submit(self, page_url: str, data: dict, *, action: str | None = None, **kwargs):
        page = self.client.get(page_url)
        token = csrf_token_from(page.get_data(as_text=True))
        return self.client.post(action or page_url, data={"csrf_token": token, **data}, **kwargs)

    def post(self, url: str, data: dict | None = None, *, token_page: str = "/", **kwargs):
        token = csrf_token_from(self.client.get(token_page).get_data(as_text=True))
        return self.client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def login_as(app, client, db):
    """Sign the test client in as a new user with the given role; returns the user."""

    def login(role: str = "learner", **fields):
        user = factories.user(role=role, **fields)
        factories.sign_in(client, user)
        return user

    return login


@pytest.fixture
def scoring_model(app, db):
    """The test scoring model (tests/scoring/conftest.py MODEL), saved as the model in force."""
    from app.scoring import service
    from tests.scoring.conftest import MODEL

    saved = service.save_model(MODEL)
    db.session.commit()
    return saved
