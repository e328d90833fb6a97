"""Whole-course checks with the course-file rules: a published course always stays importable."""
from __future__ import annotations

from flask_babel import gettext as _

from app.authoring import rules
from app.authoring.errors import Invalid
from app.core.extensions import db
from app.courses.files import export_course
from app.courses.models import Course
from app.courses.validation import CourseFileError, validate_course


def file_problems(course: Course) -> list[str]:
    """What stops the course's export from importing, in an author's words ([] when it would)."""
    db.session.flush()
    try:
        validate_course(export_course(course))
    except CourseFileError as error:
        return [_worded(problem) for problem in error.errors]
    return []


def _worded(problem: str) -> str:
    path, _, message = problem.partition(": ")
    return f"{rules.place(path)}: {message}" if message else problem


def keep_publishable(course: Course) -> None:
    """Refuse (Invalid) a change that would leave a published course incomplete.

    Learners see a published course as it is saved, and its export must import again; a draft
    may be incomplete while it is being written, and is checked when it is published.
    """
    if not course.is_published:
        return
    problems = file_problems(course)
    if problems:
        raise Invalid({"": [_("This course is published, so it must stay a complete course: %(problems)s. Unpublish "
                              "it first to rework it.", problems="; ".join(problems))]})
