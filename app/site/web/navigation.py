"""The main navigation, which changes with the person's role."""
from __future__ import annotations

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.roles import Role

# (endpoint, label, who sees it: None = everyone, else the roles (admins see every staff link),
#  the paths it stands for: the link is marked as the current page below them)
NAV = [
    ("courses.courses", _l("Courses"), None, ("/courses",)),
    ("library.index", _l("Library"), None, ("/library",)),
    ("learning.my_learning", _l("My learning"), (Role.LEARNER, Role.AUTHOR, Role.SALES), ("/my", "/learn/")),
    ("authoring.index", _l("Author"), (Role.AUTHOR,), ("/author/",)),
    ("scoring.leads", _l("Leads"), (Role.SALES,), ("/sales/",)),
    ("accounts.users", _l("Admin"), (Role.ADMIN,), ("/admin/",)),
]


def nav_links() -> list[tuple[str, str, bool]]:
    """The links this person sees: (endpoint, label, whether the page shown is in its section)."""
    links = []
    for endpoint, label, roles, paths in NAV:
        if endpoint not in current_app.view_functions:
            continue  # that area is not part of this build
        if roles is not None and not (current_user.is_authenticated and current_user.has_role(*roles)):
            continue
        current = any(request.path == path or request.path.startswith(path.rstrip("/") + "/") for path in paths)
        links.append((endpoint, label, current))
    return links
