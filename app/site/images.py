"""Logos and favicons from uploads, made safe to show: every stored image is a PNG that
Primer encoded itself from the pixels alone.

A PNG upload is decoded with Pillow (its size read from the header and refused when too large,
before any pixel is decoded), shrunk to fit, and written anew: no text chunk, EXIF, ICC profile
or trailing data of the upload survives. An SVG upload is rasterized with CairoSVG, which parses
with defusedxml (no entities), fetches nothing but data: URLs unless told to be unsafe (it is not
here), and draws onto a surface of the size Primer chose, whatever size the SVG claims. Script,
event handlers, external references and foreignObject cannot survive into pixels, and no SVG
reaches a browser from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from flask_babel import gettext as _, lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 1024 * 1024  # each file as uploaded
MAX_SOURCE_SIDE = 4096  # pixels, each way, of an uploaded PNG
MAX_STORED_BYTES = 512 * 1024  # each image as stored
LOGO_BOX = (1200, 300)  # the largest logo kept: crisp at the header's 40 px and in print
FAVICON_SIDE = 128


class ImageRefused(ValueError):
    """The upload is not an image Primer can take; the message says why, for the person."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes  # a PNG
    width: int
    height: int


def logo_from_upload(raw: bytes, label: str = _l("The logo")) -> CleanImage:
    """A PNG of at most LOGO_BOX from an uploaded PNG or SVG, transparent borders trimmed."""
    image = _decode(raw, label, LOGO_BOX)
    return _encode(_trimmed(image, label), LOGO_BOX, label)


def favicon_from_upload(raw: bytes, label: str = _l("The favicon")) -> CleanImage:
    return favicon_from_logo(_decode(raw, label, (FAVICON_SIDE * 4, FAVICON_SIDE * 4)), label)


def favicon_from_logo(logo: CleanImage | Image.Image, label: str = _l("The favicon")) -> CleanImage:
    """A square FAVICON_SIDE icon: the image shrunk to fit and centred on transparency."""
    image = logo if isinstance(logo, Image.Image) else Image.open(BytesIO(logo.data))
    image = _trimmed(image.convert("RGBA"), label)
    image.thumbnail((FAVICON_SIDE, FAVICON_SIDE), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (FAVICON_SIDE, FAVICON_SIDE), (0, 0, 0, 0))
    square.paste(image, ((FAVICON_SIDE - image.width) // 2, (FAVICON_SIDE - image.height) // 2))
    return _encode(square, (FAVICON_SIDE, FAVICON_SIDE), label)


def _decode(raw: bytes, label: str, box: tuple[int, int]) -> Image.Image:
    if not raw:
        raise ImageRefused(_("%(label)s file is empty.", label=label))
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImageRefused(_("%(label)s is %(size)s; the most accepted is %(most)s.", label=label, size=_size(len(raw)),
                             most=_size(MAX_UPLOAD_BYTES)))
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return _decode_png(raw, label)
    if _looks_like_svg(raw):
        return _rasterize_svg(raw, label, box)
    raise ImageRefused(_("%(label)s must be a PNG or an SVG file.", label=label))


def _decode_png(raw: bytes, label: str) -> Image.Image:
    unreadable = ImageRefused(_("%(label)s could not be read as a PNG image.", label=label))
    try:
        image = Image.open(BytesIO(raw), formats=["PNG"])
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unreadable from None
    width, height = image.size  # from the header: no pixel decoded yet
    if width > MAX_SOURCE_SIDE or height > MAX_SOURCE_SIDE:
        raise ImageRefused(_("%(label)s is %(width)s×%(height)s pixels; the most accepted is %(most)s×%(most)s.",
                             label=label, width=width, height=height, most=MAX_SOURCE_SIDE))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise unreadable from None
    return image.convert("RGBA")


def _looks_like_svg(raw: bytes) -> bool:
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in raw.lower()


def _rasterize_svg(raw: bytes, label: str, box: tuple[int, int]) -> Image.Image:
    try:
        import cairosvg  # loads the system's cairo library: only drawing an SVG needs it
    except OSError:
        raise ImageRefused(_("%(label)s is an SVG, which this server cannot draw (its cairo library, Debian's "
                             "libcairo2, is missing): upload a PNG instead.", label=label)) from None
    try:
        # The surface is `box`, whatever the SVG claims; it is drawn to fit, centred.
        png = cairosvg.svg2png(bytestring=raw, output_width=box[0], output_height=box[1], unsafe=False)
        image = Image.open(BytesIO(png), formats=["PNG"])
        image.load()
    except Exception:  # noqa: BLE001 — any failure to draw an untrusted file means "cannot use it"
        raise ImageRefused(_("%(label)s could not be read as an SVG image (is it a complete, plain SVG file?).",
                             label=label)) from None
    return image.convert("RGBA")


def _trimmed(image: Image.Image, label: str) -> Image.Image:
    box = image.getchannel("A").getbbox()
    if box is None:
        raise ImageRefused(_("%(label)s is completely transparent: there is nothing to show.", label=label))
    return image.crop(box)


def _encode(image: Image.Image, box: tuple[int, int], label: str) -> CleanImage:
    image = image.copy()
    image.thumbnail(box, Image.Resampling.LANCZOS)
    # A new image from the pixels alone: nothing of the upload's metadata comes along.
    fresh = Image.frombytes("RGBA", image.size, image.convert("RGBA").tobytes())
    out = BytesIO()
    fresh.save(out, format="PNG", optimize=True)
    data = out.getvalue()
    if len(data) > MAX_STORED_BYTES:
        raise ImageRefused(_("%(label)s is still %(size)s at %(width)s×%(height)s pixels; the most kept is %(most)s. "
                             "Use an image with fewer colours or details.", label=label, size=_size(len(data)),
                             width=fresh.width, height=fresh.height, most=_size(MAX_STORED_BYTES)))
    return CleanImage(data, fresh.width, fresh.height)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"
