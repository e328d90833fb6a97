from flask import jsonify, render_template
from sqlalchemy import text

from app.core import background
from app.core.extensions import db, limiter
from app.core.roles import Role
from app.core.security import role_required
from app.core.uow import unit_of_work
from app.site.web import bp


@bp.route("/")
def index():
    """The front page: what Primer is, and the first courses of the catalog (featured first,
    from the catalog's `catalog_first` template global)."""
    return render_template("site/index.html")


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """Liveness with a real round trip to the database, which must also be migrated."""
    with unit_of_work(Exception) as work:  # any database failure means "not healthy", never a 500 page
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if not work.ok:
        return jsonify(status="error", database="unreachable", detail=type(work.error).__name__), 503
    if revision is None:
        return jsonify(status="error", database="not migrated"), 503
    return jsonify(status="ok", database="ok", schema=revision)


@bp.route("/admin/background")
@role_required(Role.ADMIN)
def background_work():
    """Background work for admins: the broker's queue, what waits in tables, each task's last run,
    the day's runs and the recent failures."""
    return render_template("site/background.html", work=background.overview())
