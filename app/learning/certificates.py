"""A certificate as a branded PDF (fpdf2) and as LinkedIn's "Add to profile" link.

The PDF embeds DejaVu fonts (app/static/fonts, with their license) so that any learner's name in
Latin, Greek or Cyrillic script — "Zdeněk Šťastný" — is drawn, not replaced by boxes; fpdf2
keeps only the glyphs used, so a certificate stays small.
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path
from urllib.parse import quote, urlencode

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from fpdf import FPDF

from app.learning.models import Certificate
from app.site.branding import Brand, brand_image, current_brand
from app.site.colors import rgb

FONTS = Path(__file__).resolve().parents[1] / "static" / "fonts"
LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
INK, MUTED = "#1f2933", "#52606d"
PAGE_W, PAGE_H = 297, 210  # A4 landscape, in mm
TEXT_W = 230


def issued_on(certificate: Certificate) -> str:
    """The day it was issued, in the reader's language: "December 2, 2026" (en), "2. prosince 2026" (cs)."""
    return format_date(certificate.issued_at.date(), "long")


def linkedin_url(certificate: Certificate, verify_url: str) -> str:
    """LinkedIn's documented add-certification link, filled in: the course as the certification,
    the brand as the issuing organisation, the month it was issued, the public verification page
    and the certificate's id."""
    issued = certificate.issued_at
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title,
        "organizationName": current_brand().name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": verify_url,
        "certId": certificate.public_id,
    }
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params, quote_via=quote)}"


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """One A4 landscape page: the brand (logo, name, colour), the learner, the course, the date,
    and the verification link; in the reader's language (the learner's name and the course's
    title as they are written)."""
    brand = current_brand()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(_("Certificate: %(title)s", title=certificate.course_title))
    pdf.set_author(brand.name)
    pdf.set_creator(brand.name)
    pdf.set_lang(str(get_locale() or "en"))
    pdf.set_creation_date(certificate.issued_at)
    pdf.add_font("Sans", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("Sans", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_font("Serif", "B", FONTS / "DejaVuSerif-Bold.ttf")
    pdf.add_page()
    _frame(pdf, brand)
    pdf.set_y(24)
    _logo(pdf, brand)
    _line(pdf, brand.name, ("Sans", "B", 14), brand.accent_dark, after=4)
    _line(pdf, _("Certificate of completion"), ("Sans", "B", 30), INK, after=8)
    _line(pdf, _("This certifies that"), ("Sans", "", 13), MUTED, after=2)
    _line(pdf, certificate.learner_name, ("Serif", "B", 28), INK, after=3)
    _line(pdf, _("has completed the course"), ("Sans", "", 13), MUTED, after=2)
    _line(pdf, certificate.course_title, ("Sans", "B", 20), INK, after=3)
    _line(pdf, _("on %(date)s", date=issued_on(certificate)), ("Sans", "", 13), MUTED, after=0)
    pdf.set_y(PAGE_H - 36)
    _line(pdf, _("Certificate ID: %(id)s", id=certificate.public_id), ("Sans", "", 10), MUTED, after=1)
    pdf.set_font("Sans", "", 10)
    pdf.cell(0, 5, _("Verify at %(url)s", url=verify_url), align="C", link=verify_url, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _frame(pdf: FPDF, brand: Brand) -> None:
    pdf.set_draw_color(*rgb(brand.accent))
    pdf.set_line_width(1.6)
    pdf.rect(10, 10, PAGE_W - 20, PAGE_H - 20)
    pdf.set_line_width(0.4)
    pdf.rect(13.5, 13.5, PAGE_W - 27, PAGE_H - 27)


def _logo(pdf: FPDF, brand: Brand) -> None:
    """The logo, centred, 16 mm high (narrower when it is very wide); nothing when there is none."""
    found = brand_image("logo") if brand.logo_size else None
    if found is None:
        return
    height = 16
    width = height * found.width / found.height
    if width > 120:
        width, height = 120, 120 * found.height / found.width
    pdf.image(BytesIO(found.data), x=(PAGE_W - width) / 2, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 4)


def _line(pdf: FPDF, text: str, font: tuple[str, str, int], color: str, *, after: float) -> None:
    """Centred text, wrapped onto more lines when it is longer than the page is wide."""
    family, style, size = font
    pdf.set_font(family, style, size)
    pdf.set_text_color(*rgb(color))
    pdf.set_x((PAGE_W - TEXT_W) / 2)
    pdf.multi_cell(TEXT_W, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + after)
