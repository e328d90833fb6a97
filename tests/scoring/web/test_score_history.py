"""The score-over-time chart on a lead's page: replayed from the event log with decay, drawn
against the MQL and SQL thresholds, with a table of the same numbers, at a fixed query cost."""
from __future__ import annotations

import html
import json
import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from app.core.formatting import format_points
from app.core.time import utcnow
from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import service as scoring
from tests import factories
from tests.querycount import counting

# Who is signed in, the lead, their breakdown (model, items), the score's history (model, events),
# courses, timeline and its count, the CRM sync row.
LEAD_PAGE_MAX_QUERIES = 10
CHART = re.compile(r"<canvas data-chart='([^']*)'")


def day_label(day) -> str:
    return f"{day:%b} {day.day}, {day.year}"  # Babel's medium date in English


def noon(days_ago: int) -> datetime:
    return datetime.combine(utcnow().date() - timedelta(days=days_ago), time(12), tzinfo=timezone.utc)


def chart_on(page: str) -> dict:
    found = CHART.findall(page[page.index('id="history-title"'):])
    assert len(found) == 1, "one chart of the score over time"
    return json.loads(html.unescape(found[0]))


def tenths(value: float) -> float:
    """A rule's worth as the engine adds it: rounded to a tenth of a point."""
    return round(value * 10) / 10


@pytest.fixture
def vp(db, scoring_model):
    """A VP (fit 20) who read about pricing ten days ago and passed a quiz three days ago."""
    person = factories.user(job_title="VP Marketing")
    learning.record_event(person.id, Verb.LESSON_COMPLETED, topics=["pricing"], occurred_at=noon(10))
    learning.record_event(person.id, Verb.QUIZ_PASSED, occurred_at=noon(3))
    db.session.commit()
    return person


def test_the_lead_page_charts_the_score_day_by_day_with_decay(browser, login_as, vp):
    login_as("sales")
    page = browser.get(f"/sales/leads/{vp.id}").get_data(as_text=True)
    chart = chart_on(page)
    today = utcnow().date()
    days = [today - timedelta(days=k) for k in range(11, -1, -1)]  # from the day before the first event
    assert chart["type"] == "line"
    assert chart["labels"] == [day_label(day) for day in days]
    score, mql, sql = chart["datasets"]
    assert (mql["kind"], sql["kind"]) == ("threshold", "threshold")
    assert mql["data"] == [40] * 12 and sql["data"] == [80] * 12  # tests/scoring/conftest.py MODEL
    assert "MQL threshold (40)" == mql["label"] and "SQL threshold (80)" == sql["label"]

    totals = score["data"]
    assert totals[0] == 20.0  # before any activity: fit only (a decision maker)
    # The end of the day of the lesson, 12 hours after it: "Read a lesson" 5 (no decay) and
    # "Read about pricing" 20 with a 30-day half-life.
    assert totals[1] == 20 + 5 + tenths(20 * 0.5 ** (0.5 / 30))
    # Six days later the pricing points have decayed, nothing else has happened.
    assert totals[7] == 20 + 5 + tenths(20 * 0.5 ** (6.5 / 30))
    # The end of the quiz's day: 15 points with a 10-day half-life on top.
    assert totals[8] == 20 + 5 + tenths(20 * 0.5 ** (7.5 / 30)) + tenths(15 * 0.5 ** (0.5 / 10))
    assert all(later <= earlier for earlier, later in zip(totals[1:8], totals[2:8]))  # decay, no new points
    # The last point is now, and is the total the page shows beside the breakdown.
    shown = re.search(r'<p class="score-total"><strong>(-?[\d,]+)</strong>', page).group(1)
    assert format_points(totals[-1]) == shown  # the page reads in whole points

    # The same numbers as a table, oldest first, the last row marked as now.
    table = page[page.index('class="table chart-table score-history-table"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r'<time datetime="([\d-]+)">[^<]+</time>( \(now\))?</th>\s*<td class="num">(-?[\d,]+)</td>',
                      table)
    assert [(day, total) for day, _, total in rows] == [(d.isoformat(), format_points(t)) for d, t in zip(days, totals)]
    assert rows[-1][1] == " (now)"
    assert "<script>" not in page and "js/charts.js" in page and "vendor/chartjs/chart.umd.js" in page


def test_a_long_history_is_sampled_by_the_week(browser, login_as, db, scoring_model):
    person = factories.user()
    learning.record_event(person.id, Verb.LESSON_COMPLETED, occurred_at=noon(400))
    learning.record_event(person.id, Verb.LESSON_COMPLETED, occurred_at=noon(2))
    db.session.commit()
    login_as("sales")
    page = browser.get(f"/sales/leads/{person.id}").get_data(as_text=True)
    chart = chart_on(page)
    today = utcnow().date()
    assert chart["labels"][-1] == day_label(today)
    assert chart["labels"][-2] == day_label(today - timedelta(days=7))
    assert 50 < len(chart["labels"]) <= 121
    totals = chart["datasets"][0]["data"]
    assert totals[0] == 0 and totals[1] == 5 and totals[-1] == 10  # "Read a lesson": 5 each, no decay
    assert "at the end of each week" in page


def test_a_lead_with_nothing_scored_says_no_data_yet(browser, login_as, db, scoring_model):
    person = factories.user(job_title="Director of IT")
    scoring.refresh_fit(person)  # a score (fit only) but not one event
    db.session.commit()
    login_as("sales")
    page = browser.get(f"/sales/leads/{person.id}").get_data(as_text=True)
    history = page[page.index('id="history-title"'):page.index('id="breakdown-title"')]
    assert '<p class="chart-empty"><strong>No data yet</strong>' in history
    assert "data-chart" not in history


def statements(browser, db, url: str) -> list[str]:
    with counting(db.engine) as found:
        assert browser.get(url).status_code == 200
    return found


def test_the_lead_page_costs_the_same_for_a_few_events_and_many(browser, login_as, db, scoring_model):
    few, many = factories.user(), factories.user()
    learning.record_event(few.id, Verb.LESSON_COMPLETED, occurred_at=noon(5))
    for n in range(60):
        learning.record_event(many.id, Verb.LESSON_COMPLETED, topics=["pricing"], occurred_at=noon(90 - n))
        learning.record_event(many.id, Verb.QUIZ_PASSED, occurred_at=noon(90 - n), payload={"quiz_id": n})
    db.session.commit()
    login_as("sales")
    statements(browser, db, f"/sales/leads/{few.id}")  # the model in force is read and parsed once
    cheap = statements(browser, db, f"/sales/leads/{few.id}")
    costly = statements(browser, db, f"/sales/leads/{many.id}")
    assert len(cheap) == len(costly), "\n".join(costly)
    assert len(costly) <= LEAD_PAGE_MAX_QUERIES, "\n".join(costly)
    assert len([s for s in costly if "learning_events" in s]) <= 3, "\n".join(costly)


def test_a_czech_reader_reads_the_lead_page_dates_in_czech_and_in_their_time_zone(browser, login_as, vp):
    login_as("sales", locale="cs", time_zone="Pacific/Auckland")
    page = browser.get(f"/sales/leads/{vp.id}").get_data(as_text=True)
    today = utcnow().date()
    assert chart_on(page)["labels"][-1] == f"{today.day}. {today.month}. {today.year}"
    # The quiz three days ago at noon UTC was at midnight, or 1 a.m. in summer, in Auckland.
    quiz = noon(3).astimezone(ZoneInfo("Pacific/Auckland"))
    assert f'<time datetime="{noon(3).isoformat()}">{quiz.day}. {quiz.month}. {quiz.year} {quiz.hour}:00</time>' in page
    english = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|UTC|AM|PM")
    assert not english.findall(re.sub(r"<script.*?</script>|<[^>]+>", " ", page, flags=re.S))
