"""Background work a sign-up or reset request leaves for after its answer (core.tasks.after_response),
and the confirmation mail.

Whether the typed address has an account decides what happens here — make one, or tell its
owner they have one; mail a reset link, or nothing — so none of it may run before the answer:
the request only enqueues the task, the same for every address. Each task is one unit of work
(core.uow) that also writes its mail, and records its message as done (core.tasks.first_run), so
a message delivered twice neither makes a second account nor sends a second mail.
"""
from __future__ import annotations

from dataclasses import asdict

from flask import current_app
from flask_babel import gettext as _

from app.accounts import service
from app.accounts.models import User
from app.core import sealed
from app.core.i18n import speaking_to
from app.core.links import external_url
from app.core.mailer import send_email
from app.core.tasks import background_task, first_run
from app.core.uow import unit_of_work


def sealed_sign_up(request: service.SignUpRequest) -> str:
    """The sign-up as the broker carries it: sealed, for it holds a password hash."""
    return sealed.seal(asdict(request))


@background_task("accounts.finish_sign_up")
def finish_sign_up(sealed_request: str, next_path: str | None) -> None:
    data = sealed.unseal(sealed_request)
    request = service.SignUpRequest(**{**data, "profile": service.Profile(**data["profile"])})
    with unit_of_work():
        if not first_run():
            return
        result = service.sign_up(request)
        if result.is_new:
            send_verification(result.user, next_path)
        else:
            with in_language_of(result.user, request.locale):
                send_email(result.user.email, _("Your {brand} account already exists"), "account_exists",
                           user=result.user, login_link=external_url("accounts.login"),
                           reset_link=external_url("accounts.reset_request"))


def in_language_of(user: User, page_locale: str | None = None):
    """Write a mail in the language the person chose, else the one of the page that asked for it
    (the task runs after the request, so the page's language travels with it), else English; and
    in their time zone."""
    return speaking_to(user.locale or page_locale, user.time_zone)


def send_verification(user: User, next_path: str | None, page_locale: str | None = None) -> None:
    """Mail the link that confirms the person's address (and takes them to `next_path` after)."""
    link = external_url("accounts.verify_email", token=service.verification_token(user), next=next_path or None)
    hours = int(current_app.config["EMAIL_VERIFY_TTL"].total_seconds() // 3600)
    with in_language_of(user, page_locale):
        send_email(user.email, _("Confirm your {brand} address"), "verify_email", user=user, link=link, hours=hours)


@background_task("accounts.send_reset_link")
def send_reset_link(email: str, page_locale: str | None = None) -> None:
    with unit_of_work():
        if not first_run():
            return
        found = service.request_password_reset(email)
        if found is None:
            return
        user, token = found
        minutes = int(current_app.config["PASSWORD_RESET_TTL"].total_seconds() // 60)
        with in_language_of(user, page_locale):
            send_email(user.email, _("Choose a new {brand} password"), "reset_password", user=user,
                       link=external_url("accounts.reset_password", token=token), minutes=minutes)
