"""The learner's button on a course: what it says (Start, Continue or Review) and where it goes.

Decided here for every page that shows one (the course page, the course outline, My learning), so
they never disagree: a course not begun says "Start" and opens its first lesson; one under way
says "Continue" and opens the next thing to do (the lesson last opened unless it is done, else
the first lesson or quiz not done, in reading order); a finished one says "Review" and opens
the course outline, or, on the outline itself, the first lesson.
"""
from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.learning import queries
from app.learning.items import Step
from app.learning.models import Enrollment
from app.learning.outline import Outline, resume_point


class Stage(enum.Enum):
    """Where a learner is in a course; the value is the button's word in English (`label`: in the reader's)."""

    NOT_STARTED = "Start"
    IN_PROGRESS = "Continue"
    FINISHED = "Review"


LABELS = {Stage.NOT_STARTED: _l("Start"), Stage.IN_PROGRESS: _l("Continue"), Stage.FINISHED: _l("Review")}


@dataclass(frozen=True)
class CourseButton:
    stage: Stage
    course_slug: str
    step: Step | None  # the lesson or quiz it opens; None: the course outline

    @property
    def label(self) -> str:
        return str(LABELS[self.stage])


def stage_of(steps: Sequence[Step], last_lesson_id: int | None) -> Stage:
    """Finished when every lesson and quiz is done; begun once one is, or a lesson was opened.

    A course finished before its author added a lesson is under way again, until that lesson is done."""
    if steps and all(step.done for step in steps):
        return Stage.FINISHED
    if last_lesson_id is not None or any(step.done for step in steps):
        return Stage.IN_PROGRESS
    return Stage.NOT_STARTED


def course_button(course_slug: str, steps: Sequence[Step], last_lesson_id: int | None, *,
                  on_outline: bool = False) -> CourseButton | None:
    """The button for a learner with these marks (`steps`, in reading order); None for a course
    with nothing in it. `on_outline`: the button is on the course outline, so Review opens the
    first lesson rather than the page it is on."""
    if not steps:
        return None
    stage = stage_of(steps, last_lesson_id)
    if stage is Stage.FINISHED:
        first = next((step for step in steps if step.slug is not None), None)
        return CourseButton(stage, course_slug, first if on_outline else None)
    return CourseButton(stage, course_slug, resume_point(steps, last_lesson_id))


def outline_button(outline: Outline, enrollment: Enrollment, *, on_outline: bool = False) -> CourseButton | None:
    """The button of an enrolled learner, from the outline that holds their marks (no query)."""
    return course_button(outline.slug, outline.steps(), enrollment.last_lesson_id, on_outline=on_outline)


def my_buttons(user_id: int, enrollments: Sequence[Enrollment]) -> dict[int, CourseButton]:
    """Per course id, the button on "My learning" (one query for every course)."""
    marks = queries.step_marks(user_id, [e.course_id for e in enrollments])
    buttons = {}
    for enrollment in enrollments:
        button = course_button(enrollment.course.slug, marks.get(enrollment.course_id, []), enrollment.last_lesson_id)
        if button is not None:
            buttons[enrollment.course_id] = button
    return buttons
