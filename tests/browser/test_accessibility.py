"""The key pages have no serious or critical accessibility violations, as axe-core finds them.

axe-core is vendored (tests/browser/vendor/axe.min.js, from the npm package) and injected into
the page by the test: nothing is fetched from a CDN, and Primer never serves it. Primer's
Content-Security-Policy forbids inline script, so these pages are opened with CSP bypassed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from app.learning import service as learning
from app.scoring import service as scoring
from tests import factories
from tests.browser.conftest import log_in, open_page
from tests.browser.test_journeys import MODEL

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in BLOCKING]


@pytest.fixture
def axe_page(request, chromium, live):
    with open_page(request, chromium, live, bypass_csp=True) as opened:
        yield opened


@pytest.fixture
def learner_with_progress(db):
    """A learner part-way through a course, and a qualified lead for the sales list."""
    scoring.save_model(MODEL)
    course = factories.course(modules=2, lessons_per_module=2, topics=("pricing", "security"))
    factories.course(price=4900)
    learner = factories.user(job_title="Director of IT", consent_contact=True)
    learning.enroll(learner, course)
    learning.complete_lesson(learner, course.modules[0].lessons[0])
    learning.complete_lesson(learner, course.modules[0].lessons[1])
    db.session.commit()
    return learner, course


PAGES = [
    ("catalog", None, "/courses"),
    ("course", None, "/courses/{slug}"),
    ("lesson", "learner", "/learn/{slug}/lesson-1-2"),
    ("quiz", "learner", "/learn/{slug}/quiz/1"),
    ("my learning", "learner", "/my"),
    ("sales leads", "sales", "/sales/leads"),
    ("sign up", None, "/signup"),
    ("course outline", "learner", "/learn/{slug}"),
    ("lead", "sales", "/sales/leads/{learner_id}"),
]


@pytest.mark.parametrize("who,url", [(who, url) for _, who, url in PAGES], ids=[name for name, _, _ in PAGES])
def test_no_serious_or_critical_violations(axe_page, learner_with_progress, who, url):
    learner, course = learner_with_progress
    if who == "learner":
        log_in(axe_page, learner.email, factories.DEFAULT_PASSWORD)
    elif who == "sales":
        log_in(axe_page, factories.user("sales").email, factories.DEFAULT_PASSWORD)
    response = axe_page.goto(url.format(slug=course.slug, learner_id=learner.id))
    assert response.status == 200
    found = violations(axe_page)
    assert not found, "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found)


def test_axe_really_runs_and_finds_a_nameless_button(axe_page):
    """Guards the check above: a page with a known critical violation must fail it."""
    axe_page.set_content('<!doctype html><html lang="en"><title>t</title><main><button></button></main></html>')
    assert [v["id"] for v in violations(axe_page)] == ["button-name"]


@pytest.fixture
def demo_brand(db):
    """The demo seed's brand (logo, teal colour, footer links), and a certificate to show."""
    from dataclasses import replace

    from sqlalchemy import select

    from app.demo.content import DEMO_BRAND, DEMO_LOGO
    from app.learning.models import Certificate
    from app.site import branding

    branding.save_brand(replace(DEMO_BRAND, logo=DEMO_LOGO.read_bytes()))
    course = factories.course(modules=1, lessons_per_module=1, quiz=False)
    learner = factories.user(first_name="Zdeněk", last_name="Šťastný")
    learning.enroll(learner, course)
    learning.complete_lesson(learner, course.modules[0].lessons[0])
    db.session.commit()
    return db.session.scalar(select(Certificate.public_id))


@pytest.mark.parametrize("who,url", [(None, "/"), (None, "/certificates/{certificate}"), ("admin", "/admin/branding")],
                         ids=["front page", "certificate", "branding"])
def test_branded_pages_have_no_serious_or_critical_violations(axe_page, demo_brand, who, url):
    if who == "admin":
        log_in(axe_page, factories.user("admin").email, factories.DEFAULT_PASSWORD)
    response = axe_page.goto(url.format(certificate=demo_brand))
    assert response.status == 200
    assert axe_page.locator("img.brand-logo").count() == 1
    found = violations(axe_page)
    assert not found, "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found)
