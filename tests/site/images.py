"""Images the brand tests upload, made here with Pillow."""
from __future__ import annotations

from io import BytesIO

from PIL import Image, PngImagePlugin


def png(width: int = 400, height: int = 100, color=(15, 118, 110, 255), *, comment: str | None = None,
        exif: bytes | None = None) -> bytes:
    image = Image.new("RGBA", (width, height), color)
    info = PngImagePlugin.PngInfo()
    if comment:
        info.add_text("Comment", comment)
    out = BytesIO()
    image.save(out, format="PNG", pnginfo=info, **({"exif": exif} if exif else {}))
    return out.getvalue()


def noisy_png(width: int, height: int) -> bytes:
    """Random pixels: a PNG that compresses badly."""
    import os

    image = Image.frombytes("RGBA", (width, height), os.urandom(width * height * 4))
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def size_of(data: bytes) -> tuple[int, int]:
    return Image.open(BytesIO(data)).size


SVG_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" width="200" height="50">
<rect width="200" height="50" rx="8" fill="#0f766e"/><circle cx="25" cy="25" r="15" fill="#ffffff"/></svg>"""


def hostile_svg(fetch_url: str) -> bytes:
    """An SVG logo carrying a script, event handlers, external references and a foreignObject."""
    return f"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 40"
     width="100" height="40" onload="alert('onload')">
  <script>alert('script')</script>
  <rect width="100" height="40" fill="#0f766e" onclick="alert('click')"/>
  <image href="{fetch_url}/href.png" x="0" y="0" width="10" height="10"/>
  <image xlink:href="{fetch_url}/xlink.png" x="10" y="0" width="10" height="10"/>
  <use href="{fetch_url}/sprite.svg#logo"/>
  <style>@import url("{fetch_url}/style.css");</style>
  <foreignObject width="100" height="40"><div xmlns="http://www.w3.org/1999/xhtml">script</div></foreignObject>
  <a href="javascript:alert('link')"><circle cx="20" cy="20" r="10" fill="#ffffff"/></a>
</svg>""".encode()
