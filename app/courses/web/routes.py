"""The catalog: /courses, the published courses, searched, filtered and paged. (A course's own
page is the learning area's, learning/web/routes.py; enrolling in it is billing's,
billing/web/routes.py.)

Query arguments: `q` (the search), `topic`, `price` (free | paid), `length` (short: under 1 h,
medium: 1–3 h, long: over 3 h) and `page`; they combine, and unknown values mean "any"."""
from flask import render_template, request

from app.courses import catalog
from app.courses.web import bp


@bp.route("/courses")
def courses():
    filters = catalog.Filters.read(request.args)
    page = catalog.find_courses(filters, request.args.get("page", 1, type=int))
    return render_template("courses/courses.html", page=page, filters=filters, topics=catalog.filter_topics(),
                           prices=catalog.PRICES, lengths=catalog.LENGTHS)
