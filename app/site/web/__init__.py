"""The front page, the health check, the brand's admin page and assets, and what every page's
layout needs."""
from flask import Blueprint

from app.site.branding import current_brand, warm
from app.site.web.navigation import nav_links

bp = Blueprint("site", __name__)


@bp.record_once
def read_the_brand(state) -> None:
    """Read the brand once as the app is built, so the first page does not pay for it."""
    with state.app.app_context():
        warm()


@bp.app_context_processor
def layout_context():
    """What the layout (and every email) uses: the navigation, and the brand — from this
    process's copy, so rendering costs no query (site.branding)."""
    return {"nav_links": nav_links, "brand": current_brand()}


from app.site.web import branding, routes  # noqa: E402,F401
