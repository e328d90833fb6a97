"""An author explains a question and names the lesson that teaches it, in the quiz editor."""
import html as html_lib
import re

from sqlalchemy import select

from app.courses.files import parse_course
from app.courses.models import Question
from tests import factories
from tests.authoring.web.test_safe_edits import field_error
from tests.pages import parse


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, text, selected) of the select `name`'s options, in order."""
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(re.search(r'value="([^"]*)"', attrs).group(1), html_lib.unescape(text), " selected" in attrs)
            for attrs, text in re.findall(r"<option([^>]*)>([^<]*)</option>", select_html)]


def questions(db, quiz) -> list[Question]:
    db.session.expire_all()
    return list(db.session.scalars(select(Question).where(Question.quiz_id == quiz.id, Question.retired_at.is_(None))
                                   .order_by(Question.position)))


def test_an_explained_question_with_its_lesson_is_added_edited_and_exported(author, db):
    course = factories.course(modules=2, lessons_per_module=2)
    module, quiz = course.modules[0], course.modules[0].quiz
    later = course.modules[1].lessons[0]
    url = f"/author/courses/{course.slug}/modules/{module.id}/quiz"
    page = author.page(url)
    assert [(text, selected) for _, text, selected in options(page, "lesson")] == [
        ("The module's first lesson", False), ("Lesson 1.1 (module 1)", False), ("Lesson 1.2 (module 1)", False),
        ("Lesson 2.1 (module 2)", False), ("Lesson 2.2 (module 2)", False)]
    assert next(c for c in parse(page).controls if c.name == "explanation").label == "Explanation (optional, Markdown)"

    response = author.submit(url, {"prompt": "Which ends?", "choices": "X\nY\nZ", "correct": "1, 3",
                                   "explanation": "X and Z are **the ends**.\r\n\r\n<b>Raw</b> HTML stays text.\r\n",
                                   "lesson": str(later.id)}, action=f"{url}/questions")
    assert response.status_code == 302
    added = questions(db, quiz)[-1]
    assert added.explanation == "X and Z are **the ends**.\n\n<b>Raw</b> HTML stays text."
    assert "<strong>the ends</strong>" in added.explanation_html and "&lt;b&gt;Raw&lt;/b&gt;" in added.explanation_html
    assert added.lesson_id == later.id
    page = author.page(url)
    assert "<strong>the ends</strong>" in page and "Results link to: Lesson 2.1 (module 2)" in page
    assert "Results link to: the module&#39;s first lesson" in page  # the factory's questions name none

    edit = f"/author/courses/{course.slug}/questions/{added.id}"
    form = author.page(edit)
    assert [value for value, _, selected in options(form, "lesson") if selected] == [str(later.id)]
    assert "X and Z are **the ends**." in form

    exported = parse_course(author.page(f"/author/courses/{course.slug}/export.yaml"), "yaml")
    assert exported["modules"][0]["quiz"]["questions"][-1] == {
        "prompt": "Which ends?", "choices": ["X", "Y", "Z"], "correct": [0, 2],
        "explanation": "X and Z are **the ends**.\n\n<b>Raw</b> HTML stays text.", "lesson": "lesson-2-1"}

    assert author.submit(edit, {"explanation": "", "lesson": ""}).status_code == 302  # back to the defaults
    cleared = questions(db, quiz)[-1]
    assert (cleared.id, cleared.explanation, cleared.explanation_html, cleared.lesson_id) == (added.id, "", "", None)
    assert list(parse_course(author.page(f"/author/courses/{course.slug}/export.yaml"), "yaml")
                ["modules"][0]["quiz"]["questions"][-1]) == ["prompt", "choices", "correct"]


def test_a_bad_explanation_or_lesson_is_refused_and_changes_nothing(author, db):
    course, other = factories.course(), factories.course()
    quiz = course.modules[0].quiz
    first = quiz.questions[0]
    edit = f"/author/courses/{course.slug}/questions/{first.id}"
    for data, field, message in (
        ({"explanation": "Why. " * 1001}, "explanation", "Must be at most 5000 characters."),
        ({"lesson": str(other.modules[0].lessons[0].id)}, "lesson", "Choose one of this course&#39;s lessons"),
        ({"lesson": "99999999"}, "lesson", "Choose one of this course&#39;s lessons"),
        ({"lesson": "lesson-1-1"}, "lesson", "Choose one of the lessons listed."),
        ({"lesson": str(2**63)}, "lesson", "Choose one of the lessons listed."),  # past any id: not asked
    ):
        response = author.submit(edit, data)
        assert response.status_code == 422, data
        assert message in field_error(response.get_data(as_text=True), field), data
        row = questions(db, quiz)[0]
        assert (row.explanation, row.lesson_id, row.prompt) == ("", None, "Which is right?")


def test_a_new_quiz_starts_with_an_explained_question(author, db):
    course = factories.course(modules=1, lessons_per_module=2, quiz=False, published=False)
    module = course.modules[0]
    second = module.lessons[1]
    url = f"/author/courses/{course.slug}/modules/{module.id}/quiz"
    response = author.submit(url, {"pass_percent": "80", "prompt": "Is it?", "choices": "Yes\nNo", "correct": "1",
                                   "explanation": "It *is*.", "lesson": str(second.id)}, action=f"{url}/new")
    assert response.status_code == 302
    db.session.expire_all()
    question = db.session.scalar(select(Question))
    assert (question.explanation_html, question.lesson_id) == ("<p>It <em>is</em>.</p>\n", second.id)


def test_retiring_the_named_lesson_falls_back_to_the_module_s_first(author, db):
    """A published course stays importable: its export no longer names the retired lesson."""
    course = factories.course(modules=2, lessons_per_module=2)
    later = course.modules[1].lessons[1]
    first = course.modules[0].quiz.questions[0]
    first.lesson = later
    db.session.commit()
    page = f"/author/courses/{course.slug}"
    assert author.submit(page, action=f"{page}/lessons/{later.id}/retire").status_code == 302
    db.session.expire_all()
    assert db.session.get(type(later), later.id).retired_at is not None
    exported = parse_course(author.page(f"{page}/export.yaml"), "yaml")
    assert "lesson" not in exported["modules"][0]["quiz"]["questions"][0]
