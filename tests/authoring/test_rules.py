"""Browser edits are judged by the course-file rules, field by field."""
import pytest

from app.authoring import rules


def test_lesson_problems_by_field():
    errors = rules.lesson_errors({"slug": "ok", "title": "", "minutes": 601, "topics": ["fine", "Not Fine"],
                                  "body": "", "media": "https://example.com/page"})
    assert errors == {
        "title": ["Must not be empty."],
        "minutes": ["Must be a whole number of minutes from 0 to 600."],
        "topics": ['"Not Fine": must be lowercase letters, digits and hyphens.'],
        "media": [("Must be a YouTube or Vimeo page, or an http(s) link to a .mp4, .webm, .ogg, .mp3, .m4a or "
                   ".wav file.")],
    }


def test_a_sound_lesson_has_no_problems():
    assert rules.lesson_errors({"slug": "a", "title": "A", "minutes": 0, "topics": [], "body": "",
                                "media": "https://youtu.be/AcmeTour101"}) == {}


def test_course_question_quiz_and_module_problems():
    assert set(rules.course_errors({"slug": "Bad Slug", "title": "T", "summary": "",
                                    "price": {"amount": 0, "currency": "USD"}})) == {"slug", "price.amount",
                                                                                    "price.currency"}
    assert rules.question_errors({"prompt": "Q", "choices": ["A", "A"], "correct": [0]}) == {
        "choices": ['"A" is listed twice.']}
    assert rules.quiz_errors({"pass_percent": 101}) == {"pass_percent": ["Must be a whole number from 1 to 100."]}
    assert rules.module_errors({"title": "x" * 201}) == {"title": ["Must be at most 200 characters."]}


@pytest.mark.parametrize("text,slug", [("What Acme does?", "what-acme-does"), ("  Über  Café ", "uber-cafe"),
                                       ("日本語", ""), ("a" * 100, "a" * 80)])
def test_slugify(text, slug):
    assert rules.slugify(text) == slug


def test_place_words_a_path():
    assert rules.place("modules[1].lessons[0].media") == "Module 2, lesson 1, media"
    assert rules.place("modules[0].quiz.questions") == "Module 1, quiz, questions"
    assert rules.place("") == "The course"


def test_a_czech_author_reads_places_and_problems_in_czech(app):
    with app.test_request_context(headers={"Accept-Language": "cs"}):
        assert rules.place("modules[1].lessons[0].media") == "Modul 2, lekce 1, media"
        assert rules.place("modules[0].quiz.questions[2].choices[1]") == "Modul 1, kvíz, otázka 3, možnost 2"
        assert rules.place("") == "Kurz"
        errors = rules.lesson_errors({"slug": "ok", "title": "", "minutes": 5, "topics": ["fine", "Not Fine"],
                                      "body": ""})
    assert errors == {"title": ["Nesmí být prázdné."],
                      "topics": ['"Not Fine": musí se skládat jen z malých písmen, číslic a spojovníků.']}
