"""The admin pages for people: every account, searchable; role changes; inviting people and
sending an invitation again; deactivating and reactivating accounts (admins only)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import audit, deactivation, invitations, queries, service
from app.accounts.models import Role, User
from app.accounts.service import AccountError, Profile
from app.accounts.web import bp
from app.accounts.web.forms import InviteForm, RoleForm, UserSearchForm, show_errors
from app.core.extensions import db
from app.core.links import external_url
from app.core.mailer import send_email
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
                           counts=queries.count_by_role(), roles=list(Role), log=audit.recent())


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@role_required(Role.ADMIN)
def change_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the listed roles."), "error")
        return redirect(url_for("accounts.users"))
    with unit_of_work(AccountError, flash_error=True) as work:
        service.set_role(user, Role(form.role.data), by=current_user)
    if work.ok:
        flash(_("%(email)s is now %(role)s.", email=user.email, role=user.role.label), "success")
    return redirect(next_from_request(url_for("accounts.users")))


def _mail_invitation(user: User, token: str) -> None:
    """Mail the link that lets the invitee choose their password (after the invitation is saved)."""
    inviter = current_user.full_name
    send_email(user.email, _("%(inviter)s invited you to {brand}", inviter=inviter), "invitation", first_name=user.first_name,
               inviter=inviter, role=user.role.label, days=invitations.days_valid(),
               link=external_url("accounts.accept_invitation", token=token))


@bp.route("/admin/users/invite", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        with unit_of_work(AccountError) as work:
            user, token = invitations.invite(form.email.data, Role(form.role.data), Profile(
                form.first_name.data or "", form.last_name.data or ""), by=current_user)
        if work.ok:
            _mail_invitation(user, token)
            flash(_("Invitation sent to %(email)s: the account works once they choose a password.", email=user.email),
                  "success")
            return redirect(url_for("accounts.users"))
        show_errors(form, work.error)
    return render_template("accounts/invite.html", form=form, days=invitations.days_valid()), \
        422 if form.errors else 200


@bp.route("/admin/users/<int:user_id>/invitation", methods=["POST"])
@role_required(Role.ADMIN)
def resend_invitation(user_id: int):
    user = db.get_or_404(User, user_id)
    with unit_of_work(AccountError, flash_error=True) as work:
        token = invitations.resend(user, by=current_user)
    if work.ok:
        _mail_invitation(user, token)
        flash(_("The invitation was sent to %(email)s again; the earlier link no longer works.", email=user.email),
              "success")
    return redirect(next_from_request(url_for("accounts.users")))


@bp.route("/admin/users/<int:user_id>/deactivate", methods=["POST"])
@role_required(Role.ADMIN)
def deactivate(user_id: int):
    return _switch(user_id, deactivation.deactivate,
                   lambda email: _("%(email)s is deactivated and logged out everywhere; their data is kept.",
                                   email=email))


@bp.route("/admin/users/<int:user_id>/reactivate", methods=["POST"])
@role_required(Role.ADMIN)
def reactivate(user_id: int):
    return _switch(user_id, deactivation.reactivate, lambda email: _("%(email)s can log in again.", email=email))


def _switch(user_id: int, action, done):
    """Deactivate or reactivate one account, say how it went, and go back to the list."""
    user = db.get_or_404(User, user_id)
    with unit_of_work(AccountError, flash_error=True) as work:
        action(user, by=current_user)
    if work.ok:
        flash(done(user.email), "success")
    return redirect(next_from_request(url_for("accounts.users")))
