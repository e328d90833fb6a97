"""The catalog: /courses, the published courses, searched. (A course's own page is the learning
area's, learning/web/routes.py; enrolling in it is billing's, billing/web/routes.py.)"""
from flask import render_template, request

from app.courses import catalog
from app.courses.web import bp


@bp.route("/courses")
def courses():
    search = request.args.get("q", "").strip()[:100]
    return render_template("courses/courses.html", entries=catalog.published_courses(search), search=search)
