"""Every author's save keeps the catalog's search current, in the same transaction: the course
header, lessons added, edited and retired, topics, modules retired, publishing, unpublishing and
uploads. A refused save changes the index no more than the course."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.courses.files import dump_course
from app.courses.models import Course, Lesson
from tests.authoring.web.test_files import upload
from tests.courses.conftest import course_file
from tests.pages import link

SLUG = "zephyr-handbook"
COURSE = f"/author/courses/{SLUG}"


def catalog(client, query: str) -> list[str]:
    html = client.get("/courses", query_string={"q": query}).get_data(as_text=True)
    return re.findall(r'class="course-card-title"><a href="/courses/([^"]+)"', html)


def lesson_id(db, title: str) -> int:
    return db.session.scalar(select(Lesson.id).where(Lesson.title == title))


def add_lesson(author, module: int, **fields) -> None:
    add = link(author.page(COURSE), f"Add a lesson to module {module}")
    response = author.submit(add, {"minutes": "5", "save": "1", **fields})
    assert response.status_code == 302, author.page(add)


def test_each_editor_keeps_the_search_current(author, client, db):
    response = author.submit("/author/courses/new", {"title": "Zephyr handbook", "slug": "",
                                                     "summary": "About gales.", "price": "", "currency": "usd"})
    assert response.status_code == 302
    assert author.submit(COURSE, {"title": "Basics"}, action=f"{COURSE}/modules/new").status_code == 302
    add_lesson(author, 1, title="Whirlwinds", body="A tornado spins.", new_topics="storms")
    assert catalog(client, "zephyr") == []  # a draft: indexed, not listed

    assert author.submit(COURSE, action=f"{COURSE}/publish").status_code == 302
    for word in ("zephyr", "gales", "tornado", "storms", "whirlwinds"):
        assert catalog(client, word) == [SLUG], word

    # The header: title, summary and the card's image.
    response = author.submit(f"{COURSE}/edit", {"title": "Mistral handbook", "summary": "About calm days.",
                                                "image": "https://cdn.example.com/mistral.png"})
    assert response.status_code == 302
    assert catalog(client, "zephyr") == catalog(client, "gales") == []
    assert catalog(client, "mistral") == catalog(client, "calm") == [SLUG]
    assert 'src="https://cdn.example.com/mistral.png"' in client.get("/courses?q=mistral").get_data(as_text=True)

    # A lesson's title, body and topics.
    whirlwinds = lesson_id(db, "Whirlwinds")
    response = author.submit(f"{COURSE}/lessons/{whirlwinds}", {"title": "Showers", "body": "Light drizzle.",
                                                                "topics": [], "new_topics": "rain"})
    assert response.status_code == 302
    assert catalog(client, "tornado") == catalog(client, "storms") == catalog(client, "whirlwinds") == []
    assert catalog(client, "drizzle") == catalog(client, "rain") == catalog(client, "showers") == [SLUG]

    # A lesson added, then retired; a module added, then retired.
    add_lesson(author, 1, title="Hail", body="Sleet and ice.")
    assert catalog(client, "sleet") == [SLUG]
    assert author.submit(COURSE, action=f"{COURSE}/lessons/{lesson_id(db, 'Hail')}/retire").status_code == 302
    assert catalog(client, "sleet") == catalog(client, "hail") == []
    assert author.submit(COURSE, {"title": "Extras"}, action=f"{COURSE}/modules/new").status_code == 302
    add_lesson(author, 2, title="Fog", body="Haze over the sea.")
    assert catalog(client, "fog") == [SLUG]
    module = db.session.scalar(select(Lesson.module_id).where(Lesson.title == "Fog"))
    assert author.submit(COURSE, action=f"{COURSE}/modules/{module}/retire").status_code == 302
    assert catalog(client, "fog") == catalog(client, "haze") == []

    # Unpublished: off the catalog's search; published again: back.
    assert author.submit(COURSE, action=f"{COURSE}/unpublish").status_code == 302
    assert catalog(client, "mistral") == []
    assert author.submit(COURSE, action=f"{COURSE}/publish").status_code == 302
    assert catalog(client, "mistral") == [SLUG]


def test_a_refused_save_leaves_the_search_as_it_was(author, client, db):
    upload(author, dump_course(course_file(SLUG, title="Zephyr handbook")))
    # A stale form (another author saved in between) and an invalid one change nothing.
    stale = author.page(f"{COURSE}/edit")
    assert author.submit(f"{COURSE}/edit", {"summary": "Updated."}).status_code == 302
    assert author.submit(f"{COURSE}/edit", {"title": "Mistral handbook"}, html=stale).status_code == 409
    assert author.submit(f"{COURSE}/edit", {"title": "Mistral", "image": "http://insecure.example.com/a.png"}) \
        .status_code == 422
    assert catalog(client, "mistral") == [] and catalog(client, "zephyr") == [SLUG]
    assert db.session.scalar(select(Course.image_url)) is None


def test_an_upload_replaces_the_indexed_text(author, client, db):
    upload(author, dump_course(course_file(SLUG, title="Zephyr handbook", lessons=[("Gusts", "Tornado.", ())])))
    assert catalog(client, "tornado") == [SLUG]
    changed = course_file(SLUG, title="Zephyr handbook", lessons=[("Calm", "Drizzle.", ())])
    response, _ = upload(author, dump_course(changed), page=f"/author/upload?course={SLUG}")
    assert response.status_code == 302
    assert catalog(client, "tornado") == catalog(client, "gusts") == [] and catalog(client, "drizzle") == [SLUG]
    response, _ = upload(author, dump_course(changed), draft=True, page=f"/author/upload?course={SLUG}")
    assert response.status_code == 302 and catalog(client, "drizzle") == []
