"""The L&D story end to end, in the browser: build a two-module course with a quiz through the
forms, preview it, publish it, watch learners go through it, read the analytics."""
from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from app.courses.models import Course, CourseStatus, Lesson, Module, Question
from app.learning import service
from app.scoring import service as scoring
from tests import factories
from tests.authoring.web.steps import rows_by_label, tables
from tests.pages import link, parse

SLUG = "acme-analytics-basics"
COURSE = f"/author/courses/{SLUG}"


def build_course(author, db) -> dict[str, int]:
    """Everything an author types to make the course; returns the lesson ids by slug."""
    response = author.submit("/author/courses/new", {
        "title": "Acme Analytics Basics", "slug": "", "summary": "Learn Acme in an afternoon.", "price": "",
        "currency": "usd"})
    assert response.status_code == 302 and response.location == COURSE

    for title in ("Getting started", "Going further"):
        response = author.submit(COURSE, {"title": title}, action=f"{COURSE}/modules/new")
        assert response.status_code == 302
    page = author.page(COURSE)
    assert "Module 1: Getting started" in page and "Module 2: Going further" in page

    lessons = [
        (1, {"title": "What Acme does", "minutes": "6", "body": "Acme **counts** things.",
             "new_topics": "overview"}),
        (1, {"title": "Plans and pricing", "minutes": "4", "body": "| Plan | SSO |\n|---|---|\n| Enterprise | yes |",
             "new_topics": "pricing, Single Sign On", "media": "https://youtu.be/AcmeTour101"}),
        (2, {"title": "Dashboards", "minutes": "8", "body": "Build one.", "topics": "overview"}),
    ]
    for number, data in lessons:
        add = link(author.page(COURSE), f"Add a lesson to module {number}")
        response = author.submit(add, {**data, "save": "1"})
        assert response.status_code == 302, author.page(add)

    quiz = link(author.page(COURSE), "Add a quiz to module 1")
    response = author.submit(quiz, {"pass_percent": "50", "prompt": "Which plan includes SSO?",
                                    "choices": "Starter\nGrowth\nEnterprise", "correct": "3"},
                             action=f"{quiz}/new")
    assert response.status_code == 302
    response = author.submit(quiz, {"prompt": "Which two are Acme plans?", "choices": "Starter\nPlatinum\nGrowth",
                                    "correct": "1, 3"}, action=f"{quiz}/questions")
    assert response.status_code == 302
    return dict(db.session.execute(select(Lesson.slug, Lesson.id).order_by(Lesson.id)).all())


def answer(user, course, right: bool):
    quiz = next(m.quiz for m in course.modules if m.quiz)
    q1, q2 = sorted(quiz.live_questions, key=lambda q: q.position)
    return service.submit_quiz(user, quiz, {q1.id: [2] if right else [1], q2.id: [0, 2]})


def test_an_author_builds_previews_publishes_and_reads_the_analytics(author, db):
    ids = build_course(author, db)
    assert list(ids) == ["what-acme-does", "plans-and-pricing", "dashboards"]  # slugs made from the titles
    course = db.session.scalar(select(Course).where(Course.slug == SLUG))
    assert course.status is CourseStatus.DRAFT
    assert db.session.get(Lesson, ids["plans-and-pricing"]).topic_names == ["pricing", "single-sign-on"]
    assert db.session.get(Lesson, ids["dashboards"]).topic_names == ["overview"]

    # Preview as a learner: outline, a lesson rendered by the learners' renderer, the quiz.
    outline = author.page(f"{COURSE}/preview")
    assert "Preview" in outline and "Module 2: Going further" in outline
    lesson = author.page(link(outline, "Plans and pricing"))
    assert "<table>" in lesson and "youtube-nocookie.com/embed/AcmeTour101" in lesson
    quiz = author.page(link(lesson, "Take the module 1 quiz"))
    labels = {c.label for c in parse(quiz).controls if c.type in ("radio", "checkbox")}
    assert {"Starter", "Growth", "Enterprise", "Platinum"} <= labels and "Preview" in quiz

    # Learners cannot see the draft yet; publishing puts it in the catalog.
    assert f"/courses/{SLUG}" not in author.page("/courses")
    response = author.submit(COURSE, action=f"{COURSE}/publish")
    assert response.status_code == 302
    assert "Published" in author.page(COURSE)
    assert f"/courses/{SLUG}" in author.page("/courses")

    # Four prospects: one finishes, one fails the quiz, one reads a lesson, one only enrolls.
    scoring.save_model({"thresholds": {"mql": 20, "sql": 50}, "rules": [
        {"name": "Read a lesson", "on": "lesson_completed", "points": 10},
        {"name": "Finished", "on": "course_completed", "points": 30}]})
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.slug == SLUG))
    finisher, failer, reader, idle = (factories.user() for _ in range(4))
    for person in (finisher, failer, reader, idle):
        service.enroll(person, course)
    lessons = {slug: db.session.get(Lesson, lesson_id) for slug, lesson_id in ids.items()}
    for slug in ("what-acme-does", "plans-and-pricing", "dashboards"):
        service.complete_lesson(finisher, lessons[slug])
    answer(failer, course, right=False)
    answer(finisher, course, right=True)
    for slug in ("what-acme-does", "plans-and-pricing"):
        service.complete_lesson(failer, lessons[slug])
    service.complete_lesson(reader, lessons["what-acme-does"])
    db.session.commit()

    page = author.page(f"{COURSE}/analytics")
    found = tables(page)
    funnel = rows_by_label(found["Funnel: learners at each step"])
    assert funnel["Enrolled"] == ["4", "100"]
    assert funnel["Started"] == ["3", "75"]
    assert funnel["Completed"] == ["1", "25"]
    assert funnel["Marketing qualified (MQL) now"][0] == "1"  # the failer: two lessons
    assert funnel["Sales qualified (SQL) now"][0] == "1"  # the finisher
    drop = rows_by_label(found["Drop-off per lesson"])
    assert drop["1. What Acme does"][:2] == ["4", "3"]
    assert drop["1. Plans and pricing"][:2] == ["3", "2"]
    assert drop["2. Dashboards"][:2] == ["2", "1"]
    assert "completed the lesson before it" in page  # what "reached" means is on the page
    quiz_rows = rows_by_label(found["Quiz questions: share answered right"])
    assert quiz_rows["M1 Q1"] == ["Which plan includes SSO?", "2", "50", "Growth", "1"]
    assert quiz_rows["M1 Q2"][1:3] == ["2", "100"]
    weekly = found["Enrollments and completions per week"]
    assert weekly[-1][1:] == ["4", "1"]
    assert 'data-chart=' in page and "vendor/chartjs/chart.umd.js" in page

    funnel_csv = author.client.get(link(page, "Download “Funnel: learners at each step” as CSV"))
    assert funnel_csv.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(funnel_csv.get_data(as_text=True))))[1] == ["Enrolled", "4", "100"]

    overview = tables(author.page("/author/analytics"))
    assert rows_by_label(overview["Funnel per course"])["Acme Analytics Basics"] == ["4", "3", "1", "1", "1"]
    assert db.session.scalar(select(func.count()).select_from(Question)) == 2
    assert db.session.scalar(select(func.count()).select_from(Module)) == 2
