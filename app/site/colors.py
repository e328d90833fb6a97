"""The brand colour's arithmetic: WCAG 2 contrast, and the shades derived from a colour.

The colour is used two ways on every page: as the background of buttons with white text, and
as the colour of links on white. WCAG AA asks 4.5:1 for normal text in both; the two ratios
are the same number (white against the colour), but each is named where it is checked so the
message says what it protects.
"""
from __future__ import annotations

import colorsys
import math
import re

from babel.numbers import format_decimal

from app.core.formatting import reader_locale

AA_NORMAL_TEXT = 4.5
WHITE = "#ffffff"
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def parse_hex(text: str) -> str | None:
    """`#rrggbb` (lower case) for "#RGB", "#RRGGBB" or the same without "#"; None otherwise."""
    match = _HEX.fullmatch(text.strip())
    if not match:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (red, green, blue))


def relative_luminance(color: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shown_ratio(ratio: float) -> str:
    """The ratio as people read it, in their language, rounded down: 4.499 shows as 4.49:1
    ("4,49:1" in Czech), never as a passing 4.5."""
    return format_decimal(math.floor(ratio * 100) / 100, format="0.00", locale=reader_locale()) + ":1"


def with_lightness(color: str, factor: float) -> str:
    """The colour with its HLS lightness multiplied by `factor` (hue and saturation kept)."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb(color)))
    return _hex(*colorsys.hls_to_rgb(hue, lightness * factor, saturation))


def darker_shade(color: str, ratio: float = AA_NORMAL_TEXT) -> str:
    """The lightest shade of `color` (same hue and saturation, less light) that reaches `ratio`
    against white."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb(color)))
    for step in range(1, 101):
        shade = _hex(*colorsys.hls_to_rgb(hue, lightness * (1 - step / 100), saturation))
        if contrast_ratio(shade, WHITE) >= ratio:
            return shade
    return "#000000"


def hover_shade(color: str) -> str:
    """The darker colour for hover and pressed states (Primer's own pair is #2046c8 / #15338f)."""
    return with_lightness(color, 0.7)
