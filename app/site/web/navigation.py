"""The main navigation, which changes with the person's role."""
from __future__ import annotations

from flask import current_app
from flask_login import current_user

from app.core.roles import Role

# (endpoint, label, who sees it: None = everyone, else the roles; admins see every staff link)
NAV = [
    ("courses.courses", "Courses", None),
    ("learning.my_learning", "My learning", (Role.LEARNER, Role.AUTHOR, Role.SALES)),
    ("authoring.index", "Author", (Role.AUTHOR,)),
    ("scoring.leads", "Leads", (Role.SALES,)),
    ("accounts.users", "Admin", (Role.ADMIN,)),
]


def nav_links() -> list[tuple[str, str]]:
    links = []
    for endpoint, label, roles in NAV:
        if endpoint not in current_app.view_functions:
            continue  # that area is not part of this build
        if roles is not None and not (current_user.is_authenticated and current_user.has_role(*roles)):
            continue
        links.append((endpoint, label))
    return links
