"""Who may do what: the roles every area's access checks name (stored as users.role)."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Role(str, enum.Enum):
    """What a person may do. Admins may do everything staff may do."""

    LEARNER = "learner"
    AUTHOR = "author"
    SALES = "sales"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role's name in the reader's language."""
        return str(_LABELS[self.value])

    @property
    def is_staff(self) -> bool:
        return self is not Role.LEARNER


_LABELS = {"learner": _l("Learner"), "author": _l("L&D author"), "sales": _l("Sales"), "admin": _l("Admin")}
