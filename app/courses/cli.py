"""`flask courses import FILE [--draft]`, `flask courses export SLUG [--format yaml|json]` and
`flask courses reindex`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.extensions import db
from app.courses.files import CourseFileError, course_format, dump_course, export_course, import_course
from app.core.formatting import plural
from app.courses.formatting import describe
from app.courses.models import Course
from app.courses.search import reindex_all

courses_cli = AppGroup("courses", help="Import and export course files (YAML or JSON); rebuild the search index.")


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
        if isinstance(error, UnicodeDecodeError):  # a command has no request and no reader: English
            error = CourseFileError([_("not UTF-8 text (%(reason)s)", reason=error.reason)])
        click.echo(f"{file}: nothing imported; {plural(len(error.errors), 'problem')} to fix:", err=True)
        for problem in error.brief():
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {course.slug} "
               f"({course.status.value}, version {course.version}): {describe(course)}.")


@courses_cli.command("export")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
def export_command(slug: str, fmt: str) -> None:
    """Write the course SLUG to standard output as a course file."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise click.ClickException(f'no course with the slug "{slug}"')
    click.echo(dump_course(export_course(course), fmt), nl=False)


@courses_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the catalog's search index for every course.

    Imports and the editors keep it current as they save; this is for a database restored or
    changed by hand. One statement for all courses, in one transaction.
    """
    count = reindex_all()
    db.session.commit()
    click.echo(f"Indexed {plural(count, 'course')} for search.")
