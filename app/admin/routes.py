from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts import queries, service
from app.accounts.models import Role, User
from app.accounts.service import AccountError
from app.admin import bp
from app.admin.forms import RetryForm, RoleForm, UserSearchForm
from app.extensions import db
from app.security import next_from_request, role_required


@bp.before_request
@role_required(Role.ADMIN)
def require_admin():
    """Every page of the admin area is for admins only."""


@bp.route("/")
def index():
    return redirect(url_for("admin.users"))


@bp.route("/users")
def users():
    form = UserSearchForm(request.args)
    role = Role(form.role.data) if form.validate() and form.role.data else None
    page = db.paginate(queries.search_users(form.q.data or "", role), per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, form=form, role_form=RoleForm(),
                           counts=queries.count_by_role(), roles=list(Role))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose one of the listed roles.", "error")
        return redirect(url_for("admin.users"))
    try:
        service.set_role(user, Role(form.role.data), by=current_user)
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"{user.email} is now {user.role.label}.", "success")
    return redirect(next_from_request(url_for("admin.users")))


@bp.route("/crm")
def crm():
    from flask import current_app

    from app.crm import queries as crm_queries

    return render_template("admin/crm.html", health=crm_queries.health(), form=RetryForm(),
                           configured=bool(current_app.config.get("HUBSPOT_ACCESS_TOKEN")),
                           api_base=current_app.config["HUBSPOT_API_BASE"])


@bp.route("/crm/retry", methods=["POST"])
def crm_retry():
    from app.crm import queries as crm_queries

    form = RetryForm()
    if form.validate_on_submit():
        ids = [form.user_id.data] if form.user_id.data else None
        count = crm_queries.retry(ids)
        db.session.commit()
        flash(f"{count} lead(s) queued again; the next `crm sync` or worker run sends them.", "success")
    return redirect(url_for("admin.crm"))


@bp.route("/orders")
def orders():
    from app.billing import service as billing
    from app.billing.models import OrderStatus

    status = request.args.get("status") or None
    if status not in {s.value for s in OrderStatus}:
        status = None
    page = db.paginate(billing.recent_orders(status), per_page=50, error_out=False)
    return render_template("admin/orders.html", page=page, counts=billing.order_counts(), status=status,
                           statuses=list(OrderStatus))
