from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import invitations, notifications, service, sessions, tasks
from app.accounts.models import SalesAlerts, TokenPurpose
from app.accounts.notifications import NotificationError
from app.accounts.service import AccountError, Deactivated, Profile, Unconfirmed
from app.accounts.web import bp
from app.accounts.web.forms import (
    ChangePasswordForm,
    InvitationPasswordForm,
    LoginForm,
    NotificationsForm,
    PreferencesForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from app.accounts.web.forms import show_errors as _show_errors
from app.core.brand import brand_name
from app.core.extensions import csrf, limiter
from app.core.security import next_from_request, safe_next
from app.core.tasks import after_response
from app.core.uow import unit_of_work

RESET_SENT = _l("If an account exists for that address, we have sent it a link to choose a new password.")
SIGNUP_SENT = _l("Check your inbox: we have sent a message to %(email)s. Follow its link to confirm your address "
                 "and start learning.")
LOGIN_FAILED = _l("That email and password do not match an account.")


def _per_address_limit() -> str:
    return current_app.config["RATELIMIT_AUTH_PER_ADDRESS"]


def _per_account_limit() -> str:
    return current_app.config["RATELIMIT_AUTH_PER_ACCOUNT"]


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _account_and_address_key() -> str:
    return f"{_account_key()}|{get_remote_address()}"


def auth_rate_limits(view):
    """Throttle a form that sends mail per client address and per account named in it."""
    view = limiter.limit(_per_account_limit, key_func=_account_key, methods=["POST"])(view)
    return limiter.limit(_per_address_limit, methods=["POST"])(view)


def login_rate_limits(view):
    """Throttle login per client address and per (account, address) pair: a guesser locks out
    only themself. Guesses at one account from many addresses are slowed down instead
    (accounts.throttle), so nobody can lock its owner out."""
    view = limiter.limit(_per_account_limit, key_func=_account_and_address_key, methods=["POST"])(view)
    return limiter.limit(_per_address_limit, methods=["POST"])(view)


def _sign_in(user) -> None:
    """Start a fresh session: nothing from before the login (fixation) survives it."""
    session.clear()
    sessions.start(user, user_agent=request.user_agent.string)
    login_user(user)
    session.permanent = True


@bp.route("/signup", methods=["GET", "POST"])
@auth_rate_limits
def signup():
    if current_user.is_authenticated:
        return redirect(next_from_request(url_for("site.index")))
    form = SignupForm()
    if form.validate_on_submit():
        profile = Profile(form.first_name.data, form.last_name.data, form.company.data or "", form.job_title.data or "")
        try:
            pending = service.prepare_sign_up(form.email.data, form.password.data, profile=profile,
                                              consent_contact=form.consent_contact.data, locale=str(get_locale()))
        except AccountError as error:
            _show_errors(form, error)
        else:
            after_response(tasks.finish_sign_up, tasks.sealed_sign_up(pending), next_from_request("") or None)
            flash(str(SIGNUP_SENT) % {"email": form.email.data.strip()}, "info")
            return redirect(url_for("accounts.login", next=request.args.get("next")))
    return render_template("accounts/signup.html", form=form), 422 if form.errors else 200


@bp.route("/verify-email/<token>", methods=["GET", "POST"])
@limiter.limit(_per_address_limit, methods=["POST"])
def verify_email(token: str):
    """GET shows a button (mail scanners follow links); POST confirms and signs the person in."""
    if request.method == "GET":
        return render_template("accounts/verify_email.html")
    with unit_of_work():
        user = service.verify_email(token)
        if user is not None:
            _sign_in(user)
    if user is None:
        flash(_("This link has expired or was already used. Log in: if your address still needs "
                "confirming, we send a new link."), "info")
        return redirect(url_for("accounts.login"))
    flash(_("Your address is confirmed. Welcome to %(brand)s, %(name)s!", brand=brand_name(), name=user.first_name),
          "success")
    return redirect(safe_next(request.args.get("next"), url_for("site.index")))


@bp.route("/login", methods=["GET", "POST"])
@login_rate_limits
def login():
    if current_user.is_authenticated:
        return redirect(next_from_request(url_for("site.index")))
    form = LoginForm()
    if form.validate_on_submit():
        with unit_of_work(Deactivated, keep=Unconfirmed) as work:
            user = service.authenticate(form.email.data, form.password.data)
            if user is not None:
                _sign_in(user)
        if isinstance(work.error, Unconfirmed):  # the right password of an unconfirmed address: a new link is mailed
            tasks.send_verification(work.error.user, next_from_request("") or None, str(get_locale()))
        if work.error:
            form.form_errors.append(str(work.error))
            return render_template("accounts/login.html", form=form), 422
        if user is not None:
            return redirect(next_from_request(url_for("site.index")))
        form.form_errors.append(str(LOGIN_FAILED))
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        with unit_of_work():
            sessions.end(current_user.login_session_key)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("site.index"))


@bp.route("/reset-password", methods=["GET", "POST"])
@auth_rate_limits
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        after_response(tasks.send_reset_link, form.email.data, str(get_locale()))
        flash(str(RESET_SENT), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), 422 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_per_address_limit, methods=["POST"])
def reset_password(token: str):
    if service.reset_token_user(token) is None:
        flash(_("This reset link has expired or was already used. Ask for a new one below."), "error")
        return redirect(url_for("accounts.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with unit_of_work(AccountError) as work:
            service.reset_password(token, form.password.data)
        if not work.ok:
            _show_errors(form, work.error)
        else:
            logout_user()
            session.clear()
            flash(_("Your password is changed. Log in with the new one."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), 422 if form.errors else 200


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_per_address_limit, methods=["POST"])
def accept_invitation(token: str):
    """An invitee chooses their password (GET only shows the form: mail scanners follow links)."""
    invitation = invitations.invitation_for(token)
    if invitation is None:
        flash(str(service.LINK_GONE[TokenPurpose.INVITATION]), "error")
        return redirect(url_for("accounts.login"))
    form = InvitationPasswordForm()
    if form.validate_on_submit():
        with unit_of_work(AccountError) as work:
            _sign_in(invitations.accept(token, form.password.data))
        if work.ok:
            flash(_("Welcome to %(brand)s, %(name)s: your password is set.", brand=brand_name(),
                    name=current_user.first_name or current_user.email), "success")
            return redirect(url_for("site.index"))
        _show_errors(form, work.error)
    return render_template("accounts/invitation.html", form=form, invitee=invitation.user), 422 if form.errors else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    profile_form = ProfileForm(obj=current_user, prefix="profile")
    if profile_form.validate_on_submit():
        with unit_of_work(AccountError) as work:
            service.update_profile(current_user, Profile(
                profile_form.first_name.data, profile_form.last_name.data, profile_form.company.data or "",
                profile_form.job_title.data or "", profile_form.country.data or "",
            ), consent_contact=profile_form.consent_contact.data)
        if work.ok:
            flash(_("Your details are saved."), "success")
            return redirect(url_for("accounts.account"))
        _show_errors(profile_form, work.error)
    status = 422 if profile_form.errors or profile_form.form_errors else 200
    return _account_page(profile_form=profile_form), status


def _account_page(**forms):
    forms.setdefault("profile_form", ProfileForm(obj=current_user, prefix="profile"))
    forms.setdefault("password_form", ChangePasswordForm(prefix="password"))
    forms.setdefault("preferences_form", PreferencesForm(prefix="prefs", locale=current_user.locale or "",
                                                         time_zone=current_user.time_zone or ""))
    return render_template("accounts/account.html", **forms)


@bp.route("/account/preferences", methods=["POST"])
@login_required
def preferences():
    form = PreferencesForm(prefix="prefs")
    if form.validate_on_submit():
        with unit_of_work(AccountError) as work:
            service.set_preferences(current_user, locale=form.locale.data or None, time_zone=form.time_zone.data or None)
        if work.ok:
            flash(_("Your language and time zone are saved."), "success")
            return redirect(url_for("accounts.account"))
        form.form_errors.append(str(work.error))
    return _account_page(preferences_form=form), 422


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_per_address_limit, methods=["POST"])
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        with unit_of_work(AccountError) as work:
            service.change_password(current_user, form.current_password.data, form.password.data,
                                    keep_session=current_user.login_session_key)
        if not work.ok:
            _show_errors(form, work.error)
        else:
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form), 422 if form.errors else 200


@bp.route("/account/notifications", methods=["GET", "POST"], endpoint="notifications")
@login_required
def notification_settings():
    """Which optional emails the person gets (sales alerts only for sales people and admins)."""
    sales = notifications.may_get_sales_alerts(current_user)
    saved = notifications.settings_of(current_user)
    form = NotificationsForm(sales=sales, data={"course_tips": saved.course_tips,
                                                "sales_alerts": saved.sales_alerts.value})
    if form.validate_on_submit():
        with unit_of_work(NotificationError) as work:
            notifications.save_settings(current_user, course_tips=form.course_tips.data,
                                        sales_alerts=SalesAlerts(form.sales_alerts.data) if sales else None)
        if work.ok:
            flash(_("Your email choices are saved."), "success")
            return redirect(url_for("accounts.notifications"))
        form.form_errors.append(str(work.error))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/notifications.html", form=form, sales=sales), status


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed link is the proof, and a mail client's one-click (RFC 8058) posts no form
def unsubscribe(token: str):
    """Stop one kind of optional mail from the link in it, without logging in. GET asks (mail
    scanners follow links); POST stops it: the page's button, or the mail client's own."""
    found = notifications.read_unsubscribe(token)
    if found is None:
        return render_template("accounts/unsubscribe.html", kind=None), 404
    user, kind = found
    email = user.email
    if request.method == "POST":
        with unit_of_work():
            notifications.unsubscribe(token)
    return render_template("accounts/unsubscribe.html", kind=kind, email=email, done=request.method == "POST")
