"""Browser edits checked by the course-file rules themselves (courses.validation).

Each piece an author edits (a course's header, a module title, a lesson, a quiz, a question) is
wrapped in the smallest valid course file and run through `validate_course`, and the problems
that concern the piece are handed back by field. So a course built in the browser can always
be exported and imported again, and the browser's messages are the CLI's.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.courses.validation import CourseFileError, validate_course

_LESSON = {"slug": "placeholder", "title": "Placeholder", "minutes": 0, "topics": [], "body": ""}
_QUESTION = {"prompt": "Placeholder", "choices": ["A", "B"], "correct": [0]}
_INDEX = re.compile(r"\[(\d+)\]")


def _file_errors(data: dict[str, Any]) -> list[str]:
    try:
        validate_course(data)
    except CourseFileError as error:
        return error.errors
    return []


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", ")")) else ".")


def _pick(data: dict[str, Any], prefix: str, piece: dict[str, Any]) -> dict[str, list[str]]:
    """The problems of `data` under `prefix`, by field ("price.amount", "topics", "choices").

    A problem with one item of a list names the item: "topics": ['"Big Deals": must be …'].
    """
    found: dict[str, list[str]] = {}
    for error in _file_errors(data):
        path, _, message = error.partition(": ")
        if not path.startswith(prefix):
            continue
        rest = path[len(prefix):]
        index = _INDEX.search(rest)
        field = _INDEX.sub("", rest)
        if index is not None and isinstance(piece.get(field), list) and not message.startswith('"'):
            item = piece[field][int(index.group(1))]
            message = f'"{item}": {message}'
        found.setdefault(field, []).append(_sentence(message))
    return found


def course_errors(header: dict[str, Any]) -> dict[str, list[str]]:
    """Problems with slug, title, summary and price (keys "price.amount", "price.currency")."""
    data = {**header, "modules": [{"title": "Placeholder", "lessons": [_LESSON]}]}
    return _pick(data, "", header)


def module_errors(module: dict[str, Any]) -> dict[str, list[str]]:
    """Problems with a module's title."""
    data = {"slug": "x", "title": "x", "summary": "", "modules": [{**module, "lessons": [_LESSON]}]}
    return _pick(data, "modules[0].", module)


def lesson_errors(lesson: dict[str, Any]) -> dict[str, list[str]]:
    """Problems with a lesson: slug, title, minutes, topics, body, media."""
    data = {"slug": "x", "title": "x", "summary": "", "modules": [{"title": "x", "lessons": [lesson]}]}
    return _pick(data, "modules[0].lessons[0].", lesson)


def quiz_errors(quiz: dict[str, Any]) -> dict[str, list[str]]:
    """Problems with a quiz's pass mark."""
    data = {"slug": "x", "title": "x", "summary": "",
            "modules": [{"title": "x", "lessons": [_LESSON], "quiz": {**quiz, "questions": [_QUESTION]}}]}
    return _pick(data, "modules[0].quiz.", quiz)


def question_errors(question: dict[str, Any]) -> dict[str, list[str]]:
    """Problems with a question: prompt, choices, correct (indexes counted from 0)."""
    data = {"slug": "x", "title": "x", "summary": "",
            "modules": [{"title": "x", "lessons": [_LESSON], "quiz": {"pass_percent": 50, "questions": [question]}}]}
    return _pick(data, "modules[0].quiz.questions[0].", question)


def slugify(text: str, max_length: int = 80) -> str:
    """"What Acme does?" → "what-acme-does": lowercase letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


# A list's item in an author's words, numbered from 1; other names are the file's own fields.
_ITEMS = {"modules": _l("module %(number)d"), "lessons": _l("lesson %(number)d"),
          "questions": _l("question %(number)d"), "choices": _l("choice %(number)d"), "topics": _l("topic %(number)d")}


def place(path: str) -> str:
    """A course-file path in an author's words: "modules[1].lessons[0].media" → "Module 2, lesson 1, media"."""
    words = []
    for part in path.split("."):
        match = re.fullmatch(r"(\w+)\[(\d+)\]", part)
        if match:
            name, number = match.group(1), int(match.group(2)) + 1
            words.append(str(_ITEMS[name]) % {"number": number} if name in _ITEMS else f"{name} {number}")
        elif part:
            words.append(_("quiz") if part == "quiz" else part.replace("_", " "))
    return ", ".join(words).capitalize() if words else _("The course")
