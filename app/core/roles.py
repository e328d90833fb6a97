"""Who may do what: the roles every area's access checks name (stored as users.role)."""
from __future__ import annotations

import enum


class Role(str, enum.Enum):
    """What a person may do. Admins may do everything staff may do."""

    LEARNER = "learner"
    AUTHOR = "author"
    SALES = "sales"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"learner": "Learner", "author": "L&D author", "sales": "Sales", "admin": "Admin"}[self.value]

    @property
    def is_staff(self) -> bool:
        return self is not Role.LEARNER
