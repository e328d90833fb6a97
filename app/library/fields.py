"""What a field read from another site may hold, before Primer keeps it.

Everything here came from a stranger's server, so every text is capped and made one line of
visible text (no control characters, no bidirectional controls that would make it read in
another order, see core.names), every URL is an absolute http(s) one without credentials, and a
picture's URL is https only: an http picture on a Primer page is mixed content.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from app.core.names import BIDI_CONTROLS

# The most a library item keeps of each (its columns, app/library/models.py).
TITLE_CHARS = 200
SUMMARY_CHARS = 1000
NAME_CHARS = 120  # a site's, a provider's or an author's name
URL_CHARS = 2000
LANGUAGE_CHARS = 20
MAX_SECONDS = 7 * 24 * 3600  # no episode or video runs for a week


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # line and field breaks: a space
_INVISIBLE = re.compile(f"[{BIDI_CONTROLS}\u200b\ufeff]")  # reordering and zero-width marks: nothing
_LANGUAGE = re.compile(r"([A-Za-z]{2,3})((?:-[A-Za-z0-9]{1,8}){0,4})")
_ISO_DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", re.IGNORECASE)


def text(value: object, limit: int) -> str:
    """`value` as one line of at most `limit` characters: controls dropped, runs of space made one."""
    if not isinstance(value, str):
        return ""
    line = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", value)).split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def web_url(value: object, base: str | None = None, *, https_only: bool = False) -> str | None:
    """`value` as an absolute http(s) URL (relative to `base`), or None when it is not a usable one."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = urljoin(base, value.strip()) if base else value.strip()
    if len(url) > URL_CHARS or _CONTROL.search(url) or _INVISIBLE.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number in range)
    except ValueError:
        return None
    allowed = ("https",) if https_only else ("http", "https")
    if parts.scheme.lower() not in allowed or not parts.hostname or parts.username or parts.password:
        return None
    return url


def picture_url(value: object, base: str | None = None) -> str | None:
    return web_url(value, base, https_only=True)


def language(value: object) -> str | None:
    """A language tag as pages write it ("cs", "en_US", "pt-br") in its usual form ("pt-BR"), or None."""
    if not isinstance(value, str):
        return None
    match = _LANGUAGE.fullmatch(value.strip().replace("_", "-"))
    if not match or len(value.strip()) > LANGUAGE_CHARS:
        return None
    subtags = [part for part in match.group(2).split("-") if part]
    return "-".join([match.group(1).lower(), *(tag.upper() if len(tag) == 2 else tag for tag in subtags)])


def seconds(value: object) -> int | None:
    """A duration in whole seconds from a number, "3600", "01:02:03", "62:03" or "PT1H2M3S"; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        total = float(value)
    elif isinstance(value, str) and value.strip():
        total = _seconds_from_text(value.strip())
        if total is None:
            return None
    else:
        return None
    if not 0 < total <= MAX_SECONDS:
        return None
    return round(total)


def _seconds_from_text(value: str) -> float | None:
    iso = _ISO_DURATION.fullmatch(value)
    if iso and value.upper() not in ("P", "PT"):
        days, hours, minutes, secs = (float(part or 0) for part in iso.groups())
        return ((days * 24 + hours) * 60 + minutes) * 60 + secs
    parts = value.split(":")
    if len(parts) > 3:
        return None
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    if any(n < 0 for n in numbers) or any(n >= 60 for n in numbers[1:]):
        return None
    total = 0.0
    for number in numbers:
        total = total * 60 + number
    return total
