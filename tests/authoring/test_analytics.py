"""Analytics queries on small, exact data: funnel, drop-off, quiz items, weeks."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text, update

from app.authoring.analytics.funnel import Funnel, course_funnel, funnels
from app.authoring.analytics.lessons import lesson_dropoff
from app.authoring.analytics.quizzes import choice_text, quiz_items
from app.authoring.analytics.tables import quiz_table
from app.authoring.analytics.weekly import MAX_WEEKS, weekly
from app.learning import service
from app.learning.models import Enrollment
from app.scoring.models import LeadScore, LeadStage
from tests import factories


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.fixture
def course(db):
    return factories.course(modules=2, lessons_per_module=2)


def test_funnel_and_drop_off(db, course):
    people = [factories.user() for _ in range(5)]
    for person in people:
        service.enroll(person, course)
    lessons = [lesson for module in course.modules for lesson in module.lessons]
    for person, done in zip(people, (4, 2, 1, 0, 0)):
        for lesson in lessons[:done]:
            service.complete_lesson(person, lesson)
    service.complete_lesson(people[3], lessons[2])  # skipped ahead: counts as started and for lesson 3
    db.session.add_all([LeadScore(user_id=people[0].id, model_version=1, stage=LeadStage.SQL),
                        LeadScore(user_id=people[1].id, model_version=1, stage=LeadStage.MQL)])
    db.session.commit()

    funnel = course_funnel(course.id)
    assert funnel == Funnel(enrolled=5, started=4, completed=0, mql=1, sql=1)
    assert funnels() == {course.id: funnel}
    steps = lesson_dropoff(course.id, funnel.enrolled)
    assert [(s.label, s.reached, s.completed) for s in steps] == [
        ("1. Lesson 1.1", 5, 3), ("1. Lesson 1.2", 3, 2), ("2. Lesson 2.1", 2, 2), ("2. Lesson 2.2", 2, 1)]
    assert course_funnel(factories.course().id) == Funnel()


def test_quiz_items_share_right_and_the_most_chosen_wrong_answer(db, course):
    quiz = course.modules[0].quiz
    q1, q2 = quiz.live_questions  # q1: right is [1]; q2: right is [0, 2]
    people = [factories.user() for _ in range(4)]
    for person, (a1, a2) in zip(people, [([1], [0, 2]), ([2], [0]), ([2], [0, 2]), ([0], [0])]):
        service.enroll(person, course)
        service.submit_quiz(person, quiz, {q1.id: a1, q2.id: a2})
    db.session.commit()
    items = quiz_items(course.id)
    assert [(i.label, i.answers, i.right, i.right_percent, i.top_wrong, i.top_wrong_count) for i in items] == [
        ("M1 Q1", 4, 1, 25, "C", 2), ("M1 Q2", 4, 2, 50, "X", 2),
        ("M2 Q1", 0, 0, None, "", 0), ("M2 Q2", 0, 0, None, "", 0)]
    assert quiz_table(items).rows[0] == ["M1 Q1", "Which is right?", 4, 25, "C", 2]


def test_choice_text():
    assert choice_text("0,2", ["Starter", "Growth", "Enterprise"]) == "Starter + Enterprise"
    assert choice_text("5", ["A", "B"]) == "choice 5 (no longer offered)"


def test_weeks_start_on_monday_in_utc_whatever_the_database_time_zone(db, course, is_postgres):
    people = [factories.user() for _ in range(4)]
    moments = [utc(2025, 3, 2, 23, 30), utc(2025, 3, 3, 0, 30), utc(2025, 3, 9, 12), utc(2025, 3, 24, 8)]
    for person, moment in zip(people, moments):
        enrollment = service.enroll(person, course)
        enrollment.enrolled_at = moment
    db.session.flush()
    db.session.execute(update(Enrollment).where(Enrollment.user_id == people[0].id)
                       .values(completed_at=utc(2025, 3, 10, 0, 5)))
    if is_postgres:  # a server in New Zealand must still cut weeks at midnight UTC
        db.session.execute(text("SET TIME ZONE 'Pacific/Auckland'"))
    weeks, truncated = weekly(course.id, today=date(2025, 3, 26))
    assert [(w.label, w.enrolled, w.completed) for w in weeks] == [
        ("2025-02-24", 1, 0), ("2025-03-03", 2, 0), ("2025-03-10", 0, 1), ("2025-03-17", 0, 0),
        ("2025-03-24", 1, 0)]
    assert not truncated
    weeks, truncated = weekly(course.id, today=date(2026, 6, 1))
    assert len(weeks) == MAX_WEEKS and truncated and weeks[-1].label == "2026-06-01"
    assert weekly(factories.course().id) == ([], False)


def test_csv_cells_are_safe_for_spreadsheets():
    from app.authoring.analytics.tables import Table

    table = Table("t", "T", ["Lesson", "Learners"], [["=HYPERLINK(\"http://x\")", 3], ["-1 step", None]])
    assert table.csv().splitlines() == ["Lesson,Learners", '"\'=HYPERLINK(""http://x"")",3', "'-1 step,"]
