"""The sales area, used the way a sales person would: the lead list and a lead. (The scoring model
editor, an author page, is tested in tests/scoring/web/test_model_editor.py.)"""
import csv
import io
import re

import pytest
from sqlalchemy import func, select

from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import rules
from app.scoring.models import ScoringModelVersion
from tests import factories
from tests.querycount import counting
from tests.scoring.conftest import MODEL, listed



def test_the_list_shows_leads_by_score_with_a_stage_summary(browser, login_as, prospects):
    login_as("sales")
    page = browser.get("/").get_data(as_text=True)
    assert 'href="/sales/leads"' in page  # the nav leads there
    assert listed(browser) == ["dana@acme.example", "max@initech.example", "lee@globex.example", "sam@gmail.com"]
    page = browser.get("/sales/leads").get_data(as_text=True)
    summary = page[page.index('data-chart-type="bar"'):page.index("</table>")]
    assert re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', summary) == [
        ("Lead", "2"), ("Marketing qualified", "1"), ("Sales qualified", "1")]
    assert '<td class="num"><strong>142</strong></td>' in page and "VP Sales" in page and "pricing" in page
    assert "142.0" not in page  # whole points
    assert "<script>" not in page and "js/charts.js" in page and "vendor/chartjs/chart.umd.js" in page
    assert listed(browser, "?sort=score&order=asc")[0] == "sam@gmail.com"
    assert listed(browser, "?sort=name&order=desc")[0] == "sam@gmail.com"
    assert listed(browser, "?sort=last_activity&order=desc")[-1] == "sam@gmail.com"


@pytest.mark.parametrize("query,expected", [
    ("?stage=sql", ["dana"]),
    ("?stage=lead", ["lee", "sam"]),
    ("?min_score=40", ["dana", "max"]),
    ("?course={security}", ["lee"]),
    ("?company=initech", ["max"]),
    ("?topic=pricing", ["dana", "max"]),
    ("?active_days=30", ["dana", "max", "lee"]),
    ("?topic=security&min_score=5&active_days=1", ["lee"]),
    ("?stage=emperor&min_score=lots", ["dana", "max", "lee", "sam"]),  # nonsense is ignored, not a 500
])
def test_each_filter_narrows_the_list(browser, login_as, prospects, query, expected):
    login_as("sales")
    query = query.format(security=prospects["security"].id)
    assert listed(browser, query) == [prospects[name].email for name in expected]


def test_the_filter_form_is_labelled_and_keeps_its_values(browser, login_as, prospects):
    login_as("sales")
    page = browser.get("/sales/leads?company=glob&sort=name").get_data(as_text=True)
    for name in ("stage", "min_score", "course", "company", "topic", "active_days", "sort", "order"):
        assert f'<label for="{name}">' in page
    assert 'value="glob"' in page and prospects["security"].title in page
    assert 'href="/sales/leads.csv?company=glob&amp;sort=name"' in page


def test_the_list_pages_by_fifty(browser, login_as, db, scoring_model):
    login_as("sales")
    for n in range(51):
        learning.record_event(factories.user(email=f"p{n:02}@example.com").id, Verb.SIGNED_UP)
    db.session.commit()
    assert len(listed(browser)) == 50
    assert len(listed(browser, "?page=2")) == 1
    assert "Page 1 of 2" in browser.get("/sales/leads").get_data(as_text=True)


def statement_count(browser, db, url: str) -> int:
    with counting(db.engine) as statements:
        assert browser.get(url).status_code == 200
    return len(statements)


def test_the_list_costs_the_same_for_few_and_many_leads(browser, login_as, db, prospects):
    login_as("sales")
    few = statement_count(browser, db, "/sales/leads?topic=pricing")
    for n in range(40):
        learning.record_event(factories.user(email=f"q{n:02}@example.com").id, Verb.SIGNED_UP)
    db.session.commit()
    assert statement_count(browser, db, "/sales/leads?topic=pricing") == few
    assert statement_count(browser, db, "/sales/leads") == few


def test_csv_matches_the_filter_and_defuses_formulas(browser, login_as, prospects):
    login_as("sales")
    response = browser.get("/sales/leads.csv?min_score=0")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["email"] for r in rows] == ["dana@acme.example", "max@initech.example", "lee@globex.example"]
    assert list(rows[0]) == ["email", "first_name", "last_name", "company", "job_title", "stage", "score",
                             "engagement", "fit", "topics", "last_activity"]
    dana = rows[0]
    assert (dana["stage"], dana["score"], dana["fit"], dana["topics"]) == ("sql", "142.0", "20.0", "pricing")
    everyone = list(csv.DictReader(io.StringIO(browser.get("/sales/leads.csv").get_data(as_text=True))))
    sam = next(r for r in everyone if r["email"] == "sam@gmail.com")
    assert sam["company"] == "'=cmd()" and sam["score"] == "-20.0"  # numbers stay numbers
    assert len(everyone) == 4


def test_csv_is_streamed_after_the_request_has_ended(browser, login_as, db, prospects):
    """As a WSGI server does it: the body is read after the view returned, its app context was
    torn down and its database session removed (the IsolatedClient gives each request its own),
    and the connection it used went back to the pool, which may close it or hand it on."""
    login_as("sales")
    response = browser.get("/sales/leads.csv?min_score=0", buffered=False)
    assert response.status_code == 200 and response.is_streamed
    assert "Content-Length" not in response.headers
    db.session.remove()
    db.engine.dispose()
    chunks = list(response.iter_encoded())
    response.close()
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))
    assert [r["email"] for r in rows] == ["dana@acme.example", "max@initech.example", "lee@globex.example"]
    assert len(chunks) > 1  # handed on row by row, not built whole in memory


def test_the_lead_page_explains_the_score(browser, login_as, prospects):
    login_as("sales")
    dana = prospects["dana"]
    page = browser.get(f"/sales/leads/{dana.id}").get_data(as_text=True)
    assert "dana@acme.example" in page and "Acme" in page and "Norway" in page and "Yes, given" in page
    table = page[page.index('class="table breakdown"'):]
    table = table[:table.index("</table>")]
    body, foot = table.split("<tfoot>")
    worth = [float(v) for v in re.findall(r'<td class="num">(-?[\d.]+)</td>\s*</tr>', body)]
    shown_total = float(re.search(r"<strong>(-?[\d.]+)</strong>", foot).group(1))
    assert len(worth) == 6 and round(sum(worth), 1) == shown_total == 142.0
    assert "Decision maker" in body and "Passed a quiz" in body
    assert "4 of 4" in page and "/certificates/" in page
    timeline = page[page.index('class="table timeline"'):]
    assert "Passed a quiz" in timeline and "Scored 100% (module 1)" in timeline
    assert "Marketing qualified → Sales qualified" in timeline and "Lesson 2.2" in timeline
    assert timeline.index("Earned a certificate") < timeline.index("Enrolled")  # newest first
    assert "Waiting to be sent (HubSpot is not connected)" in page  # qualified with consent: queued


def test_a_lead_page_without_a_score_is_not_found(browser, login_as, prospects):
    login_as("sales")
    author = factories.user("author")
    assert browser.get(f"/sales/leads/{author.id}").status_code == 404
    assert browser.get("/sales/leads/999999").status_code == 404


# /sales/scoring… redirect sales people to the editor among the author pages (tests/scoring/web/test_model_editor.py).
SALES_GETS = ["/sales/", "/sales/leads", "/sales/leads.csv", "/sales/leads/{id}", "/sales/scoring",
              "/sales/scoring/export"]
SALES_POSTS = ["/sales/scoring/preview", "/sales/scoring"]


@pytest.mark.parametrize("role", ["learner", "author"])
def test_learners_and_authors_are_kept_out(browser, login_as, db, prospects, role):
    login_as(role)
    for url in SALES_GETS:
        assert browser.get(url.format(id=prospects["dana"].id)).status_code == 403, url
    for url in SALES_POSTS:
        assert browser.post(url, {"model": rules.dump(MODEL)}).status_code == 403, url
    assert db.session.scalar(select(func.count()).select_from(ScoringModelVersion)) == 1


def test_anonymous_visitors_are_sent_to_log_in(client, prospects):
    for url in SALES_GETS:
        response = client.get(url.format(id=prospects["dana"].id))
        assert response.status_code == 302 and response.location.startswith("/login?next="), url


def test_admins_may_enter(browser, login_as, prospects):
    login_as("admin")
    assert browser.get("/sales/leads").status_code == 200
    assert browser.get(f"/sales/leads/{prospects['dana'].id}").status_code == 200


def test_scores_read_in_whole_points_and_the_csv_keeps_the_tenths(browser, login_as, db, scoring_model):
    """A quiz passed ten days ago is worth half its 15 points now (half-life 10 days): 7.5, shown
    as 8, halves rounding up; the CSV keeps 24.5 for spreadsheets to sum and sort exactly."""
    from datetime import timedelta

    from app.core.time import utcnow

    person = factories.user(email="half@acme.example", job_title="VP Sales")
    learning.record_event(person.id, Verb.QUIZ_PASSED, occurred_at=utcnow() - timedelta(days=10))
    learning.record_event(person.id, Verb.QUIZ_FAILED)
    db.session.commit()
    login_as("sales")
    page = browser.get("/sales/leads").get_data(as_text=True)
    row = page[page.index("half@acme.example"):]
    row = row[:row.index("</tr>")]
    assert re.findall(r'<td class="num">(?:<strong>)?(-?[\d,]+)(?:</strong>)?</td>', row) == ["25", "5", "20"]
    text = re.sub(r"<[^>]*>", " ", page)  # what a person reads (the chart's data and times are attributes)
    assert "24.5" not in text and "4.5" not in text

    lead = browser.get(f"/sales/leads/{person.id}").get_data(as_text=True)
    assert "<strong>25</strong> points" in lead and "Engagement 5 + fit 20, as of now." in lead
    table = lead[lead.index('class="table breakdown"'):]
    table = table[:table.index("</table>")]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>.*?<td class="num">(-?\d+)</td>\s*</tr>', table, re.S))
    assert rows == {"Passed a quiz": "8", "Failed a quiz": "-3", "Decision maker": "20"}
    numbers = re.findall(r'<td class="num">(?:<strong>)?([^<]*)<', table)
    assert len(numbers) == 10 and not any("." in n for n in numbers)  # given, times, worth (3 rows each), total

    rows = list(csv.DictReader(io.StringIO(browser.get("/sales/leads.csv").get_data(as_text=True))))
    half = next(r for r in rows if r["email"] == "half@acme.example")
    assert (half["score"], half["engagement"], half["fit"]) == ("24.5", "4.5", "20.0")

