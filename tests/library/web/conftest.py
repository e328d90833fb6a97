"""The library's pages with the fake web on loopback: a new item's details are fetched by the
(eager) background task from the fakes, never from the internet."""
import pytest


@pytest.fixture
def app(app, fakeweb):
    app.config.update(fakeweb.settings)
    return app
