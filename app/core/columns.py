"""Column types every area's models use."""
from __future__ import annotations

import enum

from sqlalchemy import Enum


def enum_column(enum_class: type[enum.Enum], length: int = 16) -> Enum:
    """Store an enum by its value as a checked string (portable across databases)."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        create_constraint=True,
        name=f"{enum_class.__name__.lower()}_value",
    )
