"""The scoring model editor in the author area, used the way an author would: read the model in
force, preview a change, save it; and who reaches it, from where."""
import html
import re

import pytest
from sqlalchemy import func, select

from app.scoring import rules
from app.scoring.models import LeadScore, LeadStage, ScoringModelVersion
from tests import factories
from tests.conftest import csrf_token_from
from tests.pages import parse
from tests.scoring.conftest import MODEL, listed


@pytest.fixture
def pipeline(app, db, scoring_model):
    return factories.prospects()


def versions(db) -> int:
    return db.session.scalar(select(func.count()).select_from(ScoringModelVersion))


def stages(db) -> dict[int, LeadStage]:
    db.session.expire_all()
    return {s.user_id: s.stage for s in db.session.scalars(select(LeadScore))}


STRICTER = rules.dump({**MODEL, "thresholds": {"mql": 100, "sql": 200}})


def test_the_editor_shows_the_model_in_force_and_exports_it(browser, login_as, db, scoring_model):
    login_as("author")
    page = browser.get("/author/scoring").get_data(as_text=True)
    assert "Version 1 is in force" in page and "Read about pricing" in page
    assert '<label for="model">' in page and 'name="csrf_token"' in page
    response = browser.get("/author/scoring/export")
    assert "attachment" in response.headers["Content-Disposition"]
    assert rules.load_text(response.get_data(as_text=True)) == MODEL


def test_without_a_model_the_editor_starts_empty_and_says_so(browser, login_as, db):
    login_as("author")
    page = browser.get("/author/scoring").get_data(as_text=True)
    assert "No scoring model has been saved yet" in page and "thresholds: {mql: 60, sql: 120}" in page
    assert browser.get("/author/scoring/export").status_code == 404


def test_a_bad_model_lists_every_error_and_saves_nothing(browser, login_as, db, pipeline):
    login_as("author")
    bad = ("thresholds: {mql: 50, sql: 10}\nrules:\n  - {name: Read, on: lesson_read, points: 1}\n"
           "fit:\n  - {name: Boss, field: job_title, matches: '(vp|head', points: 5}\n")
    response = browser.submit("/author/scoring", {"model": bad}, action="/author/scoring/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "3 problems to fix" in page
    assert "thresholds.sql: must be above thresholds.mql" in page
    assert "rules[0].on: unknown event &#39;lesson_read&#39;" in page
    assert "fit[0].matches: bad regular expression" in page
    assert "(vp|head" in page  # the text is kept for fixing
    response = browser.submit("/author/scoring", {"model": bad})  # saving it directly fails the same way
    assert response.status_code == 422 and versions(db) == 1


def test_preview_lists_who_would_move_and_changes_nothing(browser, login_as, db, pipeline):
    login_as("author")
    before = stages(db)
    response = browser.submit("/author/scoring", {"model": STRICTER}, action="/author/scoring/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 of 4 learners would change stage" in page
    moves = page[page.index("Who would move"):page.index("Save this model</h2>")]
    assert "dana@acme.example" in moves and "max@initech.example" in moves and "lee@globex.example" not in moves
    matrix = page[page.index('class="table stage-matrix"'):]
    matrix = matrix[:matrix.index("</table>")]
    rows = [re.findall(r">(\d+)</td>", row) for row in matrix.split('<th scope="row">')[1:]]
    assert rows == [["2", "0", "0"], ["1", "0", "0"], ["0", "1", "0"]]  # lead, mql, sql -> lead, mql, sql
    assert 'action="/author/scoring"' in page and "thresholds:" in page
    assert stages(db) == before and versions(db) == 1


def test_saving_makes_a_new_version_and_rescores(browser, login_as, db, pipeline):
    author = login_as("author")
    response = browser.submit("/author/scoring", {"model": STRICTER, "note": "Raise the bar"},
                              follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Saved scoring model version 2. Rescored 4 learners; 2 changed stage." in page
    assert "Version 2 is in force" in page and author.email in page and "Raise the bar" in page
    assert versions(db) == 2
    now = stages(db)
    assert now[pipeline["dana"].id] is LeadStage.MQL and now[pipeline["max"].id] is LeadStage.LEAD
    newest = db.session.scalar(select(ScoringModelVersion).order_by(ScoringModelVersion.version.desc()))
    assert newest.created_by_id == author.id and newest.definition["thresholds"] == {"mql": 100, "sql": 200}
    login_as("sales")  # sales reads the leads by it at once
    assert listed(browser, "?stage=mql") == ["dana@acme.example"]


def test_the_editor_accepts_json_too(browser, login_as, db, pipeline):
    login_as("admin")
    text = rules.dump({**MODEL, "thresholds": {"mql": 10, "sql": 20}}, "json")
    response = browser.submit("/author/scoring", {"model": text}, action="/author/scoring/preview")
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
    login_as("author")
    response = browser.submit("/author/scoring", {"model": text}, action="/author/scoring/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert len(page) < 60_000 + 2 * len(text)  # the page holds the text once, for fixing, and little else
    assert versions(db) == 1



def test_a_czech_author_reads_why_the_text_is_refused_in_czech_and_the_command_in_english(
        app, browser, login_as, db, scoring_model, tmp_path):
    text = "thresholds: {mql: 60, sql: 120}\nthresholds: {mql: 1, sql: 2}\n"
    login_as("author", locale="cs")
    response = browser.submit("/author/scoring", {"model": text}, action="/author/scoring/preview")
    assert response.status_code == 422
    assert 'soubor: řádek 2, sloupec 1: klíč "thresholds" je v tomto mapování dvakrát' in \
        html.unescape(response.get_data(as_text=True))

    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["scoring", "import", str(path)])
    assert result.exit_code == 1
    assert result.stderr == 'error: file: line 2, column 1: key "thresholds" appears twice in this mapping\n'

# --- who reaches it, and from where -------------------------------------------------------------

EDITOR_GETS = ["/author/scoring", "/author/scoring/export"]
EDITOR_POSTS = ["/author/scoring/preview", "/author/scoring"]


@pytest.mark.parametrize("role", ["author", "admin"])
def test_authors_and_admins_tune_the_model(browser, login_as, db, scoring_model, role):
    login_as(role)
    for url in EDITOR_GETS:
        assert browser.get(url).status_code == 200, url
    response = browser.submit("/author/scoring", {"model": STRICTER}, action="/author/scoring/preview")
    assert response.status_code == 200
    response = browser.submit("/author/scoring", {"model": STRICTER})
    assert response.status_code == 302 and response.location == "/author/scoring"
    assert versions(db) == 2


@pytest.mark.parametrize("role", ["learner", "sales"])
def test_learners_and_sales_are_kept_out_of_the_editor(browser, login_as, db, scoring_model, role):
    login_as(role)
    for url in EDITOR_GETS:
        assert browser.get(url).status_code == 403, url
    for url in EDITOR_POSTS:
        assert browser.post(url, {"model": STRICTER}).status_code == 403, url
    assert versions(db) == 1


def test_anonymous_visitors_are_sent_to_log_in(client, scoring_model):
    for url in EDITOR_GETS:
        response = client.get(url)
        assert response.status_code == 302 and response.location.startswith("/login?next="), url


@pytest.mark.parametrize("method, old, new, status", [
    ("GET", "/sales/scoring", "/author/scoring", 302),
    ("GET", "/sales/scoring/export", "/author/scoring/export", 302),
    ("POST", "/sales/scoring", "/author/scoring", 307),
    ("POST", "/sales/scoring/preview", "/author/scoring/preview", 307),
])
@pytest.mark.parametrize("role", ["sales", "admin"])
def test_the_old_sales_addresses_redirect_to_the_editor(browser, login_as, db, scoring_model, role, method, old,
                                                       new, status):
    login_as(role)
    response = browser.get(old) if method == "GET" else browser.post(old, {"model": STRICTER})
    assert response.status_code == status and response.location == new
    assert versions(db) == 1


def test_a_form_posted_to_the_old_address_still_saves(browser, login_as, db, pipeline):
    login_as("admin")
    form = {"csrf_token": csrf_token_from(browser.get("/").get_data(as_text=True)), "model": STRICTER,
            "note": "from an old tab"}
    moved = browser.client.post("/sales/scoring", data=form)
    assert moved.status_code == 307 and versions(db) == 1
    response = browser.client.post(moved.location, data=form, follow_redirects=True)  # as a browser resends it
    assert "Saved scoring model version 2." in response.get_data(as_text=True) and versions(db) == 2


def test_a_sales_rep_following_an_old_link_is_told_the_editor_is_not_theirs(browser, login_as, scoring_model):
    login_as("sales")
    assert browser.get("/sales/scoring", follow_redirects=True).status_code == 403


def links(browser, url: str) -> dict[str, str]:
    response = browser.get(url)
    assert response.status_code == 200, url
    return {text.strip(): href for text, href in parse(response.get_data(as_text=True)).links}


def test_the_author_nav_leads_to_the_editor_and_marks_it(browser, login_as, scoring_model):
    login_as("author")
    found = links(browser, "/author/")
    assert found["Scoring model"] == "/author/scoring" and found["Author"] == "/author/"
    assert "Leads" not in found
    page = browser.get("/author/scoring").get_data(as_text=True)
    assert 'href="/author/scoring" aria-current="page"' in page


def test_the_sales_nav_has_no_editor_link(browser, login_as, pipeline):
    login_as("sales")
    for url in ("/sales/leads", f"/sales/leads/{pipeline['dana'].id}"):
        found = links(browser, url)
        assert found["Leads"] == "/sales/leads" and "Author" not in found, url
        assert "Scoring model" not in found and not any("scoring" in href for href in found.values()), url


def test_admins_find_the_editor_in_the_author_nav_only(browser, login_as, pipeline):
    login_as("admin")
    assert links(browser, "/author/")["Scoring model"] == "/author/scoring"
    assert "Scoring model" not in links(browser, "/sales/leads")


@pytest.mark.parametrize("role, linked", [("author", False), ("admin", True)])
def test_who_would_move_links_to_their_lead_page_only_for_those_who_may_open_it(browser, login_as, db, pipeline,
                                                                                 role, linked):
    login_as(role)
    page = browser.submit("/author/scoring", {"model": STRICTER}, action="/author/scoring/preview").get_data(
        as_text=True)
    moves = page[page.index("Who would move"):page.index("Save this model</h2>")]
    assert "Dana Adams" in moves and "Max Brown" in moves
    assert (f'href="/sales/leads/{pipeline["dana"].id}"' in moves) is linked
    assert ("/sales/" in moves) is linked
