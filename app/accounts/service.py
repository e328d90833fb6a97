"""Accounts: sign-up, sign-in, password changes and resets, consent, roles.

Functions here flush and never commit: the caller (a view or a command) commits once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts import audit, passwords, sessions, throttle, tokens
from app.accounts.models import AccountAction, PasswordResetToken, Role, TokenPurpose, User
from app.core import signals
from app.core.extensions import db
from app.core.i18n import LANGUAGES, is_time_zone
from app.core.names import name_problem
from app.core.time import utcnow
from app.learning import service as learning
from app.learning.events import Verb
from app.scoring import service as scoring

CONSENT_WORDING = _l(
    "The sales team may contact me about the products this training covers, "
    "using what I do here (courses, lessons, quizzes)."
)
PROFILE_FIELDS = {"first_name": _l("First name"), "last_name": _l("Last name"), "company": _l("Company"),
                  "job_title": _l("Job title"), "country": _l("Country")}


class AccountError(ValueError):
    """A request about an account cannot be done; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalize_email(raw: str) -> str:
    """Validate the address's syntax and fold it to lower case (emails are unique ignoring case)."""
    try:
        result = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError:  # its own reason is in English, and names parts of the address
        raise AccountError(_("This is not an email address: check it for a typo."), field="email") from None
    return result.normalized.lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


@dataclass
class Profile:
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    job_title: str = ""
    country: str = ""

    def check(self) -> None:
        """Raise AccountError naming the first field that holds NUL or a bidirectional control
        (within the text: what surrounds it, a stray line break too, is trimmed when saved)."""
        for name, label in PROFILE_FIELDS.items():
            problem = name_problem(getattr(self, name).strip())
            if problem:
                raise AccountError(_("%(field)s %(problem)s.", field=label, problem=problem), name)


def _check_policy(password: str, email: str) -> None:
    try:
        passwords.check_policy(password, email=email)
    except passwords.PasswordPolicyError as exc:
        raise AccountError(str(exc), field="password") from None


def _checked(email: str, password: str) -> str:
    """The normalized address, once the address and the password policy are checked."""
    email = normalize_email(email)
    _check_policy(password, email)
    return email


def create_user(
    email: str, password: str, *, role: Role = Role.LEARNER, profile: Profile | None = None,
    consent_contact: bool = False, verified: bool = False,
) -> User:
    """Create an account after checking the address and the password policy. Accounts made by
    staff (`verified`) count as confirmed; self-made ones work once their address is."""
    email = _checked(email, password)
    profile = profile or Profile()
    profile.check()
    return _add_user(email, passwords.hash_password(password), role=role, profile=profile,
                     consent_contact=consent_contact, verified=verified)


def create_account(email: str, password_hash: str, *, role: Role, profile: Profile) -> User:
    """An account whose address is not confirmed yet, with this password hash (for an invitation:
    a random password nobody knows, until the invitee chooses theirs). The address is checked."""
    return _add_user(email, password_hash, role=role, profile=profile, consent_contact=False, verified=False)


def _add_user(email: str, password_hash: str, *, role: Role, profile: Profile, consent_contact: bool,
              verified: bool) -> User:
    if find_by_email(email):
        raise AccountError(_("An account with this email already exists. Log in or reset your password."), "email")
    user = User(
        email=email,
        password_hash=password_hash,
        role=role,
        first_name=profile.first_name.strip(),
        last_name=profile.last_name.strip(),
        company=profile.company.strip(),
        job_title=profile.job_title.strip(),
        country=profile.country.strip(),
        email_verified_at=utcnow() if verified else None,
    )
    set_consent(user, consent_contact)
    db.session.add(user)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # someone signed up with the same address a moment ago
        raise AccountError(_("An account with this email already exists. Log in or reset your password."), "email") from None
    if role is Role.LEARNER:
        learning.record_event(user.id, Verb.SIGNED_UP, dedupe_key=f"signed_up:{user.id}")
    return user


@dataclass(frozen=True)
class SignUpRequest:
    """A sign-up whose form passed every check that does not depend on the address's account."""

    email: str
    password_hash: str
    profile: Profile
    consent_contact: bool
    locale: str | None = None  # the language the sign-up page was in: Primer goes on writing in it


@dataclass
class SignUp:
    """What a sign-up did: made an account, or found the one the address already has."""

    user: User
    is_new: bool


def prepare_sign_up(email: str, password: str, *, profile: Profile, consent_contact: bool,
                    locale: str | None = None) -> SignUpRequest:
    """Check the form and hash the password, touching no account: the answer to a sign-up, and
    its timing, must not tell whether the address has one (`sign_up` finishes after the answer)."""
    email = _checked(email, password)
    profile.check()
    return SignUpRequest(email, passwords.hash_password(password), profile, consent_contact, locale)


def sign_up(request: SignUpRequest) -> SignUp:
    """A new, unconfirmed account; or, for an address that has one, that account untouched."""
    known = find_by_email(request.email)
    if known is not None:
        return SignUp(known, is_new=False)
    try:
        user = _add_user(request.email, request.password_hash, role=Role.LEARNER, profile=request.profile,
                         consent_contact=request.consent_contact, verified=False)
        user.locale = request.locale if request.locale in LANGUAGES else None
    except AccountError:  # the same address signed up a moment ago (its savepoint is rolled back)
        return SignUp(find_by_email(request.email), is_new=False)
    return SignUp(user, is_new=True)


def _verifier() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="primer-verify-email")


def verification_token(user: User) -> str:
    """A signed, expiring token naming the account and the address it confirms."""
    return _verifier().dumps({"user": user.id, "email": user.email})


def verify_email(token: str) -> User | None:
    """Confirm the address the token names; the user if this confirmed it, None if the link is
    expired, forged, for an address the account no longer has, or already used."""
    try:
        data = _verifier().loads(token, max_age=int(current_app.config["EMAIL_VERIFY_TTL"].total_seconds()))
    except BadSignature:
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email") or user.is_verified or not user.is_active:
        return None
    mark_verified(user)
    return user


def mark_verified(user: User) -> None:
    """The person showed they read mail at their address: the account works, and a qualified
    lead may now reach the CRM."""
    if user.is_verified:
        return
    user.email_verified_at = utcnow()
    signals.address_confirmed.send(user.id)


def set_consent(user: User, given: bool) -> None:
    """Record consent to be contacted, with its time and the wording shown."""
    if given and not user.consent_contact:
        user.consent_contact = True
        user.consent_contact_at = utcnow()
        user.consent_contact_wording = str(CONSENT_WORDING)  # as the person read it
    elif not given and user.consent_contact:
        user.consent_contact = False
        user.consent_contact_at = utcnow()
        user.consent_contact_wording = None


class Unconfirmed(AccountError):
    """Right password, but the address is not confirmed yet: the account does not work."""

    def __init__(self, user: User):
        super().__init__(_("Confirm your email address first: we have sent you a new link. "
                           "Follow it, then log in."))
        self.user = user


class Deactivated(AccountError):
    """Right password, but an admin deactivated the account: it does not work."""

    def __init__(self):
        super().__init__(_("This account has been deactivated, so it cannot log in. "
                           "If you think it should work, ask an admin to reactivate it."))


def authenticate(email: str, password: str) -> User | None:
    """The user with these credentials, or None; takes about as long either way. Raises
    Deactivated for the right password of a deactivated account (only the owner learns it is),
    and Unconfirmed for that of an account whose address is not confirmed.

    Many recent failures on the account slow every attempt on it down (see throttle)."""
    throttle.slow_down(email)
    user = find_by_email(email)
    if user is None:
        passwords.burn_verify_time(password)
        throttle.record_failure(email)
        return None
    if not passwords.verify_password(user.password_hash, password):
        throttle.record_failure(email)
        return None
    if not user.is_active:
        raise Deactivated()
    if not user.is_verified:
        raise Unconfirmed(user)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def change_password(user: User, current: str, new: str, *, keep_session: str | None) -> None:
    if not passwords.verify_password(user.password_hash, current):
        raise AccountError(_("Your current password is not right."), field="current_password")
    _set_password(user, new)
    sessions.end_all(user, keep=keep_session)


def _set_password(user: User, new: str) -> None:
    _check_policy(new, user.email)
    user.password_hash = passwords.hash_password(new)
    user.password_changed_at = utcnow()
    tokens.use_up(user)  # a reset link asked for before the change must not undo it


def request_password_reset(email: str) -> tuple[User, str] | None:
    """Make a reset token for the account with this email; None when there is no such account
    (or it is deactivated: its owner may not come back in through a reset)."""
    try:
        email = normalize_email(email)
    except AccountError:
        return None
    user = find_by_email(email)
    if user is None or not user.is_active:
        return None
    return user, tokens.issue(user, TokenPurpose.RESET, current_app.config["PASSWORD_RESET_TTL"])


def reset_token_user(token: str, *, now: datetime | None = None) -> PasswordResetToken | None:
    """The live (unused, unexpired) reset token row for this token, or None."""
    return tokens.live(token, TokenPurpose.RESET, now=now)


def reset_password(token: str, new: str) -> User:
    """Set a new password with a reset token: the token, and every other one, is used up."""
    return choose_password(token, new, TokenPurpose.RESET)


LINK_GONE = {
    TokenPurpose.RESET: _l("This reset link has expired or was already used. Ask for a new one."),
    TokenPurpose.INVITATION: _l("This invitation has expired or was already used. Ask the admin who invited you "
                                "to send it again."),
}


def choose_password(token: str, new: str, purpose: TokenPurpose) -> User:
    """Set a password through a mailed link (a reset or an invitation): the link reached the
    person's mailbox, so the address counts as confirmed; every session and link is ended."""
    row = tokens.live(token, purpose)
    if row is None:
        raise AccountError(str(LINK_GONE[purpose]))
    user = row.user
    _check_policy(new, user.email)  # before the claim: a refused password leaves the link usable
    if not tokens.claim(row):  # two submits of the same link set the password once
        raise AccountError(str(LINK_GONE[purpose]))
    _set_password(user, new)  # uses up the user's other links too
    mark_verified(user)  # the link reached their mailbox
    sessions.end_all(user)
    return user


def set_role(user: User, role: Role, *, by: User) -> None:
    """Change a person's role. An admin cannot demote themself (someone must stay admin)."""
    if user.id == by.id and role is not Role.ADMIN:
        raise AccountError(_("You cannot remove your own admin role; ask another admin."), field="role")
    if user.role is not role:
        with force_locale("en"):  # the audit trail is kept in one language
            detail = f"{user.role.label} → {role.label}"
        audit.record(user, AccountAction.ROLE_CHANGED, by=by, detail=detail)
        user.role = role
        sessions.end_all(user)  # new powers or fewer: start from a fresh login


def set_preferences(user: User, *, locale: str | None, time_zone: str | None) -> None:
    """The language Primer speaks to `user` in and the time zone it shows times in (None: automatic)."""
    if locale is not None and locale not in LANGUAGES:
        raise AccountError(_("Primer does not speak “%(locale)s”.", locale=locale))
    if time_zone is not None and not is_time_zone(time_zone):
        raise AccountError(_("“%(zone)s” is not a time zone.", zone=time_zone))
    user.locale, user.time_zone = locale, time_zone


def update_profile(user: User, profile: Profile, *, consent_contact: bool) -> None:
    """Save what the person says about themself; consent changes are recorded with their time."""
    profile.check()
    user.first_name = profile.first_name.strip()
    user.last_name = profile.last_name.strip()
    user.company = profile.company.strip()
    user.job_title = profile.job_title.strip()
    user.country = profile.country.strip()
    had_consent = user.consent_contact
    set_consent(user, consent_contact)
    scoring.refresh_fit(user)  # job title, company or country may change who the person is
    if had_consent != user.consent_contact:
        signals.consent_changed.send(user.id, given=user.consent_contact)
