"""Column types every area's models use."""
from __future__ import annotations

import enum

from sqlalchemy import BigInteger, ColumnElement, Enum, Integer, and_

# Ids that may pass 2^31 (the event log and what points into it): 64-bit on PostgreSQL; SQLite's
# INTEGER PRIMARY KEY is already 64-bit, and only it is the rowid that autoincrements.
BigId = BigInteger().with_variant(Integer, "sqlite")


def enum_column(enum_class: type[enum.Enum], length: int = 16, *, name: str | None = None) -> Enum:
    """Store an enum by its value as a checked string (portable across databases). A table with two
    columns of one enum names the second's check (`name`): constraint names are per table."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        create_constraint=True,
        name=name or f"{enum_class.__name__.lower()}_value",
    )


def live(*models) -> ColumnElement[bool]:
    """The rows of each of `models` that are not retired (courses keep retired rows so that
    learners' progress survives any edit)."""
    return and_(*(model.retired_at.is_(None) for model in models))
