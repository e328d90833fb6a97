"""What an admin may type into the brand: a name, a colour that reads well, and footer links that
go only where a footer link should (a web page over https, or an email address).

Each check returns (the value to store or None, a problem for the person or None).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from app.core.names import name_problem
from app.site import colors

NAME_MAX = 80
LINK_MAX = 500


def checked_name(text: str) -> tuple[str, str | None]:
    name = text.strip()
    problem = name_problem(name)
    if not name:
        return name, "Give the organisation's name."
    if len(name) > NAME_MAX:
        return name, f"The name is {len(name)} characters long; the most is {NAME_MAX}."
    if problem:
        return name, f"The name {problem}."
    return name, None


def checked_color(text: str) -> tuple[str | None, str | None]:
    """The colour as #rrggbb (None: Primer's own), refused when white text on it, or it as link
    text on white, is under WCAG AA's 4.5:1 — saying the ratio measured and a darker shade."""
    if not text.strip():
        return None, None
    color = colors.parse_hex(text)
    if color is None:
        return None, f"“{text.strip()[:20]}” is not a colour in hex, such as #2046c8."
    ratio = colors.contrast_ratio(color, colors.WHITE)
    if ratio < colors.AA_NORMAL_TEXT:
        shade = colors.darker_shade(color)
        return None, (f"{color} is too light: white text on it, and links in it on white, measure "
                      f"{colors.shown_ratio(ratio)} where WCAG AA asks at least 4.5:1. A darker shade such as "
                      f"{shade} ({colors.shown_ratio(colors.contrast_ratio(shade, colors.WHITE))}) passes.")
    return color, None


def checked_link(label: str, text: str, *, mailto: bool = False) -> tuple[str | None, str | None]:
    """An https address naming a site (no login in it), or, where `mailto`, a mailto: address."""
    link = text.strip()
    if not link:
        return None, None
    wanted = "an https:// address or a mailto: address" if mailto else "an https:// address"
    if len(link) > LINK_MAX:
        return None, f"The {label} link is {len(link)} characters long; the most is {LINK_MAX}."
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in link):
        return None, f"The {label} link must not contain spaces or control characters."
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme not in (("https", "mailto") if mailto else ("https",)):
        return None, f"The {label} link must be {wanted}, such as https://example.com/{label.lower()}."
    if scheme == "https":
        if not parts.hostname or parts.username is not None or parts.password is not None:
            return None, f"The {label} link must name a web site, such as https://example.com/{label.lower()}."
        return link, None
    try:
        address = validate_email(parts.path, check_deliverability=False).normalized
    except EmailNotValidError:
        return None, f"The {label} link's address after mailto: is not an email address."
    return f"mailto:{address}", None
