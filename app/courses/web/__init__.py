"""The public catalog: the course list and search; and, for other pages (the front page), the
catalog's first courses as the `catalog_first` template global."""
from flask import Blueprint

from app.courses.catalog import CatalogEntry, published_courses
from app.core.formatting import format_minutes, format_price

bp = Blueprint("courses", __name__)
bp.add_app_template_filter(format_price, "price")
bp.add_app_template_filter(format_minutes, "minutes")


@bp.app_template_global("catalog_first")
def catalog_first(count: int) -> list[CatalogEntry]:
    """The first `count` courses of the catalog, featured first."""
    return published_courses(limit=count)

from app.courses.web import routes  # noqa: E402,F401
