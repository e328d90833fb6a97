"""Password policy and hashing (Argon2id).

Policy follows NIST SP 800-63B / OWASP ASVS 2.1: length 8 to 128, every character counts
(nothing is truncated), no composition rules, and the most common passwords are refused.
"""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _, ngettext
from zxcvbn.frequency_lists import FREQUENCY_LISTS

# The 10,000 most used passwords from zxcvbn's corpus (ranked by frequency).
COMMON_PASSWORD_COUNT = 10_000


class PasswordPolicyError(ValueError):
    """The chosen password is not acceptable; the message says why, for the person."""


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_PASSWORD_COUNT])


def check_policy(password: str, *, email: str | None = None) -> None:
    settings = current_app.config
    low, high = settings["PASSWORD_MIN_LENGTH"], settings["PASSWORD_MAX_LENGTH"]
    if len(password) < low:
        raise PasswordPolicyError(ngettext("Use at least %(num)d character.", "Use at least %(num)d characters.", low))
    if len(password) > high:
        raise PasswordPolicyError(ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", high))
    folded = password.lower()
    if folded in _common_passwords() or len(set(password)) < 3:
        raise PasswordPolicyError(_("This password is too common; choose one that is harder to guess."))
    if email and folded in {email.lower(), email.lower().split("@")[0]}:
        raise PasswordPolicyError(_("Your password must not be your email address."))


def hasher() -> PasswordHasher:
    settings = current_app.config
    return PasswordHasher(
        time_cost=settings["ARGON2_TIME_COST"],
        memory_cost=settings["ARGON2_MEMORY_COST_KIB"],
        parallelism=settings["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=4)
def _dummy_hash(params: tuple[int, int, int]) -> str:
    return PasswordHasher(*params).hash("not-a-real-password-just-burns-time")


def burn_verify_time(password: str) -> None:
    """Spend what a real verification costs, so an unknown email is not faster to reject."""
    settings = current_app.config
    params = (settings["ARGON2_TIME_COST"], settings["ARGON2_MEMORY_COST_KIB"], settings["ARGON2_PARALLELISM"])
    verify_password(_dummy_hash(params), password)
