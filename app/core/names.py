"""What a title or a person's name may hold, checked the same way by every form and file.

A title or a name is one line of visible text. NUL cannot be stored by PostgreSQL; other
control characters (tab, newline, BEL, the C1 range) have no place in one line; the
bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates) make
text display in another order than it is written, so a title could read differently in the
catalog, the CRM and an email than it was typed; and a name of nothing but invisible
characters (zero-width spaces, direction marks) shows as nothing. Joiners and marks inside
visible text stay allowed: scripts such as Persian and Hindi need them.
"""
from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_FORBIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
PROBLEM = _l("must not contain NUL or bidirectional control characters (U+202A–U+202E, U+2066–U+2069), "
             "nor other control characters such as tabs or line breaks")
INVISIBLE = _l("must contain a visible character")


def _invisible(text: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Zs", "Mn") for ch in text)


def name_problem(text: str) -> str | None:
    """Why `text` cannot be a title or a name, or None when it can (the empty text can: whether a
    field is required is the form's business)."""
    if _FORBIDDEN.search(text):
        return str(PROBLEM)
    if text and _invisible(text):
        return str(INVISIBLE)
    return None


class PlainName:
    """Form validator: refuses a title or name that name_problem refuses."""

    def __call__(self, form, field) -> None:
        problem = name_problem(field.data) if isinstance(field.data, str) else None
        if problem:
            raise ValidationError(problem[:1].upper() + problem[1:] + ".")
