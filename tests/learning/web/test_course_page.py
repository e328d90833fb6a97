"""A course's page in the catalog, as a prospect reads it."""
from sqlalchemy import select

from app.courses.models import Topic
from tests import factories
from tests.pages import parse


def test_course_page_shows_outline_minutes_topics_and_enroll_form(client, db):
    course = factories.course(modules=2, lessons_per_module=3, topics=("pricing", "overview"))
    html = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert course.title in html and course.summary in html
    assert "Module 1: Module 1" in html and "Lesson 2.3" in html
    assert html.count("5 min") >= 6 and "Total time: 30 min" in html
    assert html.count("pass mark 50%") == 2  # one quiz per module
    assert "pricing" in html and "overview" in html
    assert "Free" in html
    forms = parse(html).forms
    assert {"method": "post", "action": f"/courses/{course.slug}/enroll"} in forms


def test_drafts_are_not_found(client, login_as):
    draft = factories.course(published=False)
    assert client.get(f"/courses/{draft.slug}").status_code == 404
    login_as("learner")
    assert client.get(f"/courses/{draft.slug}").status_code == 404
    assert client.get(f"/learn/{draft.slug}").status_code == 404
    assert client.get("/courses/no-such-course").status_code == 404


def test_topics_of_retired_lessons_do_not_show(client, db):
    course = factories.course(modules=1, lessons_per_module=1, topics=("legacy",))
    from app.core.time import utcnow
    from app.courses.search import index_course

    course.modules[0].lessons[0].retired_at = utcnow()
    index_course(course)  # as every save that retires a lesson does
    db.session.commit()
    assert db.session.scalar(select(Topic).where(Topic.name == "legacy"))
    assert "legacy" not in client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert course.title not in client.get("/courses?q=legacy").get_data(as_text=True)
