"""Slowing down password guessing on one account without locking its owner out (ASVS 6.3.1).

Refusals are per client address and per (account, address) pair (Flask-Limiter, in the auth
views), so one guesser locks out only themself. Guesses at one account spread over many
addresses are slowed instead: past a number of recent failures, every login attempt on that
account waits a little longer before its password is checked — the owner still gets in, a
distributed guesser gets far fewer tries. Counts live in the rate-limit store, so every server
sees the same numbers.
"""
from __future__ import annotations

import time

from flask import current_app

from app.core.extensions import limiter

# Indirection for tests (which check the delay asked for rather than wait it).
sleep = time.sleep


def _key(email: str) -> str:
    return "login-failures:" + email.strip().lower()


def delay_for(failures: int) -> float:
    """Seconds to wait before checking a password, after `failures` recent failures on the account."""
    settings = current_app.config
    excess = failures - settings["LOGIN_SLOWDOWN_AFTER"]
    if excess < 0:
        return 0.0
    return min(settings["LOGIN_SLOWDOWN_BASE_SECONDS"] * 2 ** min(excess, 16), settings["LOGIN_SLOWDOWN_MAX_SECONDS"])


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def slow_down(email: str) -> float:
    """Wait as long as the account's recent failures call for; returns the seconds waited."""
    if not _enabled():
        return 0.0
    seconds = delay_for(limiter.storage.get(_key(email)))
    if seconds:
        sleep(seconds)
    return seconds


def record_failure(email: str) -> None:
    if _enabled():
        window = current_app.config["LOGIN_SLOWDOWN_WINDOW_SECONDS"]
        limiter.storage.incr(_key(email), window)

