"""The course editor's one-button forms on its rows: move a module, lesson or question up or down,
retire a module, lesson, quiz or question. Each posts the course version its page was loaded
with (and, to move, `direction`: up or down), and goes back to the page it came from."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.authoring import quizzes, structure
from app.authoring.web import bp
from app.authoring.web.forms import VersionForm
from app.authoring.web.helpers import (
    button_action,
    course_or_404,
    lesson_of,
    module_of,
    question_of,
    quiz_of,
    step_from_form,
)


@dataclass(frozen=True)
class Row:
    """A kind of row with buttons: its views are move_<kind> and retire_<kind>, its anchor on the
    page <kind>-<id>."""

    kind: str
    rule: str  # the row's URL below /courses/<slug>; /move and /retire follow it
    row_of: Callable[[Any, int], Any]  # the live row of this course named in the URL, or 404
    move: Callable[..., Any] | None  # the domain functions: (course, version, row, step) and
    retire: Callable[..., Any]  # (course, version, row)


def _quiz_of_module(course, module_id: int):
    return quiz_of(module_of(course, module_id))


ROWS = [
    Row("module", "/modules/<int:module_id>", module_of, structure.move_module, structure.retire_module),
    Row("lesson", "/lessons/<int:lesson_id>", lesson_of, structure.move_lesson, structure.retire_lesson),
    Row("quiz", "/modules/<int:module_id>/quiz", _quiz_of_module, None, quizzes.retire_quiz),
    Row("question", "/questions/<int:question_id>", question_of, quizzes.move_question, quizzes.retire_question),
]
RETIRED: dict[str, Callable[[Any], str]] = {  # what is flashed once a row is retired, given the row
    "module": lambda row: _("Retired the module “%(title)s”; learners' progress in it is kept.", title=row.title),
    "lesson": lambda row: _("Retired the lesson “%(title)s”; learners who completed it keep it.", title=row.title),
    "quiz": lambda row: _("Removed the quiz; earlier attempts are kept."),
    "question": lambda row: _("Removed the question; earlier answers to it are kept."),
}


def _add_view(row: Row, verb: str) -> None:
    """POST /courses/<slug><row.rule>/<verb> (move or retire), endpoint authoring.<verb>_<kind>."""

    def view(slug: str, **row_id: int):
        course = course_or_404(slug)
        found = row.row_of(course, *row_id.values())
        version = VersionForm().version.data
        if verb == "move":
            return button_action(course, row.move, course, version, found, step_from_form(),
                                 anchor=f"{row.kind}-{found.id}")
        return button_action(course, row.retire, course, version, found, done=RETIRED[row.kind](found))

    view.__name__ = f"{verb}_{row.kind}"
    bp.add_url_rule(f"/courses/<slug>{row.rule}/{verb}", view.__name__, view, methods=["POST"])


for _row in ROWS:
    if _row.move is not None:
        _add_view(_row, "move")
    _add_view(_row, "retire")
