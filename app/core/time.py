"""Time in Primer is always timezone-aware UTC."""
from datetime import date, datetime, timezone

from babel.dates import format_date
from flask_babel import get_locale
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def day_label(day: date) -> str:
    """A day as charts and their tables name it, in the reader's language: "Jan 6, 2025" (en),
    "6. 1. 2025" (cs); data files keep ISO dates."""
    return format_date(day, "medium", locale=str(get_locale() or "en"))


class UTCDateTime(TypeDecorator):
    """Stores UTC and always gives back an aware datetime, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
