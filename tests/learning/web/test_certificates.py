"""A certificate as a printable page, a PDF download and a LinkedIn "Add to profile" link."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from html import unescape
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.learning import service
from app.learning.models import Certificate
from app.site import branding
from tests import factories
from tests.site.images import png

ACME = branding.BrandChanges(name="Acme Analytics Academy", color="#0f766e")


@pytest.fixture
def certificate(app, db) -> Certificate:
    """Zdeněk's certificate for a one-lesson course, issued on 5 March 2026."""
    course = factories.course(modules=1, lessons_per_module=1, quiz=False)
    course.title = "Acme Analytics — Fundamentals"
    learner = factories.user(first_name="Zdeněk", last_name="Šťastný")
    service.enroll(learner, course)
    service.complete_lesson(learner, course.modules[0].lessons[0])
    found = db.session.scalar(select(Certificate).where(Certificate.user_id == learner.id))
    found.issued_at = datetime(2026, 3, 5, 14, 30, tzinfo=timezone.utc)
    db.session.commit()
    return found


def pdf_text(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_the_pdf_names_the_learner_the_course_the_date_and_the_verification_link(client, db, certificate):
    response = client.get(f"/certificates/{certificate.public_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="certificate-{certificate.public_id}.pdf"'
    assert response.data.startswith(b"%PDF-")
    text = pdf_text(response.data)
    for words in ("Zdeněk Šťastný", "Acme Analytics — Fundamentals", "March 5, 2026", "Certificate of completion",
                  f"Certificate ID: {certificate.public_id}", f"http://primer.test/certificates/{certificate.public_id}",
                  "Primer"):
        assert words in text, words
    reader = PdfReader(BytesIO(response.data))
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0]["/Annots"]]
    assert links == [f"http://primer.test/certificates/{certificate.public_id}"]
    assert reader.metadata.title == "Certificate: Acme Analytics — Fundamentals"


def test_the_pdf_carries_the_brand(client, db, certificate):
    branding.save_brand(branding.BrandChanges(**{**ACME.__dict__, "logo": png(400, 100)}))
    db.session.commit()
    data = client.get(f"/certificates/{certificate.public_id}.pdf").data
    reader = PdfReader(BytesIO(data))
    assert "Acme Analytics Academy" in pdf_text(data) and "Primer" not in pdf_text(data)
    assert reader.metadata.author == "Acme Analytics Academy"
    assert [image.image.size for image in reader.pages[0].images] == [(400, 100)]  # the logo
    assert b"0.0588 0.4627 0.4314 RG" in _content(reader)  # the frame drawn in #0f766e


def _content(reader: PdfReader) -> bytes:
    return reader.pages[0].get_contents().get_data()


def test_an_unknown_certificate_has_no_pdf(client, db):
    assert client.get("/certificates/not-a-real-id.pdf").status_code == 404


def test_the_page_links_the_pdf_and_linkedins_add_to_profile_form(client, db, certificate):
    branding.save_brand(ACME)
    db.session.commit()
    html = client.get(f"/certificates/{certificate.public_id}").get_data(as_text=True)
    assert f'href="/certificates/{certificate.public_id}.pdf" download>Download PDF</a>' in html
    assert '<p class="certificate-brand">' in html and "Acme Analytics Academy" in html
    href = unescape(re.search(r'<a class="button secondary" href="([^"]+)"[^>]*>Add to LinkedIn profile', html).group(1))
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    assert parse_qs(parts.query, strict_parsing=True) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Acme Analytics — Fundamentals"],
        "organizationName": ["Acme Analytics Academy"],
        "issueYear": ["2026"],
        "issueMonth": ["3"],
        "certUrl": [f"http://primer.test/certificates/{certificate.public_id}"],
        "certId": [certificate.public_id],
    }
    assert "%20" in parts.query and "+" not in parts.query  # spaces encoded as LinkedIn's own examples do


def test_the_page_prints_as_the_certificate_alone(client, db, certificate):
    html = client.get(f"/certificates/{certificate.public_id}").get_data(as_text=True)
    assert '<p class="actions certificate-actions no-print">' in html
    css = client.get("/static/css/primer.css").get_data(as_text=True)
    assert "@media print { .site-header, .site-footer, .skip-link, .no-print { display: none; } }" in css
    assert "@page certificate { size: A4 landscape;" in css
    assert re.search(r"@media print \{[^}]*\}[^@]*\.certificate-actions \{ display: none; \}", css)


def test_drawing_pdfs_is_rate_limited_per_address(make_app, db, certificate):
    client = make_app(RATELIMIT_CERTIFICATE_PDF="2 per minute").test_client()
    url = f"/certificates/{certificate.public_id}.pdf"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(f"/certificates/{certificate.public_id}").status_code == 200  # the page itself is not limited
