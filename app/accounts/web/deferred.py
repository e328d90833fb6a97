"""Work a sign-up or reset request leaves for after its answer (see mailer.after_response).

Whether the typed address has an account decides what happens here — make one, or tell its
owner they have one; mail a reset link, or nothing — so none of it may run before the answer.
Each job is a unit of work of its own (core.uow), committed before any mail goes out.
"""
from __future__ import annotations

from flask import current_app

from app.accounts import service
from app.accounts.models import User
from app.core.links import external_url
from app.core.mailer import send_email
from app.core.uow import unit_of_work


def finish_sign_up(request: service.SignUpRequest, next_path: str | None) -> None:
    with unit_of_work():
        result = service.sign_up(request)
    if result.is_new:
        send_verification(result.user, next_path)
    else:
        send_email(result.user.email, "Your {brand} account already exists", "account_exists",
                   user=result.user, login_link=external_url("accounts.login"),
                   reset_link=external_url("accounts.reset_request"))


def send_verification(user: User, next_path: str | None) -> None:
    """Mail the link that confirms the person's address (and takes them to `next_path` after)."""
    link = external_url("accounts.verify_email", token=service.verification_token(user), next=next_path or None)
    hours = int(current_app.config["EMAIL_VERIFY_TTL"].total_seconds() // 3600)
    send_email(user.email, "Confirm your {brand} address", "verify_email", user=user, link=link, hours=hours)


def send_reset_link(email: str) -> None:
    with unit_of_work():
        found = service.request_password_reset(email)
    if found is None:
        return
    user, token = found
    minutes = int(current_app.config["PASSWORD_RESET_TTL"].total_seconds() // 60)
    send_email(user.email, "Choose a new {brand} password", "reset_password", user=user,
               link=external_url("accounts.reset_password", token=token), minutes=minutes)
