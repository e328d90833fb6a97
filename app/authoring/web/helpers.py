"""What the author views share: finding rows of the course in the URL, and running one save."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, redirect, request, url_for
from wtforms import Form

from app.authoring import lookup
from app.authoring.errors import Invalid, StaleCourse
from app.core.security import safe_next
from app.core.uow import unit_of_work

DIRECTIONS = {"up": -1, "down": 1}


def course_or_404(slug: str):
    return lookup.course(slug) or abort(404)


def module_of(course, module_id: int):
    return lookup.module_in(course, module_id) or abort(404)


def lesson_of(course, lesson_id: int):
    return lookup.lesson_in(course, lesson_id) or abort(404)


def quiz_of(module):
    return lookup.quiz_of(module) or abort(404)


def question_of(course, question_id: int):
    return lookup.question_in(course, question_id) or abort(404)


def step_from_form() -> int:
    return DIRECTIONS.get(request.form.get("direction", ""), 0) or abort(400)


@dataclass
class Outcome:
    """How a save went: committed (ok), or rolled back with the HTTP status and messages to show."""

    ok: bool
    status: int = 200
    messages: list[str] = field(default_factory=list)
    value: Any = None


def attempt(form: Form | None, action: Callable[..., Any], *args: Any) -> Outcome:
    """Run one domain save and commit it; on StaleCourse or Invalid roll everything back and put
    the problems next to their fields on `form` (the rest in its form_errors)."""
    with unit_of_work(StaleCourse, Invalid) as work:
        value = action(*args)
    error = work.error
    if isinstance(error, StaleCourse):
        if form is not None:
            form.stale = True  # author/_stale.html says so above the form, with a reload link
        return Outcome(False, 409, [str(error)])
    if isinstance(error, Invalid):
        messages = []
        for name, problems in error.errors.items():
            if form is not None and name and name in form:
                form[name].errors = [*form[name].errors, *problems]
            else:
                messages.extend(problems)
                if form is not None:
                    form.form_errors.extend(problems)
        return Outcome(False, 422, messages or [m for ps in error.errors.values() for m in ps])
    return Outcome(True, value=value)


def button_action(course, action: Callable[..., Any], *args: Any, done: str = "",
                  anchor: str = "") -> Any:
    """A one-button form (move, retire, publish): flash how it went and go back to the page it was on."""
    outcome = attempt(None, action, *args)
    if outcome.ok:
        if done:
            flash(done, "success")
    else:
        for message in outcome.messages:
            flash(message, "error")
    back = safe_next(request.form.get("next"), url_for("authoring.course", slug=course.slug))
    return redirect(back + (f"#{anchor}" if anchor and "#" not in back else ""))
