"""The front page, the health check and what every page's layout needs."""
from flask import Blueprint

from app.main.navigation import nav_links

bp = Blueprint("main", __name__)


@bp.app_context_processor
def layout_context():
    return {"nav_links": nav_links}


from app.main import routes  # noqa: E402,F401
