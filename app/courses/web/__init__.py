"""The public catalog: the course list, search, course landing pages and enrolling."""
from flask import Blueprint

from app.courses.formatting import format_minutes, format_price

bp = Blueprint("courses", __name__)
bp.add_app_template_filter(format_price, "price")
bp.add_app_template_filter(format_minutes, "minutes")

from app.courses.web import routes  # noqa: E402,F401
