"""The CRM's admin page: sync health, dead letters and retrying them (admins only); and the CRM
panel other areas' pages include (templates/crm/_lead_sync.html), fed by two template globals so
that no other area imports the CRM."""
from flask import Blueprint, current_app

from app.core.roles import Role
from app.core.security import role_required
from app.crm.outbox import sync_row

bp = Blueprint("crm", __name__)
bp.add_app_template_global(sync_row, "crm_sync_of")


@bp.app_template_global("crm_connected")
def crm_connected() -> bool:
    """Whether HubSpot is set up, so a waiting lead's panel can say why it waits."""
    return bool(current_app.config.get("HUBSPOT_ACCESS_TOKEN"))


@bp.before_request
@role_required(Role.ADMIN)
def require_admin():
    """Every CRM page is for admins only."""


from app.crm.web import routes  # noqa: E402,F401
