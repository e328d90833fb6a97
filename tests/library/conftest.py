"""Apps for the library's network half, which needs no database: one with production's guard
(nothing exempt), one that reaches the fake web on loopback (fakeweb.py) and only that."""
from __future__ import annotations

import pytest

from app import create_app
from tests.library.fakeweb import FakeWeb


@pytest.fixture(scope="session")
def fakeweb(tmp_path_factory):
    with FakeWeb(tmp_path_factory.mktemp("fakeweb")) as web:
        yield web


@pytest.fixture(scope="session")
def _guarded_app():
    return create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")


@pytest.fixture(scope="session")
def _web_app(fakeweb):
    return create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", **fakeweb.settings)


@pytest.fixture
def guarded_app(_guarded_app):
    """The testing config as it is: no address exempt, no host moved."""
    with _guarded_app.app_context():
        yield _guarded_app


@pytest.fixture
def web_app(_web_app, fakeweb):
    """Fetches reach the fake web's hosts (and the fake web's two loopback ports only)."""
    fakeweb.seen.clear()
    with _web_app.app_context():
        yield _web_app
