"""Course files: parsing, dumping, and the exact round trip through the database."""
import json

import pytest

from app.demo.courses import DEMO_DIR, DEMO_FILES
from app.courses.files import (
    CourseFileError,
    course_format,
    dump_json,
    dump_yaml,
    export_course,
    import_course,
    parse_course,
)


def in_order(data) -> str:
    """A comparison that also sees key order (dict equality does not)."""
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("name", DEMO_FILES)
def test_a_yaml_file_round_trips_exactly(app, db, name):
    text = (DEMO_DIR / name).read_text(encoding="utf-8")
    course, created = import_course(text, fmt="yaml")
    db.session.commit()
    db.session.expire_all()  # export what the database holds, not what the session remembers

    exported = export_course(course)
    assert created
    assert in_order(exported) == in_order(parse_course(text))
    assert dump_yaml(exported) == text  # the shipped files are in the exporter's own style


@pytest.mark.parametrize("name", DEMO_FILES)
def test_a_json_file_round_trips_exactly(app, db, name):
    text = dump_json(parse_course((DEMO_DIR / name).read_text(encoding="utf-8")))
    course, _ = import_course(text, fmt="json")
    db.session.commit()
    db.session.expire_all()
    assert dump_json(export_course(course)) == text


def test_topics_keep_the_files_order_not_the_alphabet(app, db, sample):
    sample["modules"][0]["lessons"][0]["topics"] = ["security", "pricing", "admin"]
    course, _ = import_course(sample)
    db.session.commit()
    db.session.expire_all()
    assert export_course(course)["modules"][0]["lessons"][0]["topics"] == ["security", "pricing", "admin"]


def test_a_free_course_exports_no_price_and_a_lesson_without_media_no_media(app, db, sample):
    course, _ = import_course(sample)
    exported = export_course(course)
    assert "price" not in exported and "media" not in exported["modules"][0]["lessons"][0]
    assert exported["modules"][1]["lessons"][0]["media"] == "https://youtu.be/AcmeTour101"
    assert "quiz" not in exported["modules"][1]


def test_a_course_image_round_trips_after_the_summary(app, db, sample):
    data = {"slug": sample["slug"], "title": sample["title"], "summary": sample["summary"],
            "image": "https://cdn.example.com/course.png", "price": {"amount": 4900, "currency": "usd"},
            "modules": sample["modules"]}
    text = dump_yaml(data)
    assert "image: https://cdn.example.com/course.png\nprice:" in text
    course, _ = import_course(text, fmt="yaml")
    db.session.commit()
    db.session.expire_all()
    assert course.image_url == "https://cdn.example.com/course.png"
    assert in_order(export_course(course)) == in_order(data) and dump_yaml(export_course(course)) == text

    del data["image"]  # importing the file without it takes the image away
    course, _ = import_course(dump_json(data), fmt="json")
    db.session.commit()
    db.session.expire_all()
    assert course.image_url is None and "image" not in export_course(course)


@pytest.mark.parametrize("path, expected", [
    ("course.yaml", "yaml"), ("COURSE.YML", "yaml"), ("course.json", "json"), ("course.txt", None), ("-", None),
])
def test_the_file_name_can_announce_the_format(path, expected):
    assert course_format(path) == expected


def test_yes_and_no_stay_text_as_people_mean_them():
    data = parse_course("choices: [Yes, No, on, off]\nflag: true\n")
    assert data == {"choices": ["Yes", "No", "on", "off"], "flag": True}
    assert parse_course(dump_yaml(data)) == data


def test_without_a_format_the_content_decides():
    assert parse_course('  {"slug": "a"}') == {"slug": "a"}
    assert parse_course("slug: a\n") == {"slug": "a"}


@pytest.mark.parametrize("text, fmt, expected", [
    ("slug: a\ntitle: [unclosed\n", "yaml", "(not valid YAML)"),
    ("slug: a\n  title: b\n", "yaml", "line 2, column 8: mapping values are not allowed"),
    ("slug: a\ntitle: b\nslug: c\n", "yaml", 'line 3, column 1: key "slug" appears twice in this mapping'),
    ('{"slug": "a",}', "json", "line 1, column 14: "),
    ('{"slug": "a", "slug": "b"}', "json", 'key "slug" appears twice in one object'),
    ("!!python/object/apply:os.system ['true']", "yaml", "tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
    ("a: &x [1, 2]\nb: [*x, *x]\n", "yaml", "line 1, column 4: anchors (&name) and aliases (*name) are not allowed"),
    ("slug: " + "[" * 50_000 + "]" * 50_000, "yaml", "nest"),
    ("[" * 50_000 + "]" * 50_000, "json", "nested more than 20 levels deep"),
    ("price: {amount: " + "9" * 5000 + "}\n", "yaml", "is too long (at most 18 digits)"),
    ('{"price": {"amount": ' + "9" * 5000 + "}}", "json", "is too long (at most 18 digits)"),
    ("? [a, b]\n: 1\n", "yaml", "a key must be text"),
    ('{"title": "a\\u0000b"}', "json", "NUL"),
])
def test_unreadable_or_harmful_text_is_refused_with_a_short_message(text, fmt, expected):
    with pytest.raises(CourseFileError) as caught:
        parse_course(text, fmt)
    assert len(caught.value.errors) == 1 and expected in caught.value.errors[0]
    assert len(caught.value.errors[0]) < 200


def test_yaml_output_is_for_people():
    text = dump_yaml({"title": "T", "price": {"amount": 4900, "currency": "usd"},
                      "items": [{"body": "Line one\nLine two\n", "topics": ["a", "b"]}, {"body": "x", "topics": ["a", "b"]}]})
    assert text == (
        "title: T\n"
        "price: {amount: 4900, currency: usd}\n"
        "items:\n"
        "  - body: |\n"
        "      Line one\n"
        "      Line two\n"
        "    topics: [a, b]\n"
        "  - body: x\n"
        "    topics: [a, b]\n"
    )


@pytest.mark.parametrize("value", [
    "trailing spaces   \nnext line\n",
    "  leading spaces and a long line that would otherwise be folded by the dumper at its width limit",
    "a long line with  two spaces inside, which a folded block could not keep, as the dumper knows well",
    "tab\tinside\n",
    "no final newline\nsecond",
    "\nstarts with a newline",
    "ends with blank lines\n\n\n",
    "odd line breaks\x85\u2028\u2029\rhere",
    "yes", "null", "0x1F", "- dash", "# hash", "key: value", "'quoted'", '"double"',
    "Ünïcödé ✓ 東京 😀",
])
def test_yaml_keeps_any_text_exactly(value):
    data = {"body": value, "choices": [value, "other"]}
    assert parse_course(dump_yaml(data)) == data


def test_explanations_and_lesson_links_round_trip_exactly(app, db, sample):
    """A question's explanation (Markdown) and the lesson that teaches it, even one in a later
    module, come back as they went in, in YAML and in JSON."""
    questions = sample["modules"][0]["quiz"]["questions"]
    questions[0].update(explanation="B is right:\n\n- it is **second**\n- <script>alert(1)</script> is text\n",
                        lesson="third")
    questions[1]["explanation"] = "  Two right answers, one line.  "
    for dump, fmt in ((dump_yaml, "yaml"), (dump_json, "json")):
        text = dump(sample)
        course, _ = import_course(text, fmt=fmt)
        db.session.commit()
        db.session.expire_all()
        exported = export_course(course)
        assert in_order(exported) == in_order(sample)
        assert dump(exported) == text
    first, second = sorted(course.modules[0].quiz.questions, key=lambda q: q.position)
    assert first.lesson.slug == "third" and second.lesson is None  # the module's first lesson, when shown
    assert "<strong>second</strong>" in first.explanation_html and "<script>" not in first.explanation_html
    assert "&lt;script&gt;" in first.explanation_html  # raw HTML is shown as text, never run


def test_a_question_without_explanation_or_lesson_exports_neither(app, db, sample):
    sample["modules"][0]["quiz"]["questions"][0].update(explanation="Why", lesson="second")
    course, _ = import_course(sample)
    db.session.commit()
    del sample["modules"][0]["quiz"]["questions"][0]["explanation"]
    del sample["modules"][0]["quiz"]["questions"][0]["lesson"]
    course, _ = import_course(sample)  # the same course again, updated in place
    db.session.commit()
    db.session.expire_all()
    question = export_course(course)["modules"][0]["quiz"]["questions"][0]
    assert list(question) == ["prompt", "choices", "correct"]
    row = min(course.modules[0].quiz.questions, key=lambda q: q.position)
    assert (row.explanation, row.explanation_html, row.lesson_id) == ("", "", None)
