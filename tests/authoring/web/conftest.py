import pytest

from tests.authoring.web.steps import Author


@pytest.fixture
def author(browser, login_as):
    """An L&D author, signed in, using the site through its forms."""
    login_as("author")
    return Author(browser)
