"""Admins invite people: an account made for an address and a role, which works once the
invitee chooses a password through the mailed link (an invitation token, see tokens).

Until then the account holds a random password nobody knows and an unconfirmed address, so it
cannot log in. Inviting an address that has an account changes nothing and says so.
"""
from __future__ import annotations

import secrets

from flask import current_app
from flask_babel import force_locale, gettext as _

from app.accounts import audit, passwords, service, tokens
from app.accounts.models import AccountAction, Role, TokenPurpose, User
from app.accounts.service import AccountError, Profile
from app.core.time import utcnow


def _ttl():
    return current_app.config["INVITATION_TTL"]


def _already(user: User) -> AccountError:
    if user.invitation_pending:
        message = _("%(email)s has been invited already and has not accepted yet; send the invitation again "
                    "from the list. Nothing was changed.", email=user.email)
    elif not user.is_active:
        message = _("%(email)s already has an account (%(role)s), deactivated; reactivate it from the list. "
                    "Nothing was changed.", email=user.email, role=user.role.label)
    else:
        message = _("%(email)s already has an account (%(role)s); change its role from the list if need be. "
                    "Nothing was changed.", email=user.email, role=user.role.label)
    return AccountError(message, field="email")


def invite(email: str, role: Role, profile: Profile, *, by: User) -> tuple[User, str]:
    """Make the invited account and its invitation token (the caller mails the link)."""
    email = service.normalize_email(email)
    profile.check()
    known = service.find_by_email(email)
    if known is not None:
        raise _already(known)
    user = service.create_account(email, passwords.hash_password(secrets.token_urlsafe(32)), role=role,
                                  profile=profile)
    user.invited_at = utcnow()
    with force_locale("en"):  # the audit trail is kept in one language
        detail = f"as {role.label}"
    audit.record(user, AccountAction.INVITED, by=by, detail=detail)
    return user, tokens.issue(user, TokenPurpose.INVITATION, _ttl())


def resend(user: User, *, by: User) -> str:
    """A fresh invitation token for an invitation not accepted yet; the older links stop working."""
    if not user.is_active:
        raise AccountError(_("%(email)s is deactivated: reactivate the account before inviting them again.",
                             email=user.email))
    if not user.invitation_pending:
        raise AccountError(_("%(email)s has already accepted: there is no invitation to send again.", email=user.email))
    tokens.use_up(user, TokenPurpose.INVITATION)
    audit.record(user, AccountAction.INVITATION_RESENT, by=by)
    return tokens.issue(user, TokenPurpose.INVITATION, _ttl())


def invitation_for(token: str):
    """The live invitation token row for this token, or None (expired, used, unknown)."""
    return tokens.live(token, TokenPurpose.INVITATION)


def accept(token: str, password: str) -> User:
    """The invitee chooses their password: the account works from now on."""
    user = service.choose_password(token, password, TokenPurpose.INVITATION)
    audit.record(user, AccountAction.INVITATION_ACCEPTED, by=user)
    return user


def days_valid() -> int:
    return max(1, int(_ttl().total_seconds() // 86_400))
