import pytest

from app.core import yamlio


def test_only_true_and_false_are_booleans():
    data = yamlio.load("on: lesson_completed\nchoices: [Yes, No, NO, off, y]\nflags: [true, False]\n")
    assert data == {"on": "lesson_completed", "choices": ["Yes", "No", "NO", "off", "y"], "flags": [True, False]}


def test_dump_keeps_order_and_writes_multiline_text_as_blocks():
    data = {"slug": "a", "on": "quiz_passed", "body": "# Title\n\nText with ünïcode.\n"}
    text = yamlio.dump(data)
    assert text.index("slug") < text.index("on:") < text.index("body")
    assert "body: |" in text and "ünïcode" in text
    assert yamlio.load(text) == data


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(6))


@pytest.mark.parametrize("fmt, text, expected", [
    ("yaml", LAUGHS, "anchors (&name) and aliases (*name) are not allowed"),
    ("yaml", "a: [1, 2]\nb: *x\n", "not allowed"),
    ("yaml", "[" * 50_000 + "]" * 50_000, "nest"),
    ("yaml", "a:" + " [" * 21 + "]" * 21, "nested more than 20 levels deep"),
    ("yaml", "n: " + "9" * 5000, "is too long (at most 18 digits)"),
    ("yaml", "n: 1234567890123456789", "is too long"),
    ("yaml", "n: .nan", "not-a-number"),
    ("yaml", "n: -.inf", "infinite"),
    ("yaml", "n: 1.0e+400", "infinite"),
    ("yaml", "? [a, b]\n: 1\n", "a key must be text"),
    ("yaml", "1: one\n", "a key must be text"),
    ("yaml", "a: 1\na: 2\n", 'key "a" appears twice'),
    ("yaml", 'a: "x\\0y"\n', "NUL"),
    ("yaml", "a: !!binary aGVsbG8=\n", "is not allowed"),
    ("yaml", "a: 1\n---\nb: 2\n", "only one document"),
    ("json", "[" * 50_000 + "]" * 50_000, "nested more than 20 levels deep"),
    ("json", '{"a":' * 21 + "1" + "}" * 21, "nested more than 20 levels deep"),
    ("json", '{"n": ' + "9" * 5000 + "}", "is too long (at most 18 digits)"),
    ("json", '{"n": NaN}', "NaN is not allowed"),
    ("json", '{"n": -Infinity}', "-Infinity is not allowed"),
    ("json", '{"n": 1e400}', "too large"),
    ("json", '{"a": 1, "a": 2}', 'key "a" appears twice'),
    ("json", '{"a": ["x\\u0000y"]}', "NUL"),
    ("json", '{"a": [1, }', "not valid JSON"),
])
def test_text_that_could_hurt_is_refused_with_a_short_message(fmt, text, expected):
    with pytest.raises(yamlio.LoadError) as caught:
        yamlio.load(text, fmt)
    assert expected in str(caught.value) and len(str(caught.value)) < 200


def test_brackets_inside_json_text_are_not_nesting():
    assert yamlio.load('{"a": "' + "[" * 100 + '", "b": [[1]]}') == {"a": "[" * 100, "b": [[1]]}


def test_dates_stay_text_and_twenty_levels_are_fine():
    assert yamlio.load("d: 2024-01-31\nt: 12:30\n") == {"d": "2024-01-31", "t": 750}
    assert yamlio.load("a:" + " [" * 19 + "]" * 19) == {"a": eval("[" * 19 + "]" * 19)}


def test_too_long_text_is_refused_before_it_is_read():
    with pytest.raises(yamlio.LoadError, match="longer than 1,000 characters"):
        yamlio.load("a: " + "x" * 1000, max_chars=1000)


def test_a_long_value_is_quoted_only_in_part():
    with pytest.raises(yamlio.LoadError) as caught:
        yamlio.load("? [" + "x" * 10_000 + "]\n: 1\n")
    assert len(str(caught.value)) < 200
