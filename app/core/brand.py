"""The organisation's name where Primer speaks in its own words: "{brand}" in a mail's subject,
a flashed welcome. The site area registers the brand every template sees; this reads it from
there, so core needs nothing from site."""
from __future__ import annotations

from flask import current_app

DEFAULT_NAME = "Primer"


def brand_name() -> str:
    names: dict = {}
    current_app.update_template_context(names)
    return getattr(names.get("brand"), "name", None) or DEFAULT_NAME


def branded(text: str) -> str:
    """The text with `{brand}` replaced by the brand's name (a plain replacement: a subject
    holding a course title with braces in it stays as it is)."""
    return text.replace("{brand}", brand_name()) if "{brand}" in text else text
