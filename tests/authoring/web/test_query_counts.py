"""Author pages cost a fixed, small number of SQL statements: the analytics pages the same with
100 and with 10,000 learners, the course editor the same for a small and a large course."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from app.accounts.models import User
from app.core.time import utcnow
from app.courses.models import Question
from app.learning.models import Enrollment, LessonProgress, QuizAttempt, QuizResponse
from app.learning.queries import course_lessons, course_quizzes
from app.scoring.models import LeadScore
from tests import factories
from tests.authoring.web.steps import tables
from tests.querycount import counting

MAX_QUERIES = 15
STAGES = ["lead", "lead", "lead", "mql", "sql"]


def seed(db, courses, first: int, count: int) -> None:
    """`count` learners in bulk (Core executemany): each enrolled in the courses, with progress,
    quiz attempts and answers, completions and lead stages spread among them."""
    now = utcnow()
    db.session.execute(insert(User), [
        {"email": f"load{n}@example.com", "password_hash": "x", "first_name": f"Load{n}", "last_name": "Learner",
         "company": "Example", "job_title": "Analyst", "country": "", "created_at": now, "password_changed_at": now}
        for n in range(first, first + count)])
    ids = db.session.scalars(select(User.id).where(User.email.like("load%")).order_by(User.id)).all()[first:]
    db.session.execute(insert(LeadScore), [
        {"user_id": uid, "model_version": 1, "engagement": 0.0, "fit": 0.0, "total": 0.0, "stage": STAGES[k % 5],
         "evaluated_at": now, "topic_counts": {}, "top_topics": []} for k, uid in enumerate(ids)])
    for course in courses:
        lessons = course_lessons(course.id)
        quiz = course_quizzes(course.id)[0]
        questions = db.session.scalars(select(Question).where(Question.quiz_id == quiz.id)
                                       .order_by(Question.position)).all()
        done_all = len(lessons)
        db.session.execute(insert(Enrollment), [
            {"user_id": uid, "course_id": course.id, "source": "free", "status": "active",
             "enrolled_at": now - timedelta(days=k % 90), "last_activity_at": now,
             "completed_at": now - timedelta(days=k % 30) if k % 7 == 0 else None} for k, uid in enumerate(ids)])
        db.session.execute(insert(LessonProgress), [
            {"user_id": uid, "lesson_id": lesson.id, "course_id": course.id, "completed_at": now}
            for k, uid in enumerate(ids) for lesson in lessons[:done_all if k % 7 == 0 else k % done_all]])
        attempters = [uid for k, uid in enumerate(ids) if k % 3 == 0]
        db.session.execute(insert(QuizAttempt), [
            {"user_id": uid, "quiz_id": quiz.id, "course_id": course.id, "score_percent": 50, "passed": k % 2 == 0,
             "submitted_at": now} for k, uid in enumerate(attempters)])
        attempts = db.session.scalars(select(QuizAttempt.id).where(QuizAttempt.quiz_id == quiz.id,
                                                                   QuizAttempt.user_id.in_(select(User.id).where(
                                                                       User.email.like("load%"))))
                                      .order_by(QuizAttempt.id)).all()[-len(attempters):]
        db.session.execute(insert(QuizResponse), [
            {"attempt_id": aid, "question_id": q.id, "chosen": ("0", "1", "2", "0,2")[(k + j) % 4],
             "correct": ("0", "1", "2", "0,2")[(k + j) % 4] == ",".join(map(str, q.correct))}
            for k, aid in enumerate(attempts) for j, q in enumerate(questions)])
    db.session.commit()


def statements_for(client, db, url: str) -> int:
    with counting(db.engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    response.close()
    return len(statements)


@pytest.mark.slow
def test_analytics_queries_do_not_grow_with_learners(author, db):
    courses = [factories.course(modules=2, lessons_per_module=3) for _ in range(2)]
    urls = ["/author/analytics", f"/author/courses/{courses[0].slug}/analytics",
            f"/author/courses/{courses[0].slug}/analytics/quiz.csv", "/author/analytics/courses.csv", "/author/"]
    seed(db, courses, 0, 100)
    few = {url: statements_for(author.client, db, url) for url in urls}

    started = time.perf_counter()
    seed(db, courses, 100, 9_900)
    seeded = time.perf_counter() - started
    many = {url: statements_for(author.client, db, url) for url in urls}
    assert db.session.scalar(select(db.func.count()).select_from(Enrollment)) == 20_000
    assert many == few, (few, many)
    assert max(many.values()) <= MAX_QUERIES, many
    print(f"\nstatements per page with 100 and 10,000 learners: {many} (seeding took {seeded:.1f} s)")

    # And the numbers are right (counted here the plain way, learner by learner).
    course_id = courses[0].id
    enrolled = db.session.scalars(select(Enrollment).where(Enrollment.course_id == course_id)).all()
    started = set(db.session.scalars(select(LessonProgress.user_id).where(LessonProgress.course_id == course_id)))
    stages = dict(db.session.execute(select(LeadScore.user_id, LeadScore.stage)).all())
    expected = [len(enrolled), len({e.user_id for e in enrolled} & started),
                sum(1 for e in enrolled if e.completed_at is not None),
                sum(1 for e in enrolled if stages[e.user_id].value == "mql"),
                sum(1 for e in enrolled if stages[e.user_id].value == "sql")]
    funnel = tables(author.page(f"/author/courses/{courses[0].slug}/analytics"))["Funnel: learners at each step"]
    assert [int(row[1]) for row in funnel[1:]] == expected
    assert expected[0] == 10_000 and 0 < expected[2] < expected[1] < expected[0]


def test_the_course_editor_does_not_grow_with_the_course(author, db):
    small = factories.course(modules=1, lessons_per_module=2, published=False)
    large = factories.course(modules=8, lessons_per_module=12, topics=("pricing", "sso"), published=False)
    counts = {course.slug: statements_for(author.client, db, f"/author/courses/{course.slug}")
              for course in (small, large)}
    assert counts[small.slug] == counts[large.slug] <= 10, counts
