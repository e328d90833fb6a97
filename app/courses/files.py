"""Course files in and out: YAML or JSON text <-> course rows, round-trip exact.

The format is the contract in DESIGN.md ("Course files"), plus an optional `media` URL per
lesson, an optional `image` per course (an https URL, the catalog card's picture), and per
question an optional `explanation` (Markdown, shown with a learner's results) and `lesson` (the
slug of the lesson that teaches it; without one, its module's first lesson).
`export_course(import_course(file))` gives back the file's data: same keys, same order of
modules, lessons, questions and topics. Retired lessons and questions are not exported, nor a
question's link to a retired lesson (it falls back to the module's first).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml

from app.core import yamlio
from app.courses.importer import write_course
from app.courses.models import Course
from app.courses.validation import CourseFileError, validate_course

__all__ = [
    "CourseFileError", "course_format", "dump_course", "dump_json", "dump_yaml", "export_course",
    "import_course", "parse_course",
]

Format = Literal["yaml", "json"]


def course_format(path: str | Path) -> Format | None:
    """The format a file name announces (.yaml/.yml or .json); None lets the content decide."""
    suffix = Path(path).suffix.lower()
    return "json" if suffix == ".json" else "yaml" if suffix in (".yaml", ".yml") else None


# --- reading --------------------------------------------------------------------------------

def parse_course(text: str, fmt: Format | None = None) -> Any:
    """Parse course-file text (JSON if `fmt` says so or it starts with "{", else YAML).

    Read with Primer's safe loader (app.core.yamlio): plain data only, no aliases, keys given once.
    """
    try:
        return yamlio.load(text, fmt)
    except yamlio.LoadError as error:
        raise CourseFileError([str(error)]) from None


# --- writing --------------------------------------------------------------------------------

class _ReadableDumper(yamlio.Dumper):
    """Block style a person can edit: lists indented under their key, no anchors or aliases."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True


_ODD_BREAKS = set("\r\x85\u2028\u2029\ufeff")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text (lesson bodies) as a `|` literal block, a long line (a summary) as a `>`
    # folded one. PyYAML falls back to a quoted string by itself when a block could not hold
    # the text exactly (trailing spaces, control characters).
    if _ODD_BREAKS.intersection(value):
        style = '"'  # the only style in which PyYAML escapes these line breaks, so they survive
    elif "\n" in value:
        style = "|"
    else:  # PyYAML folds and unfolds these exactly
        style = ">" if len(value) > 80 and value == value.strip() and "  " not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _fits_one_line(values: Any) -> bool:
    """Plain single-line values, short together: worth writing as [a, b] or {k: v}."""
    values = list(values)
    return all(isinstance(v, (int, str)) and "\n" not in str(v) for v in values) \
        and sum(len(str(v)) + 2 for v in values) <= 72


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    # Short lists of plain values (topics, correct, most choices) read best on one line.
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_fits_one_line(value))


def _represent_dict(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    # Keys stay in the format's order; a small mapping of plain values (price) stays on one line.
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(),
                                    flow_style=_fits_one_line(value.values()))


_ReadableDumper.add_representer(str, _represent_str)
_ReadableDumper.add_representer(list, _represent_list)
_ReadableDumper.add_representer(dict, _represent_dict)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """YAML text for a course file: block style, `|` bodies, keys in the format's order."""
    return yaml.dump(data, Dumper=_ReadableDumper, sort_keys=False, allow_unicode=True, width=88)


def dump_json(data: Mapping[str, Any]) -> str:
    """JSON text for a course file, indented, Unicode kept as is."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def dump_course(data: Mapping[str, Any], fmt: Format = "yaml") -> str:
    return dump_json(data) if fmt == "json" else dump_yaml(data)


# --- import and export ----------------------------------------------------------------------

def import_course(source: Mapping[str, Any] | str, *, draft: bool = False,
                  fmt: Format | None = None) -> tuple[Course, bool]:
    """Create or update a course from a course file (text or parsed data); returns (course, created).

    Everything is checked before anything is written, so a bad file raises CourseFileError
    (with every problem) and leaves the database as it was. Published unless `draft`.
    Flushes only: the caller commits.
    """
    data = parse_course(source, fmt) if isinstance(source, str) else source
    validate_course(data)
    return write_course(data, draft=draft)


def export_course(course: Course) -> dict[str, Any]:
    """The course as course-file data (live modules, lessons and questions, in their order)."""
    data: dict[str, Any] = {"slug": course.slug, "title": course.title, "summary": course.summary}
    if course.image_url:
        data["image"] = course.image_url
    if course.price_amount:
        data["price"] = {"amount": course.price_amount, "currency": course.price_currency}
    data["modules"] = [_export_module(module) for module in _ordered(course.live_modules)]
    return data


def _ordered(rows: list) -> list:
    # Sorted here rather than trusting the relationship order: collections changed earlier in
    # the same session (an import, then an export) are not re-sorted by the ORM.
    return sorted(rows, key=lambda row: row.position)


def _export_module(module) -> dict[str, Any]:
    data: dict[str, Any] = {"title": module.title, "lessons": [_export_lesson(l) for l in _ordered(module.live_lessons)]}
    quiz = module.quiz
    if quiz is not None and quiz.retired_at is None:
        data["quiz"] = {
            "pass_percent": quiz.pass_percent,
            "questions": [_export_question(q) for q in _ordered(quiz.live_questions)],
        }
    return data


def _export_question(question) -> dict[str, Any]:
    data = {"prompt": question.prompt, "choices": list(question.choices), "correct": list(question.correct)}
    if question.explanation:
        data["explanation"] = question.explanation
    lesson = question.lesson
    if lesson is not None and lesson.retired_at is None:  # a retired lesson's link falls back to the default
        data["lesson"] = lesson.slug
    return data


def _export_lesson(lesson) -> dict[str, Any]:
    data = {"slug": lesson.slug, "title": lesson.title, "minutes": lesson.minutes,
            "topics": lesson.topic_names, "body": lesson.body}
    if lesson.media_url:
        data["media"] = lesson.media_url
    return data
