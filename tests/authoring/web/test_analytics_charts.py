"""What the analytics pages hand to charts.js: the funnel as a funnel, weeks on a date axis with
the quiet weeks as zeros, and "No data yet" instead of a chart of nothing."""
from __future__ import annotations

import html
import json
import re
from datetime import timedelta

from sqlalchemy import update

from app.core.time import utcnow
from app.learning import service
from app.learning.models import Enrollment
from tests import factories

CHART = re.compile(r"<canvas data-chart='([^']*)'")


def charts(page: str) -> list[dict]:
    return [json.loads(html.unescape(found)) for found in CHART.findall(page)]


def section(page: str, section_id: str) -> str:
    start = page.index('<section class="chart-figure')
    start = page.index(f'id="{section_id}"', start)
    return page[start:page.index("</section>", start)]


def day_label(day) -> str:
    return f"{day:%b} {day.day}, {day.year}"  # Babel's medium date in English


def test_the_funnel_and_the_weeks_are_charted_as_they_are(author, db):
    course = factories.course(modules=1, lessons_per_module=2)
    people = [factories.user() for _ in range(3)]
    for person in people:
        service.enroll(person, course)
    service.complete_lesson(people[0], course.modules[0].lessons[0])
    today = utcnow().date()
    this_monday = today - timedelta(days=today.weekday())
    # Enrolled three weeks ago, three weeks ago, and one week ago: two quiet weeks between and after.
    for person, weeks_ago in zip(people, (3, 3, 1)):
        db.session.execute(update(Enrollment).where(Enrollment.user_id == person.id)
                           .values(enrolled_at=utcnow() - timedelta(weeks=weeks_ago)))
    db.session.commit()

    page = author.page(f"/author/courses/{course.slug}/analytics")
    found = {chart["datasets"][0]["label"]: chart for chart in charts(page)}
    funnel = found["Learners"]
    assert funnel["type"] == "funnel"
    assert funnel["labels"][:3] == ["Enrolled", "Started", "Completed"]
    assert funnel["datasets"][0]["data"][:3] == [3, 1, 0]

    weekly = found["Enrollments"]
    mondays = [this_monday - timedelta(weeks=k) for k in (3, 2, 1, 0)]
    assert weekly["type"] == "line"
    assert weekly["labels"] == [day_label(day) for day in mondays]  # every week, the quiet ones too
    assert weekly["datasets"][0]["data"] == [2, 0, 1, 0]
    assert [d["label"] for d in weekly["datasets"]] == ["Enrollments", "Completions"]
    # The table names each week as a date a machine can read too; the CSV keeps ISO dates.
    table = section(page, "weekly")
    assert f'<time datetime="{mondays[1].isoformat()}">{day_label(mondays[1])}</time>' in table
    assert "No data yet" not in section(page, "funnel") + table
    csv = author.client.get(f"/author/courses/{course.slug}/analytics/weekly.csv").get_data(as_text=True)
    assert csv.splitlines()[1:] == [f"{day.isoformat()},{n},0" for day, n in zip(mondays, (2, 0, 1, 0))]


def test_a_course_nobody_took_says_no_data_yet_instead_of_empty_axes(author, db):
    course = factories.course(modules=2, lessons_per_module=2)
    page = author.page(f"/author/courses/{course.slug}/analytics")
    assert charts(page) == []  # not one chart of zeros
    for name in ("funnel", "lessons", "quiz", "weekly"):
        assert '<p class="chart-empty"><strong>No data yet</strong>' in section(page, name), name
    assert "nobody has enrolled in this course yet" in section(page, "funnel")
    # The tables stay: they are the content, the charts only a picture of it.
    assert '<caption>Funnel: learners at each step</caption>' in page

    overview = author.page("/author/analytics")
    assert charts(overview) == []
    assert overview.count('<p class="chart-empty">') == 2


def test_a_quiz_everyone_got_wrong_is_data_not_an_empty_state(author, db):
    course = factories.course(modules=1, lessons_per_module=1)
    learner = factories.user()
    service.enroll(learner, course)
    quiz = course.modules[0].quiz
    q1, q2 = sorted(quiz.live_questions, key=lambda q: q.position)
    service.submit_quiz(learner, quiz, {q1.id: [0], q2.id: [1]})
    db.session.commit()
    page = author.page(f"/author/courses/{course.slug}/analytics")
    quiz_chart = next(c for c in charts(page) if c["datasets"][0]["label"] == "% right")
    assert quiz_chart["datasets"][0]["data"] == [0, 0]
    assert "No data yet" not in section(page, "quiz")


def test_the_stage_summary_says_no_data_yet_without_leads(browser, login_as, scoring_model):
    login_as("sales")
    page = browser.get("/sales/leads").get_data(as_text=True)
    assert '<p class="chart-empty"><strong>No data yet</strong>' in page
    assert "data-chart-type" not in page
    assert "<caption>Learners in each stage</caption>" in page


def test_order_and_outbox_charts_say_no_data_yet_when_empty(browser, login_as):
    login_as("admin")
    for url in ("/admin/orders", "/admin/crm"):
        page = browser.get(url).get_data(as_text=True)
        assert '<p class="chart-empty"><strong>No data yet</strong>' in page, url
        assert "data-chart-type" not in page, url
