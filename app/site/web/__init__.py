"""The front page, the health check and what every page's layout needs."""
from flask import Blueprint

from app.site.web.navigation import nav_links

bp = Blueprint("site", __name__)


@bp.app_context_processor
def layout_context():
    return {"nav_links": nav_links}


from app.site.web import routes  # noqa: E402,F401
