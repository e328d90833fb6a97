"""The demo courses are real content: they must exercise what the catalog, learning and scoring use."""
import pytest

from app.courses.files import parse_course
from app.core.markdown import media_embed
from app.courses.validation import validate_course
from app.demo.courses import DEMO_DIR, DEMO_FILES


def demo(name: str) -> dict:
    return parse_course((DEMO_DIR / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", DEMO_FILES)
def test_each_demo_file_is_valid_and_named_after_its_slug(name):
    data = demo(name)
    validate_course(data)
    assert name == f"{data['slug']}.yaml"


def test_the_fundamentals_course_covers_the_signals_sales_cares_about():
    data = demo("acme-analytics-101.yaml")
    lessons = [lesson for module in data["modules"] for lesson in module["lessons"]]
    topics = {topic for lesson in lessons for topic in lesson["topics"]}
    assert "price" not in data and len(lessons) == 6 and 2 <= len(data["modules"]) <= 3
    assert {"pricing", "security", "integrations", "overview", "dashboards"} <= topics
    assert [media_embed(lesson["media"]).kind for lesson in lessons if "media" in lesson] == ["youtube"]
    for module in data["modules"]:
        answers = [len(q["correct"]) for q in module["quiz"]["questions"]]
        assert 1 in answers and any(n > 1 for n in answers), module["title"]


def test_the_administrator_course_is_paid():
    data = demo("acme-certified-administrator.yaml")
    assert data["price"] == {"amount": 4900, "currency": "usd"}
    assert 1 <= len(data["modules"]) <= 2


@pytest.mark.parametrize("name", DEMO_FILES)
def test_every_demo_question_explains_its_answer(name):
    data = demo(name)
    questions = [q for module in data["modules"] if "quiz" in module for q in module["quiz"]["questions"]]
    assert questions and all(len(q.get("explanation", "")) >= 80 for q in questions)
    slugs = {lesson["slug"] for module in data["modules"] for lesson in module["lessons"]}
    linked = [q["lesson"] for q in questions if "lesson" in q]
    assert linked and set(linked) <= slugs  # some name the lesson that teaches them, others use the default
