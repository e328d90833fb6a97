from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.core.uow import unit_of_work
from app.crm import queries
from app.crm.web import bp
from app.crm.web.forms import RetryForm


@bp.route("/admin/crm")
def sync():
    return render_template("crm/sync.html", health=queries.health(), form=RetryForm(),
                           configured=bool(current_app.config.get("HUBSPOT_ACCESS_TOKEN")),
                           api_base=current_app.config["HUBSPOT_API_BASE"])


@bp.route("/admin/crm/retry", methods=["POST"])
def retry():
    form = RetryForm()
    if form.validate_on_submit():
        ids = [form.user_id.data] if form.user_id.data else None
        with unit_of_work():
            count = queries.retry(ids)
        flash(_("%(count)s lead(s) queued again; the next `crm sync` or worker run sends them.", count=count),
              "success")
    return redirect(url_for("crm.sync"))
