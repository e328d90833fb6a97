"""Every POST route refuses a request without a CSRF token (400), signed in or not."""
import pytest
from werkzeug.routing import IntegerConverter

from app import create_app
from tests import factories

# Routes that outside services call; they check a signature instead of a CSRF token. (A mail
# client's one-click unsubscribe, RFC 8058, posts to the signed link in the mail with no form.)
CSRF_EXEMPT = {"billing.stripe_webhook", "accounts.unsubscribe"}


def _post_rules():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    rules = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint not in CSRF_EXEMPT:
            values = {name: 1 if isinstance(conv, IntegerConverter) else "sample"
                      for name, conv in rule._converters.items()}  # noqa: SLF001
            rules.append((rule.endpoint, rule.build(values, append_unknown=False)[1]))
    return sorted(rules)


POST_ROUTES = _post_rules()


@pytest.mark.parametrize("role", ["anonymous", "learner", "admin"])
@pytest.mark.parametrize("endpoint,path", POST_ROUTES, ids=[e for e, _ in POST_ROUTES])
def test_post_without_csrf_token_is_refused(app, client, db, endpoint, path, role):
    if role != "anonymous":
        factories.sign_in(client, factories.user(role))
    response = client.post(path, data={"email": "x@example.com", "password": "whatever it is"})
    assert response.status_code == 400, (path, role, response.status_code)
    assert "not sent from this site" in response.get_data(as_text=True)


def test_post_with_a_forged_token_is_refused(browser, db):
    factories.user(email="kim@example.com")
    response = browser.client.post("/login", data={
        "csrf_token": "forged", "email": "kim@example.com", "password": factories.DEFAULT_PASSWORD,
    })
    assert response.status_code == 400


def test_the_walk_covers_the_forms():
    endpoints = {e for e, _ in POST_ROUTES}
    assert {"accounts.login", "accounts.signup", "accounts.logout", "accounts.reset_request", "accounts.change_role"} <= endpoints
