"""The admin pages for people: every account, searchable, and role changes (admins only)."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts import queries, service
from app.accounts.models import Role, User
from app.accounts.service import AccountError
from app.accounts.web import bp
from app.accounts.web.forms import RoleForm, UserSearchForm
from app.core.extensions import db
from app.core.security import next_from_request, role_required
from app.core.uow import unit_of_work


@bp.route("/admin/")
@role_required(Role.ADMIN)
def admin_index():
    return redirect(url_for("accounts.users"))


@bp.route("/admin/users")
@role_required(Role.ADMIN)
def users():
    form = UserSearchForm(request.args)
    role = Role(form.role.data) if form.validate() and form.role.data else None
    page = db.paginate(queries.search_users(form.q.data or "", role), per_page=50, error_out=False)
    return render_template("accounts/users.html", page=page, form=form, role_form=RoleForm(),
                           counts=queries.count_by_role(), roles=list(Role))


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@role_required(Role.ADMIN)
def change_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose one of the listed roles.", "error")
        return redirect(url_for("accounts.users"))
    with unit_of_work(AccountError, flash_error=True) as work:
        service.set_role(user, Role(form.role.data), by=current_user)
    if work.ok:
        flash(f"{user.email} is now {user.role.label}.", "success")
    return redirect(next_from_request(url_for("accounts.users")))
