"""Charts in a real browser, under Primer's CSP: colours derived from the brand colour the page's
stylesheet sets (readable on the page), the funnel drawn as centred horizontal bars."""
from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import log_in
from tests.browser.test_author_pages import studied_course  # noqa: F401  (a fixture)

GREEN = "#0b7a3b"


@pytest.fixture
def green_brand(page):
    """The stylesheet as a branded portal serves it: --brand overridden after Primer's own rules."""

    def branded(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text() + f"\n:root {{ --brand: {GREEN}; }}\n")

    page.route("**/static/css/primer.css*", branded)
    return page


def test_charts_take_their_colours_from_the_brand(green_brand, studied_course):  # noqa: F811
    page = green_brand
    course, author = studied_course
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, author.email, factories.DEFAULT_PASSWORD)
    assert page.goto(f"/author/courses/{course.slug}/analytics").status == 200
    page.wait_for_function("document.querySelectorAll('canvas[data-chart-drawn]').length === 4")
    drawn = page.evaluate("""() => Array.from(document.querySelectorAll('canvas[data-chart-drawn]')).map(c => {
        const chart = Chart.getChart(c);
        return {type: chart.config.type, axis: chart.options.indexAxis,
                data: chart.data.datasets.map(d => d.data),
                colours: chart.data.datasets.map(d => d.borderColor)};
    })""")
    assert page.evaluate("PrimerCharts.palette(1)[0]") == GREEN  # dark enough already: used as it is
    weekly = next(chart for chart in drawn if chart["type"] == "line")
    assert weekly["colours"][0] == GREEN
    funnel = drawn[0]
    assert funnel["type"] == "bar" and funnel["axis"] == "y"
    assert funnel["data"][0][0] == [-1.5, 1.5]  # three enrolled, centred on zero
    assert all(low == -high for low, high in funnel["data"][0])
    shades = funnel["colours"][0]
    assert len(set(shades)) == len(shades) == 5 and shades[-1] == GREEN  # darkest first, the brand last
    assert not errors, errors


@pytest.mark.parametrize("brand", ["#ffd400", "#9fe8ff", "#f5f5f5", "rgb(32, 70, 200)", "hsl(340 80% 60%)"])
def test_every_derived_colour_stands_out_from_the_page(page, studied_course, brand):  # noqa: F811
    course, author = studied_course
    log_in(page, author.email, factories.DEFAULT_PASSWORD)
    page.goto(f"/author/courses/{course.slug}/analytics")
    page.wait_for_function("window.PrimerCharts !== undefined")
    found = page.evaluate("""brand => {
        document.documentElement.style.setProperty('--brand', brand);
        const white = [255, 255, 255], c = PrimerCharts;
        return {series: c.palette(8).map(x => c.contrast(c.parseColour(x), white)),
                distinct: new Set(c.palette(8)).size,
                shades: c.shades(5).map(x => c.contrast(c.parseColour(x), white))};
    }""", brand)
    assert min(found["series"]) >= 3, found  # WCAG 1.4.11: graphics 3:1 against the page
    assert min(found["shades"]) >= 4.5, found  # funnel bars carry white numbers
    assert found["distinct"] == 8


def test_a_leads_score_is_drawn_over_time_against_the_thresholds(page, db):
    from app.learning import service as learning
    from app.scoring import service as scoring
    from tests.scoring.conftest import MODEL

    scoring.save_model(MODEL)
    course = factories.course(modules=1, lessons_per_module=2, topics=("pricing",))
    learner = factories.user(job_title="VP Sales")
    learning.enroll(learner, course)
    learning.complete_lesson(learner, course.modules[0].lessons[0])
    db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, factories.user("sales").email, factories.DEFAULT_PASSWORD)
    assert page.goto(f"/sales/leads/{learner.id}").status == 200
    page.wait_for_function("document.querySelectorAll('canvas[data-chart-drawn]').length === 1")
    sets = page.evaluate("""() => Chart.getChart(document.querySelector('canvas[data-chart-drawn]')).data.datasets
        .map(d => ({label: d.label, dashed: (d.borderDash || []).length > 0, data: d.data}))""")
    assert [s["label"] for s in sets] == ["Score", "MQL threshold (40)", "SQL threshold (80)"]
    assert [s["dashed"] for s in sets] == [False, True, True]
    assert sets[0]["data"][-1] == 20 + 2 + 20 + 5  # fit, enrolled, a pricing lesson read just now
    page.get_by_text("The score over time as a table").click()
    assert page.get_by_role("table", name="Score at the end of each day, oldest first").is_visible()
    assert not errors, errors
