"""Any text given as a course file is either imported or refused with CourseFileError: never a crash."""
from __future__ import annotations

import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from app.courses.files import CourseFileError, parse_course
from app.courses.validation import validate_course
from tests.courses.conftest import sample_course

# Text with everything a file may hold: control characters, NUL, bidirectional controls.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["", " ", "\x00", "\u202e", "a-b", "Yes", "on", "null", "1e30", ".nan", "*a", "&a x", "? [a]", "- - -"])
NUMBERS = (st.integers(-(2**70), 2**70) | st.floats(allow_nan=True, allow_infinity=True) | st.booleans()
           | st.sampled_from([2**63, -1, 0, 4900, 10**18, 10**30]))
VALUES = st.recursive(st.none() | NUMBERS | TEXT,
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                      max_leaves=20)
# Pieces of YAML and JSON that once crashed a parser, to be combined with anything.
PIECES = st.lists(st.sampled_from([
    "? [a, b]\n: 1\n", "[" * 60, "]" * 60, "{" * 30, "a: &x [1]\nb: *x\n", "n: " + "9" * 5000 + "\n",
    '{"n": ' + "9" * 5000 + "}", "x: .nan\n", '{"x": NaN}', 'x: "\\0"\n', '{"a": 1, "a": 1}', "a: 1\na: 2\n",
    "slug: a\n", "modules:\n  - title: x\n", "- ", ": ", "\n", "  ",
]) | st.text(max_size=5), max_size=8).map("".join)
FIELDS = ["slug", "title", "summary", "image", "price", "modules", "amount", "currency", "lessons", "quiz", "minutes",
          "topics", "body", "media", "pass_percent", "questions", "prompt", "choices", "correct", "explanation", "lesson"]


@st.composite
def course_like(draw) -> object:
    """The sample course with a few fields, anywhere in it, replaced by anything."""
    data = sample_course()
    for _ in range(draw(st.integers(1, 4))):
        target = data
        path = draw(st.lists(st.sampled_from([0, 1, "modules", "lessons", "quiz", "questions", "price"]), max_size=4))
        for step in path:
            nxt = target[step] if isinstance(target, list) and isinstance(step, int) and step < len(target) \
                else target.get(step) if isinstance(target, dict) and isinstance(step, str) else None
            if not isinstance(nxt, (dict, list)):
                break
            target = nxt
        if isinstance(target, dict):
            target[draw(st.sampled_from(FIELDS))] = draw(VALUES)
    return data


def dumped(data, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, allow_nan=True)
    try:
        return yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return str(data)


def check(text: str, fmt: str | None) -> None:
    try:
        validate_course(parse_course(text, fmt))
    except CourseFileError as error:
        assert error.errors and all(isinstance(e, str) for e in error.errors)


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=300) | PIECES, fmt=st.sampled_from([None, "yaml", "json"]))
def test_any_text_is_parsed_or_refused(text, fmt):
    check(text, fmt)


@settings(max_examples=60, deadline=None)
@given(data=course_like() | VALUES, fmt=st.sampled_from(["yaml", "json"]))
def test_any_course_shaped_data_is_parsed_and_checked_or_refused(data, fmt):
    check(dumped(data, fmt), fmt)
    try:
        validate_course(data)  # what the loader gives, and more (any key, any number)
    except CourseFileError:
        pass
