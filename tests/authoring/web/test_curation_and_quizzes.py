"""Catalog curation (featured, order), topics, the quiz editor and the learner preview."""
from __future__ import annotations

from sqlalchemy import select

from app.courses.models import Course, Question, Quiz
from app.courses.catalog import published_courses
from tests import factories
from tests.authoring.web.test_safe_edits import field_error
from tests.pages import parse


def test_feature_and_order_the_catalog(author, db):
    # Titles in the order they were made: the catalog puts courses of one position by title.
    a, b, c = (factories.course(slug=slug, title=slug.capitalize()) for slug in ("alpha", "bravo", "charlie"))
    titles = {x.slug: x.title for x in (a, b, c)}

    def order():
        db.session.expire_all()
        return [titles[e.course.slug] for e in published_courses()]

    assert order() == [a.title, b.title, c.title]
    assert author.submit("/author/", action="/author/courses/charlie/catalog-move",
                         where={"direction": "up"}).status_code == 302
    assert order() == [a.title, c.title, b.title]
    author.submit("/author/", action="/author/courses/bravo/feature")
    assert order() == [b.title, a.title, c.title]
    listing = author.page("/author/")
    assert "★ Featured" in listing and "Unfeature" in listing
    # The first of a group has no "up", the last no "down".
    assert 'aria-label="Move ' + b.title + ' up in the catalog"' not in listing
    author.submit("/author/", action="/author/courses/bravo/feature", data={"featured": "0"})
    assert order() == [b.title, a.title, c.title]  # unfeatured, it stays where the catalog showed it
    assert db.session.get(Course, b.id).featured is False


def test_topics_come_from_the_shared_list(author, db):
    course = factories.course(modules=1, lessons_per_module=1, topics=("pricing", "sso"))
    lesson = course.modules[0].lessons[0]
    url = f"/author/courses/{course.slug}/lessons/{lesson.id}"
    boxes = {c.label: c.attrs for c in parse(author.page(url)).controls if c.type == "checkbox"}
    assert set(boxes) == {"pricing", "sso"} and all("checked" in attrs for attrs in boxes.values())
    author.submit(url, {"topics": ["sso"], "new_topics": "integrations", "save": "1"})
    db.session.expire_all()
    assert lesson.topic_names == ["sso", "integrations"]
    boxes = {c.label for c in parse(author.page(url)).controls if c.type == "checkbox"}
    assert boxes == {"integrations", "pricing", "sso"}


def test_the_quiz_editor(author, db):
    course = factories.course(modules=1, lessons_per_module=1, quiz=False, published=False)
    module = course.modules[0]
    url = f"/author/courses/{course.slug}/modules/{module.id}/quiz"
    assert "This module has no quiz" in author.page(url)

    response = author.submit(url, {"pass_percent": "0", "prompt": "Q?", "choices": "Only one", "correct": "2"},
                             action=f"{url}/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "not the number of a choice (1 to 1)" in field_error(page, "correct")
    assert db.session.scalar(select(Quiz)) is None
    for typed, shown in (("²", "²"), ("9" * 5000, "9" * 20 + "…")):  # a Unicode digit; past int()'s limit
        response = author.submit(url, {"pass_percent": "80", "prompt": "Q?", "choices": "Yes\nNo", "correct": typed},
                                 action=f"{url}/new")
        assert response.status_code == 422
        error = field_error(response.get_data(as_text=True), "correct")
        assert f"&#34;{shown}&#34; is not the number of a choice (1 to 2)" in error
    assert db.session.scalar(select(Quiz)) is None

    response = author.submit(url, {"pass_percent": "0", "prompt": "Q?", "choices": "Yes\nNo", "correct": "1"},
                             action=f"{url}/new")
    assert "from 1 to 100" in field_error(response.get_data(as_text=True), "pass_percent")
    response = author.submit(url, {"pass_percent": "80", "prompt": "Is it?", "choices": "Yes\nNo\nYes",
                                   "correct": "1"}, action=f"{url}/new")
    assert "listed twice" in field_error(response.get_data(as_text=True), "choices")
    assert author.submit(url, {"pass_percent": "80", "prompt": "Is it?", "choices": "Yes\nNo", "correct": "1"},
                         action=f"{url}/new").status_code == 302
    quiz = db.session.scalar(select(Quiz))
    assert quiz.pass_percent == 80

    author.submit(url, {"prompt": "Pick two", "choices": "A\n\nB\nC\n", "correct": "1,3"}, action=f"{url}/questions")
    first, second = sorted(quiz.live_questions, key=lambda q: q.position)
    assert (second.choices, second.correct) == (["A", "B", "C"], [0, 2])

    # Editing keeps the question's id; the only question cannot be removed, others retire.
    edit = f"/author/courses/{course.slug}/questions/{first.id}"
    assert 'value="1"' in author.page(edit)
    author.submit(edit, {"prompt": "Is it really?"})
    db.session.expire_all()
    assert db.session.get(Question, first.id).prompt == "Is it really?"
    author.submit(url, action=f"/author/courses/{course.slug}/questions/{second.id}/move", where={"direction": "up"})
    db.session.expire_all()
    assert [q.id for q in sorted(quiz.live_questions, key=lambda q: q.position)] == [second.id, first.id]
    author.submit(url, action=f"/author/courses/{course.slug}/questions/{second.id}/retire")
    db.session.expire_all()
    assert db.session.get(Question, second.id).retired_at is not None
    assert f"/questions/{first.id}/retire" not in author.page(url)  # the last one has no Remove button
    response = author.submit(url, action=f"{url}/pass-mark", data={"pass_percent": "60"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Quiz, quiz.id).pass_percent == 60


def test_preview_shows_a_draft_as_learners_would_without_recording(author, client, db):
    course = factories.course(modules=2, lessons_per_module=1, published=False)
    lesson = course.modules[0].lessons[0]
    outline = author.page(f"/author/courses/{course.slug}/preview")
    assert "Preview" in outline and "it is a draft" in outline
    page = author.page(f"/author/courses/{course.slug}/preview/{lesson.slug}")
    assert lesson.body_html in page and "Mark as complete" not in page
    quiz = author.page(f"/author/courses/{course.slug}/preview/quiz/2")
    assert "Module 2 quiz" in quiz and "<form" not in quiz.split('id="main"')[1]
    author.page(f"/author/courses/{course.slug}/preview/quiz/3", status=404)
    author.page(f"/learn/{course.slug}", status=404)  # learners cannot reach a draft
    assert db.session.scalar(select(Course.version).where(Course.id == course.id)) == 1
