"""What an admin may type into the brand: a name, a colour that reads well, and footer links that
go only where a footer link should (a web page over https, or an email address).

Each check returns (the value to store or None, a problem for the person or None).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from app.core.names import name_problem
from app.site import colors

NAME_MAX = 80
LINK_MAX = 500


def checked_name(text: str) -> tuple[str, str | None]:
    name = text.strip()
    problem = name_problem(name)
    if not name:
        return name, _("Give the organisation's name.")
    if len(name) > NAME_MAX:
        return name, _("The name is %(length)s characters long; the most is %(most)s.", length=len(name), most=NAME_MAX)
    if problem:
        return name, _("The name %(problem)s.", problem=problem)
    return name, None


def checked_color(text: str) -> tuple[str | None, str | None]:
    """The colour as #rrggbb (None: Primer's own), refused when white text on it, or it as link
    text on white, is under WCAG AA's 4.5:1 — saying the ratio measured and a darker shade."""
    if not text.strip():
        return None, None
    color = colors.parse_hex(text)
    if color is None:
        return None, _("“%(text)s” is not a colour in hex, such as #2046c8.", text=text.strip()[:20])
    ratio = colors.contrast_ratio(color, colors.WHITE)
    if ratio < colors.AA_NORMAL_TEXT:
        shade = colors.darker_shade(color)
        return None, _("%(color)s is too light: white text on it, and links in it on white, measure %(ratio)s where "
                       "WCAG AA asks at least 4.5:1. A darker shade such as %(shade)s (%(shade_ratio)s) passes.",
                       color=color, ratio=colors.shown_ratio(ratio), shade=shade,
                       shade_ratio=colors.shown_ratio(colors.contrast_ratio(shade, colors.WHITE)))
    return color, None


def checked_link(label: str, text: str, *, mailto: bool = False, page: str | None = None
                 ) -> tuple[str | None, str | None]:
    """An https address naming a site (no login in it), or, where `mailto`, a mailto: address.
    `label` names the link for the person; `page` (default: the label) is the example address's path."""
    link = text.strip()
    if not link:
        return None, None
    example = f"https://example.com/{(page or str(label)).lower()}"
    if len(link) > LINK_MAX:
        return None, _("The %(label)s link is %(length)s characters long; the most is %(most)s.",
                       label=label, length=len(link), most=LINK_MAX)
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in link):
        return None, _("The %(label)s link must not contain spaces or control characters.", label=label)
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme not in (("https", "mailto") if mailto else ("https",)):
        if mailto:
            return None, _("The %(label)s link must be an https:// address or a mailto: address, such as %(example)s.",
                           label=label, example=example)
        return None, _("The %(label)s link must be an https:// address, such as %(example)s.",
                       label=label, example=example)
    if scheme == "https":
        if not parts.hostname or parts.username is not None or parts.password is not None:
            return None, _("The %(label)s link must name a web site, such as %(example)s.", label=label, example=example)
        return link, None
    try:
        address = validate_email(parts.path, check_deliverability=False).normalized
    except EmailNotValidError:
        return None, _("The %(label)s link's address after mailto: is not an email address.", label=label)
    return f"mailto:{address}", None
