"""The sales area, used the way a sales person would: the lead list, a lead, the scoring model."""
import csv
import io
import re

import pytest
from sqlalchemy import func, select

from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import rules
from app.scoring.models import LeadScore, LeadStage, ScoringModelVersion
from tests import factories
from tests.querycount import counting
from tests.scoring.conftest import MODEL

EMAIL = re.compile(r"<td>([\w.+-]+@[\w.-]+)</td>")


def listed(browser, query="") -> list[str]:
    response = browser.get(f"/sales/leads{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return EMAIL.findall(page[page.index('class="table leads-table"'):])


def test_the_list_shows_leads_by_score_with_a_stage_summary(browser, login_as, prospects):
    login_as("sales")
    page = browser.get("/").get_data(as_text=True)
    assert 'href="/sales/leads"' in page  # the nav leads there
    assert listed(browser) == ["dana@acme.example", "max@initech.example", "lee@globex.example", "sam@gmail.com"]
    page = browser.get("/sales/leads").get_data(as_text=True)
    summary = page[page.index('data-chart-type="bar"'):page.index("</table>")]
    assert re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', summary) == [
        ("Lead", "2"), ("Marketing qualified", "1"), ("Sales qualified", "1")]
    assert "142.0" in page and "VP Sales" in page and "pricing" in page
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


# --- the scoring model editor -----------------------------------------------------------------

def versions(db) -> int:
    return db.session.scalar(select(func.count()).select_from(ScoringModelVersion))


def stages(db) -> dict[int, LeadStage]:
    db.session.expire_all()
    return {s.user_id: s.stage for s in db.session.scalars(select(LeadScore))}


STRICTER = rules.dump({**MODEL, "thresholds": {"mql": 100, "sql": 200}})


def test_the_editor_shows_the_model_in_force_and_exports_it(browser, login_as, db, scoring_model):
    login_as("sales")
    page = browser.get("/sales/scoring").get_data(as_text=True)
    assert "Version 1 is in force" in page and "Read about pricing" in page
    assert '<label for="model">' in page and 'name="csrf_token"' in page
    response = browser.get("/sales/scoring/export")
    assert "attachment" in response.headers["Content-Disposition"]
    assert rules.load_text(response.get_data(as_text=True)) == MODEL


def test_without_a_model_the_editor_starts_empty_and_says_so(browser, login_as, db):
    login_as("sales")
    page = browser.get("/sales/scoring").get_data(as_text=True)
    assert "No scoring model has been saved yet" in page and "thresholds: {mql: 60, sql: 120}" in page
    assert browser.get("/sales/scoring/export").status_code == 404


def test_a_bad_model_lists_every_error_and_saves_nothing(browser, login_as, db, prospects):
    login_as("sales")
    bad = ("thresholds: {mql: 50, sql: 10}\nrules:\n  - {name: Read, on: lesson_read, points: 1}\n"
           "fit:\n  - {name: Boss, field: job_title, matches: '(vp|head', points: 5}\n")
    response = browser.submit("/sales/scoring", {"model": bad}, action="/sales/scoring/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "3 problems to fix" in page
    assert "thresholds.sql: must be above thresholds.mql" in page
    assert "rules[0].on: unknown event &#39;lesson_read&#39;" in page
    assert "fit[0].matches: bad regular expression" in page
    assert "(vp|head" in page  # the text is kept for fixing
    response = browser.submit("/sales/scoring", {"model": bad})  # saving it directly fails the same way
    assert response.status_code == 422 and versions(db) == 1


def test_preview_lists_who_would_move_and_changes_nothing(browser, login_as, db, prospects):
    login_as("sales")
    before = stages(db)
    response = browser.submit("/sales/scoring", {"model": STRICTER}, action="/sales/scoring/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 of 4 learners would change stage" in page
    moves = page[page.index("Who would move"):page.index("Save this model</h2>")]
    assert "dana@acme.example" in moves and "max@initech.example" in moves and "lee@globex.example" not in moves
    matrix = page[page.index('class="table stage-matrix"'):]
    matrix = matrix[:matrix.index("</table>")]
    rows = [re.findall(r">(\d+)</td>", row) for row in matrix.split('<th scope="row">')[1:]]
    assert rows == [["2", "0", "0"], ["1", "0", "0"], ["0", "1", "0"]]  # lead, mql, sql -> lead, mql, sql
    assert 'action="/sales/scoring"' in page and "thresholds:" in page
    assert stages(db) == before and versions(db) == 1


def test_saving_makes_a_new_version_and_rescores(browser, login_as, db, prospects):
    seller = login_as("sales")
    response = browser.submit("/sales/scoring", {"model": STRICTER, "note": "Raise the bar"},
                              follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Saved scoring model version 2. Rescored 4 learners; 2 changed stage." in page
    assert "Version 2 is in force" in page and seller.email in page and "Raise the bar" in page
    assert versions(db) == 2
    now = stages(db)
    assert now[prospects["dana"].id] is LeadStage.MQL and now[prospects["max"].id] is LeadStage.LEAD
    newest = db.session.scalar(select(ScoringModelVersion).order_by(ScoringModelVersion.version.desc()))
    assert newest.created_by_id == seller.id and newest.definition["thresholds"] == {"mql": 100, "sql": 200}
    assert listed(browser, "?stage=mql") == ["dana@acme.example"]


def test_the_editor_accepts_json_too(browser, login_as, db, prospects):
    login_as("admin")
    text = rules.dump({**MODEL, "thresholds": {"mql": 10, "sql": 20}}, "json")
    response = browser.submit("/sales/scoring", {"model": text}, action="/sales/scoring/preview")
    assert response.status_code == 200 and "would change stage" in response.get_data(as_text=True)


LAUGHS = "thresholds: {mql: 60, sql: 120}\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 6))


@pytest.mark.parametrize("text, message", [
    (LAUGHS, "anchors (&amp;name) and aliases (*name) are not allowed"),
    ("thresholds: {mql: 60, sql: 120}\nrules:\n  - {name: x, on: quiz_passed, points: .nan}\n",
     "not-a-number values are not allowed"),
    ("thresholds: {mql: 60, sql: 120}\n? [a, b]\n: 1\n", "a key must be text"),
    ("thresholds: {mql: 60, sql: " + "9" * 5000 + "}\n", "is too long (at most 18 digits)"),
    ("thresholds: " + "[" * 5000 + "]" * 5000 + "\n", "nest"),
])
def test_a_model_that_could_hurt_the_server_is_refused_briefly(browser, login_as, db, scoring_model, text, message):
    login_as("sales")
    response = browser.submit("/sales/scoring", {"model": text}, action="/sales/scoring/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert len(page) < 60_000 + 2 * len(text)  # the page holds the text once, for fixing, and little else
    assert versions(db) == 1
