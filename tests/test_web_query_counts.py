"""Learning pages cost the same number of SQL statements for a 5-lesson and a 200-lesson course."""

import re

import pytest

from app.learning import service
from tests import factories
from tests.conftest import csrf_token_from
from tests.querycount import counting

MAX_QUERIES = 8
# The first page of a course a process shows also reads the course's map (modules, lessons,
# topics), once per version of the course.
MAP_QUERIES = 3
# My learning also lists purchases and resume points: a fixed 10, whatever the number of courses.
MY_LEARNING_MAX_QUERIES = 10
# A catalog page: who is signed in, how many courses match, the page's courses with their sizes,
# their topics, and the topics to filter by. The front page's first courses: the middle two.
CATALOG_MAX_QUERIES = 5
CATALOG_PAGES = ("/courses", "/courses?q=course", "/courses?q=lesson&price=free&length=short",
                 "/courses?q=body+of+lesson&page=2", "/courses?topic=overview&price=free&page=2",
                 "/courses?q=nothing-like-it")


def statements_for(client, db, url: str) -> list[str]:
    with counting(db.engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return statements


@pytest.fixture
def small_and_large(login_as, db):
    """A learner enrolled, with some progress, in a 5-lesson and a 200-lesson course."""
    learner = login_as("learner")
    small = factories.course(modules=1, lessons_per_module=5)
    large = factories.course(modules=10, lessons_per_module=20)
    for course in (small, large):
        service.enroll(learner, course)
        for lesson in course.modules[0].lessons[:2]:
            service.complete_lesson(learner, lesson)
    db.session.commit()
    return learner, small, large


def test_the_lesson_page_runs_a_fixed_number_of_queries(app, client, db, small_and_large):
    _, small, large = small_and_large
    app.extensions["primer.course_maps"].clear()  # as in a process that has not shown these courses
    # Each lesson is opened for the first time, so both requests also save the resume point.
    cold = [statements_for(client, db, f"/learn/{course.slug}/lesson-1-3") for course in (small, large)]
    few, many = [statements_for(client, db, f"/learn/{course.slug}/lesson-1-4") for course in (small, large)]
    assert len(few) == len(many) <= MAX_QUERIES, "\n".join(many)
    assert len(cold[0]) == len(cold[1]) == len(many) + MAP_QUERIES, "\n".join(cold[1])
    assert any(s.lstrip().upper().startswith("UPDATE ENROLLMENTS") for s in many)
    # Only the lesson shown is read whole: the outline's 200 lessons come without their bodies.
    bodies = [s for s in many if "lessons.body_html" in s]
    assert len(bodies) == 1 and "lessons.id =" in bodies[0], "\n".join(bodies)
    # Read again, nothing about the course is: only who is signed in, their enrollment and marks.
    again = statements_for(client, db, f"/learn/{large.slug}/lesson-1-4")
    assert len(again) == 3 and not any("lessons" in s for s in again), "\n".join(again)


def test_completing_a_lesson_reads_no_lesson_bodies_but_its_own(browser, db, small_and_large):
    _, _, large = small_and_large
    with counting(db.engine) as statements:
        response = browser.post(f"/learn/{large.slug}/lesson-1-4/complete")
    assert response.status_code == 302
    bodies = [s for s in statements if "lessons.body_html" in s]
    assert len(bodies) <= 1 and all("lessons.id =" in s for s in bodies), "\n".join(bodies)


@pytest.mark.parametrize("page", ["/learn/{slug}", "/courses/{slug}", "/learn/{slug}/quiz/1"])
def test_other_course_pages_do_not_grow_with_the_course(client, db, small_and_large, page):
    _, small, large = small_and_large
    few = statements_for(client, db, page.format(slug=small.slug))
    many = statements_for(client, db, page.format(slug=large.slug))
    assert len(few) == len(many) <= MAX_QUERIES, "\n".join(many)


def test_the_catalog_and_my_learning_do_not_grow_with_the_courses(client, db, small_and_large):
    learner = small_and_large[0]
    before = {url: len(statements_for(client, db, url)) for url in ("/", *CATALOG_PAGES, "/my")}
    for _ in range(30):  # past a page of the catalog
        course = factories.course(modules=3, lessons_per_module=10, topics=("pricing", "sso"), minutes=1)
        service.enroll(learner, course)
        service.complete_lesson(learner, course.modules[0].lessons[0])
    db.session.commit()
    assert 'rel="next"' in client.get("/courses?q=body+of+lesson").get_data(as_text=True)
    after = {url: len(statements_for(client, db, url)) for url in before}
    assert after == before and after.pop("/my") <= MY_LEARNING_MAX_QUERIES
    assert max(after.values()) <= MAX_QUERIES and max(after[url] for url in CATALOG_PAGES) <= CATALOG_MAX_QUERIES
    assert after["/"] <= CATALOG_MAX_QUERIES - 2


# Mark as complete with a scoring model in force: the learner, course and marks (3); the
# enrollment lock with the resume point (2); the progress row and the event, each in a savepoint
# (6); the model, the score row lock and its items (3); their writes (2); the CRM outbox (1); and
# whether the course is now finished (1); a stage change adds its event.
COMPLETE_MAX_QUERIES = 18


def test_mark_as_complete_runs_a_fixed_number_of_queries(client, db, small_and_large, scoring_model):
    learner, small, large = small_and_large
    for course in (small, large):  # the learner's first scored event builds their score: not measured
        service.complete_lesson(learner, course.modules[0].lessons[3])
    db.session.commit()
    counts = []
    for course in (small, large):
        page = client.get(f"/learn/{course.slug}/lesson-1-3")  # as a learner does: the page, then the button
        token = csrf_token_from(page.get_data(as_text=True))
        with counting(db.engine) as statements:
            response = client.post(f"/learn/{course.slug}/lesson-1-3/complete", data={"csrf_token": token})
        assert response.status_code == 302
        counts.append(statements)
    for statements in counts:  # (a completion that moves the lead's stage records one event more)
        assert len(statements) <= COMPLETE_MAX_QUERIES, "\n".join(statements)
        assert not any("FROM modules" in s or "FROM lessons" in s for s in statements)  # the structure is kept


def test_submitting_a_quiz_costs_the_same_for_a_small_and_a_large_course(client, db, small_and_large):
    """The results (each question's explanation and the lesson that teaches it) come from what the
    quiz page loads anyway: no query per question or per lesson, and none for a bigger course."""
    _, small, large = small_and_large
    for course in (small, large):
        first, second = course.modules[0].quiz.questions
        first.explanation, first.explanation_html = "Why", "<p>Why</p>"
        second.lesson = course.modules[0].lessons[-1]
    db.session.commit()
    counts = []
    for course in (small, large):
        quiz = f"/learn/{course.slug}/quiz/1"
        page = client.get(quiz).get_data(as_text=True)
        names = sorted(set(re.findall(r'name="(q\d+)"', page)))
        with counting(db.engine) as statements:
            response = client.post(quiz, data={"csrf_token": csrf_token_from(page), names[0]: "0", names[1]: "1"})
        assert response.status_code == 200 and "Learn more in" in response.get_data(as_text=True)
        assert not any("FROM lessons" in s for s in statements), "\n".join(statements)
        counts.append(statements)
    assert len(counts[0]) == len(counts[1]), "\n".join(counts[1])
