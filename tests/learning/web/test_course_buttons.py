"""One button per course, the same wherever it appears: Start, Continue or Review."""
import re

from tests import factories
from tests.learning.web.test_learn import answer, complete, enroll_through_the_site
from tests.pages import parse


def buttons(html: str) -> list[tuple[str, str]]:
    """(text, href) of the page's Start / Continue / Review buttons (screen-reader text included)."""
    return [(" ".join(text.split()), href) for text, href in parse(html).links
            if re.match(r"(Start|Continue|Review)\b", text)]


def everywhere(browser, course) -> dict[str, list[tuple[str, str]]]:
    return {page: buttons(browser.get(url).get_data(as_text=True)) for page, url in (
        ("landing", f"/courses/{course.slug}"), ("outline", f"/learn/{course.slug}"), ("my", "/my"))}


def test_start_then_continue_then_review(browser, login_as, db):
    course = factories.course(modules=2, lessons_per_module=2)
    login_as("learner")
    learn = f"/learn/{course.slug}"
    assert buttons(browser.get(f"/courses/{course.slug}").get_data(as_text=True)) == []  # enroll first
    enroll_through_the_site(browser, course)
    assert everywhere(browser, course) == {
        "landing": [("Start", f"{learn}/lesson-1-1")],
        "outline": [("Start: Lesson 1.1", f"{learn}/lesson-1-1")],
        "my": [(f"Start: {course.title}", f"{learn}/lesson-1-1")],
    }

    complete(browser, course, "lesson-1-1")
    assert everywhere(browser, course) == {
        "landing": [("Continue", f"{learn}/lesson-1-2")],
        "outline": [("Continue: Lesson 1.2", f"{learn}/lesson-1-2")],
        "my": [(f"Continue: {course.title}", f"{learn}/lesson-1-2")],
    }

    complete(browser, course, "lesson-1-2")  # the module's lessons done: its quiz is next to do
    assert everywhere(browser, course) == {
        "landing": [("Continue", f"{learn}/quiz/1")],
        "outline": [("Continue: Module 1 quiz", f"{learn}/quiz/1")],
        "my": [(f"Continue: {course.title}", f"{learn}/quiz/1")],
    }

    answer(browser, f"{learn}/quiz/1", ["B", "X", "Z"])
    complete(browser, course, "lesson-2-1")
    complete(browser, course, "lesson-2-2")
    browser.get(f"{learn}/lesson-1-1")  # reading an old lesson again moves nothing forward
    assert everywhere(browser, course)["outline"] == [("Continue: Module 2 quiz", f"{learn}/quiz/2")]
    answer(browser, f"{learn}/quiz/2", ["B", "X", "Z"])
    assert everywhere(browser, course) == {
        "landing": [("Review", learn)],
        "outline": [("Review: Lesson 1.1", f"{learn}/lesson-1-1")],  # on the outline: from the start
        "my": [(f"Review: {course.title}", learn)],
    }


def test_opening_a_lesson_is_beginning(browser, login_as, db):
    course = factories.course(modules=1, lessons_per_module=3)
    login_as("learner")
    enroll_through_the_site(browser, course)
    browser.get(f"/learn/{course.slug}/lesson-1-2")
    assert everywhere(browser, course)["landing"] == [("Continue", f"/learn/{course.slug}/lesson-1-2")]


def test_a_lesson_added_after_finishing_is_there_to_continue(browser, login_as, db):
    from app.courses.models import Lesson

    course = factories.course(modules=1, lessons_per_module=1, quiz=False)
    login_as("learner")
    enroll_through_the_site(browser, course)
    complete(browser, course, "lesson-1-1")
    assert everywhere(browser, course)["my"] == [(f"Review: {course.title}", f"/learn/{course.slug}")]
    db.session.add(Lesson(course=course, module=course.modules[0], position=2, slug="new-lesson", title="New",
                          minutes=3, body="New", body_html="<p>New</p>"))
    course.version += 1  # as every author's save does
    db.session.commit()
    assert everywhere(browser, course)["my"] == [(f"Continue: {course.title}", f"/learn/{course.slug}/new-lesson")]
    assert everywhere(browser, course)["outline"] == [("Continue: New", f"/learn/{course.slug}/new-lesson")]


def test_each_course_on_my_learning_has_its_own_button(browser, login_as, db):
    fresh, started = factories.course(), factories.course()
    login_as("learner")
    enroll_through_the_site(browser, fresh)
    enroll_through_the_site(browser, started)
    complete(browser, started, "lesson-1-1")
    html = browser.get("/my").get_data(as_text=True)
    assert sorted(buttons(html)) == sorted([(f"Start: {fresh.title}", f"/learn/{fresh.slug}/lesson-1-1"),
                                            (f"Continue: {started.title}", f"/learn/{started.slug}/lesson-1-2")])
    assert '<span class="visually-hidden">: ' + fresh.title in html  # the course is named to screen readers only
