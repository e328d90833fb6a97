"""Who may open what: a role × route matrix over every registered route."""
from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from app import create_app
from tests import factories

ROLES = ["anonymous", "learner", "author", "sales", "admin"]

# Staff areas by URL prefix, and the roles that may enter them (admins may enter all).
STAFF_AREAS = {
    "/admin": {"admin"},
    "/author": {"author", "admin"},
    "/sales": {"sales", "admin"},
}
# Pages that need an account of any role.
SIGNED_IN_ONLY = ("/account", "/my", "/learn")
# Routes not exercised with GET here (they only take POST, or serve files).
SKIP_ENDPOINTS = {"static"}

SAMPLE_ARGUMENTS = {"integer": 1, "id": 1, "default": "sample", "string": "sample", "path": "sample", "uuid": "0" * 32}


def _concrete(rule: Rule) -> str:
    """The rule's path with sample values for its arguments."""
    values = {}
    for name, converter in rule._converters.items():  # noqa: SLF001
        kind = type(converter).__name__.replace("Converter", "").lower()
        values[name] = SAMPLE_ARGUMENTS.get(kind, SAMPLE_ARGUMENTS["default"])
    return rule.build(values, append_unknown=False)[1]


def _get_rules():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    return sorted(
        (r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint not in SKIP_ENDPOINTS),
        key=lambda r: r.rule,
    )


GET_ROUTES = [(rule.endpoint, _concrete(rule)) for rule in _get_rules()]


def expected(path: str, role: str) -> str:
    for prefix, allowed in STAFF_AREAS.items():
        if path == prefix or path.startswith(prefix + "/"):
            if role == "anonymous":
                return "login"
            return "allowed" if role in allowed else "forbidden"
    if path.startswith(SIGNED_IN_ONLY) and role == "anonymous":
        return "login"
    return "allowed"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint,path", GET_ROUTES, ids=[e for e, _ in GET_ROUTES])
def test_role_route_matrix(app, client, db, endpoint, path, role):
    if role != "anonymous":
        factories.sign_in(client, factories.user(role))
    response = client.get(path)
    outcome = expected(path, role)
    if outcome == "login":
        assert response.status_code == 302 and response.location.startswith("/login?next="), (path, role)
    elif outcome == "forbidden":
        assert response.status_code == 403, (path, role)
        assert "Not allowed" in response.get_data(as_text=True)
    else:
        # Allowed: the page renders, redirects within the site, or says the sample id does not exist.
        assert response.status_code in (200, 302, 404), (path, role, response.status_code)
        if response.status_code == 302:
            assert response.location.startswith("/"), response.location
    response.close()


def test_matrix_covers_the_staff_areas():
    paths = [p for _, p in GET_ROUTES]
    assert any(p.startswith("/admin") for p in paths)
    assert len(GET_ROUTES) >= 8
