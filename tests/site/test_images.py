"""Uploads made safe: every stored image is a PNG Primer encoded from the pixels alone."""
import pytest

from app.site import images
from tests.site.images import SVG_LOGO, hostile_svg, noisy_png, png, size_of

PNG_CHUNKS_OF_METADATA = (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"tIME")


def test_a_png_is_encoded_anew_without_its_metadata_and_shrunk_to_fit():
    upload = png(3000, 1000, comment="secret-comment", exif=b"Exif\x00\x00MM\x00*secret-exif")
    assert b"secret-comment" in upload and b"eXIf" in upload
    logo = images.logo_from_upload(upload)
    assert logo.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (logo.width, logo.height) == size_of(logo.data) == (900, 300)
    assert b"secret" not in logo.data
    assert not any(chunk in logo.data for chunk in PNG_CHUNKS_OF_METADATA)


def test_an_svg_is_drawn_into_a_png_of_the_size_primer_chose():
    logo = images.logo_from_upload(SVG_LOGO)
    assert logo.data.startswith(b"\x89PNG") and (logo.width, logo.height) == (1200, 300)
    # An SVG that claims to be enormous is still drawn on Primer's surface.
    huge = SVG_LOGO.replace(b'width="200" height="50"', b'width="100000" height="100000"')
    assert images.logo_from_upload(huge).width <= images.LOGO_BOX[0]


def test_a_hostile_svg_keeps_nothing_but_pixels():
    logo = images.logo_from_upload(hostile_svg("http://127.0.0.1:9"))
    assert logo.data.startswith(b"\x89PNG")
    for word in (b"script", b"onload", b"onclick", b"href", b"foreignObject", b"javascript", b"127.0.0.1"):
        assert word not in logo.data


@pytest.mark.parametrize("upload,message", [
    (b"", "The logo file is empty."),
    (b"GIF89a" + b"\x00" * 64, "The logo must be a PNG or an SVG file."),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "The logo could not be read as a PNG image."),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "The logo could not be read as an SVG image"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>', "The logo could not be read as an SVG image"),
])
def test_what_is_not_a_usable_png_or_svg_is_refused_with_the_reason(upload, message):
    with pytest.raises(images.ImageRefused, match=message.replace("(", r"\(").replace(".", r"\.")):
        images.logo_from_upload(upload)


def test_sizes_are_capped_with_a_clear_message():
    with pytest.raises(images.ImageRefused, match=r"The logo is 5000×20 pixels; the most accepted is 4096×4096\."):
        images.logo_from_upload(png(5000, 20))
    with pytest.raises(images.ImageRefused, match=r"The logo is 1\.5 MB; the most accepted is 1\.0 MB\."):
        images.logo_from_upload(png() + b"\x00" * (1536 * 1024))
    with pytest.raises(images.ImageRefused, match=r"is still \d+ KB at 700×300 pixels; the most kept is 512 KB"):
        images.logo_from_upload(noisy_png(700, 300))


def test_a_transparent_image_is_refused():
    with pytest.raises(images.ImageRefused, match="completely transparent"):
        images.logo_from_upload(png(color=(0, 0, 0, 0)))


def test_a_favicon_is_a_square_icon_from_the_logo():
    favicon = images.favicon_from_logo(images.logo_from_upload(png(400, 100)))
    assert size_of(favicon.data) == (images.FAVICON_SIDE, images.FAVICON_SIDE)
