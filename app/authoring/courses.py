"""Courses as a whole: create, edit the header, publish, curate the catalog, import, list."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core.columns import live
from app.authoring import rules
from app.authoring.checks import file_problems, keep_publishable
from app.authoring.errors import BadCourseFile, Invalid, ReplaceUnconfirmed
from app.authoring.ordering import number, swap
from app.authoring.versioning import claim
from app.core.extensions import db
from app.core.time import utcnow
from app.courses.files import course_format, dump_course, export_course, import_course, parse_course
from app.courses.catalog import CATALOG_ORDER
from app.courses.formatting import describe
from app.courses.search import index_course
from app.courses.models import Course, CourseStatus, Lesson, Module
from app.courses.validation import CourseFileError, validate_course
from app.learning.models import Enrollment

# Course-file field -> the author's form field.
HEADER_FIELDS = {"price.amount": "price", "price.currency": "currency"}
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CourseHeader:
    slug: str
    title: str
    summary: str = ""
    price_amount: int | None = None  # minor units; None for a free course
    price_currency: str | None = None
    image: str = ""  # the catalog card's picture, an https URL; "" for none

    def as_file(self) -> dict[str, Any]:
        data: dict[str, Any] = {"slug": self.slug, "title": self.title, "summary": self.summary}
        if self.image:
            data["image"] = self.image
        if self.price_amount is not None:
            data["price"] = {"amount": self.price_amount, "currency": self.price_currency or ""}
        return data


def _check_header(header: CourseHeader, course: Course | None = None) -> None:
    errors = {HEADER_FIELDS.get(key, key): problems for key, problems in rules.course_errors(header.as_file()).items()}
    if "slug" not in errors:
        taken = select(Course.id).where(Course.slug == header.slug)
        if course is not None:
            taken = taken.where(Course.id != course.id)
        if db.session.scalar(taken) is not None:
            errors["slug"] = [_("Another course already uses this slug.")]
    if errors:
        raise Invalid(errors)


def _write_header(course: Course, header: CourseHeader) -> None:
    course.slug, course.title, course.summary = header.slug, header.title, header.summary
    course.image_url = header.image or None
    course.price_amount = header.price_amount
    course.price_currency = header.price_currency if header.price_amount is not None else None
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # another author took the slug a moment ago
        raise Invalid.on("slug", _("Another course already uses this slug.")) from None
    index_course(course)


def create_course(header: CourseHeader) -> Course:
    """A new draft course, last in the catalog order."""
    header = _with_slug(header)
    _check_header(header)
    last = db.session.scalar(select(func.max(Course.catalog_position))) or 0
    course = Course(status=CourseStatus.DRAFT, version=1, catalog_position=last + 1, slug=header.slug, title="")
    db.session.add(course)
    _write_header(course, header)
    return course


def update_course(course: Course, version: int | None, header: CourseHeader) -> None:
    claim(course, version)
    header = _with_slug(header)
    _check_header(header, course)
    _write_header(course, header)
    keep_publishable(course)


def _with_slug(header: CourseHeader) -> CourseHeader:
    """An empty slug is made from the title."""
    if header.slug.strip():
        return header
    return replace(header, slug=rules.slugify(header.title))


def publish(course: Course, version: int | None) -> None:
    """Show the course in the catalog; only a complete course (one that would import) may go."""
    claim(course, version)
    problems = file_problems(course)
    if problems:
        raise Invalid({"": [_("Not published yet: %(problems)s.", problems="; ".join(problems))]})
    course.status = CourseStatus.PUBLISHED
    course.published_at = course.published_at or utcnow()
    index_course(course)  # already current after every save; rebuilt so what goes live is surely found


def unpublish(course: Course, version: int | None) -> None:
    """Hide the course from the catalog (and so from its search, which keeps to published courses);
    enrolled learners keep their progress for when it returns."""
    claim(course, version)
    course.status, course.published_at = CourseStatus.DRAFT, None


# --- catalog curation (changes the catalog, not the course: no version check) ------------------

def set_featured(course: Course, featured: bool) -> None:
    course.featured = featured
    featured_first, others = _catalog_groups()
    number(featured_first + others, "catalog_position")
    db.session.flush()


def move_in_catalog(course: Course, step: int) -> bool:
    """Swap the course with its neighbour (featured among featured, others among others)."""
    featured, others = _catalog_groups()
    if not swap(featured if course.featured else others, course, step):
        return False
    number(featured + others, "catalog_position")
    db.session.flush()
    return True


def _catalog_groups() -> tuple[list[Course], list[Course]]:
    """Every course in catalog order, locked: the featured ones, then the others."""
    ordered = list(db.session.scalars(select(Course).order_by(*CATALOG_ORDER).with_for_update()))
    return [c for c in ordered if c.featured], [c for c in ordered if not c.featured]


@dataclass
class CourseRow:
    course: Course
    lessons: int
    enrolled: int


def all_courses() -> list[Course]:
    """Every course, drafts and unpublished ones too, in the catalog's order."""
    return list(db.session.scalars(select(Course).order_by(*CATALOG_ORDER)))


def course_rows() -> list[CourseRow]:
    """Every course in catalog order, with its live lessons and enrollments counted (3 queries)."""
    courses = list(db.session.scalars(select(Course).order_by(*CATALOG_ORDER)))
    lessons = dict(db.session.execute(
        select(Lesson.course_id, func.count()).join(Module, Lesson.module_id == Module.id)
        .where(live(Lesson, Module)).group_by(Lesson.course_id)).all())
    enrolled = dict(db.session.execute(select(Enrollment.course_id, func.count()).group_by(Enrollment.course_id)).all())
    return [CourseRow(c, lessons.get(c.id, 0), enrolled.get(c.id, 0)) for c in courses]


# --- files ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Imported:
    """What an upload did: the course, whether it was new, and what it now holds, counted."""

    course: Course
    created: bool
    contents: str


def import_upload(raw: bytes, filename: str, *, draft: bool, loaded: tuple[str, int | None] | None = None,
                  replace: bool = False) -> Imported:
    """Import an uploaded course file exactly as `flask courses import` does (same checks and
    messages; an existing slug is updated in place, keeping progress). Raises BadCourseFile.

    Unlike the command, a browser upload may be a stale export: a file for a course already in
    Primer is taken only if the page was `loaded` for that course (its slug and version) and the
    course has not changed since (else StaleCourse), or if the author ticked `replace`
    (else ReplaceUnconfirmed, when the page was not loaded for it).
    """
    try:
        data = _uploaded_course(raw, filename)
    except CourseFileError as error:
        raise BadCourseFile(error.brief(), len(error.errors)) from None
    existing = db.session.scalar(select(Course).where(Course.slug == data["slug"]))
    if existing is not None and not replace:
        if loaded is None or loaded[0] != existing.slug:
            raise ReplaceUnconfirmed(existing.slug)
        claim(existing, loaded[1], bump=False)  # the import itself moves the version on
    course, created = import_course(data, draft=draft)
    return Imported(course, created, describe(course))


def _uploaded_course(raw: bytes, filename: str) -> dict[str, Any]:
    if len(raw) > MAX_UPLOAD_BYTES:
        raise CourseFileError([_("the file is larger than %(size)d MB", size=MAX_UPLOAD_BYTES // (1024 * 1024))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CourseFileError([_("not UTF-8 text (%(reason)s)", reason=error.reason)]) from None
    data = parse_course(text, course_format(filename))
    validate_course(data)
    return data


def course_file(course: Course, fmt: str) -> str:
    """The course as `flask courses export` writes it, in `fmt` (yaml or json)."""
    return dump_course(export_course(course), fmt)
