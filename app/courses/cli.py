"""`flask courses import FILE [--draft]` and `flask courses export SLUG [--format yaml|json]`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.core.extensions import db
from app.courses.files import CourseFileError, course_format, dump_course, export_course, import_course
from app.courses.models import Course, Lesson

courses_cli = AppGroup("courses", help="Import and export course files (YAML or JSON).")


@courses_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--draft", is_flag=True, help="Import as a draft, hidden from the catalog.")
def import_command(file: Path, draft: bool) -> None:
    """Create a course from FILE, or update the course with its slug in place (progress kept).

    FILE is YAML (.yaml/.yml) or JSON (.json); "-" reads standard input. A file with problems
    is refused as a whole: every problem is listed and nothing is written.
    """
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8-sig")
        course, created = import_course(text, draft=draft, fmt=course_format(file))
    except (CourseFileError, UnicodeDecodeError) as error:
        db.session.rollback()
        error = error if isinstance(error, CourseFileError) else CourseFileError([f"not UTF-8 text ({error.reason})"])
        click.echo(f"{file}: nothing imported; {_plural(len(error.errors), 'problem')} to fix:", err=True)
        for problem in error.brief():
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {course.slug} "
               f"({course.status.value}, version {course.version}): {describe(course)}.")


def describe(course: Course) -> str:
    """What a course holds, counted: "3 modules, 6 lessons, 3 quizzes, 9 questions"."""
    modules = course.live_modules
    quizzes = [m.quiz for m in modules if m.quiz is not None and m.quiz.retired_at is None]
    parts = [
        _plural(len(modules), "module"),
        _plural(sum(len(m.live_lessons) for m in modules), "lesson"),
        _plural(len(quizzes), "quiz", "quizzes"),
        _plural(sum(len(q.live_questions) for q in quizzes), "question"),
    ]
    retired = db.session.scalar(
        select(func.count()).select_from(Lesson).where(Lesson.course_id == course.id, Lesson.retired_at.is_not(None))
    )
    if retired:
        parts.append(f"{_plural(retired, 'retired lesson')} kept for learners' progress")
    return ", ".join(parts)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


@courses_cli.command("export")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
def export_command(slug: str, fmt: str) -> None:
    """Write the course SLUG to standard output as a course file."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise click.ClickException(f'no course with the slug "{slug}"')
    click.echo(dump_course(export_course(course), fmt), nl=False)
