"""What a title or a person's name may hold, checked the same way by every form and file.

NUL cannot be stored by PostgreSQL, and the bidirectional controls (U+202A–U+202E embeddings
and overrides, U+2066–U+2069 isolates) make text display in another order than it is written:
a title could then read differently in the catalog, the CRM and an email than it was typed.
"""
from __future__ import annotations

import re

from wtforms import ValidationError

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_FORBIDDEN = re.compile(f"[\x00{BIDI_CONTROLS}]")
PROBLEM = "must not contain NUL or bidirectional control characters (U+202A–U+202E, U+2066–U+2069)"


def name_problem(text: str) -> str | None:
    """PROBLEM if `text` holds a character no title or name may hold, else None."""
    return PROBLEM if _FORBIDDEN.search(text) else None


class PlainName:
    """Form validator: refuses a title or name holding NUL or a bidirectional control."""

    message = PROBLEM[:1].upper() + PROBLEM[1:] + "."

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and name_problem(field.data):
            raise ValidationError(self.message)
