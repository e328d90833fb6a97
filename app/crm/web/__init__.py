"""The CRM's admin page: sync health, dead letters and retrying them (admins only)."""
from flask import Blueprint

from app.accounts.models import Role
from app.core.security import role_required

bp = Blueprint("crm", __name__)


@bp.before_request
@role_required(Role.ADMIN)
def require_admin():
    """Every CRM page is for admins only."""


from app.crm.web import routes  # noqa: E402,F401
