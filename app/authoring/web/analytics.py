"""Analytics pages: per course and across courses, each table with its chart and CSV."""
from __future__ import annotations

from flask import Response, abort, render_template

from app.authoring.analytics import tables
from app.authoring.analytics.funnel import course_funnel, funnels
from app.authoring.analytics.lessons import REACHED_MEANS, lesson_dropoff
from app.authoring.analytics.quizzes import quiz_items
from app.authoring.analytics.weekly import weekly
from app.authoring.courses import all_courses
from app.authoring.web import bp
from app.authoring.web.helpers import course_or_404

COURSE_TABLES = ("funnel", "lessons", "quiz", "weekly")


def _course_tables(course, names: tuple[str, ...] = COURSE_TABLES) -> dict[str, tables.Table]:
    """The course's tables named in `names`, each from one or two grouped queries."""
    funnel = course_funnel(course.id) if {"funnel", "lessons"} & set(names) else None
    builders = {
        "funnel": lambda: tables.funnel_table(funnel),
        "lessons": lambda: tables.lessons_table(lesson_dropoff(course.id, funnel.enrolled), REACHED_MEANS),
        "quiz": lambda: tables.quiz_table(quiz_items(course.id)),
        "weekly": lambda: tables.weekly_table(*weekly(course.id)),
    }
    return {name: builders[name]() for name in names}


OVERVIEW_TABLES = ("courses", "weekly")


def _overview_tables(courses: list, names: tuple[str, ...] = OVERVIEW_TABLES) -> dict[str, tables.Table]:
    builders = {
        "courses": lambda: tables.courses_table(courses, funnels()),
        "weekly": lambda: tables.weekly_table(*weekly()),
    }
    return {name: builders[name]() for name in names}


def _csv(table: tables.Table, stem: str) -> Response:
    return Response(table.csv(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{stem}-{table.name}.csv"'})


@bp.route("/analytics")
def analytics():
    courses = all_courses()
    return render_template("authoring/analytics/overview.html", tables=_overview_tables(courses), courses=courses)


@bp.route("/analytics/<name>.csv")
def analytics_csv(name: str):
    if name not in OVERVIEW_TABLES:
        abort(404)
    courses = all_courses() if name == "courses" else []
    return _csv(_overview_tables(courses, (name,))[name], "all-courses")


@bp.route("/courses/<slug>/analytics")
def course_analytics(slug: str):
    course = course_or_404(slug)
    return render_template("authoring/analytics/course.html", course=course, tables=_course_tables(course))


@bp.route("/courses/<slug>/analytics/<name>.csv")
def course_analytics_csv(slug: str, name: str):
    course = course_or_404(slug)
    if name not in COURSE_TABLES:
        abort(404)
    return _csv(_course_tables(course, (name,))[name], course.slug)
