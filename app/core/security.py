"""Security plumbing shared by every blueprint: headers, login settings, roles, safe redirects.

Who is signed in is the accounts area's to say (accounts.login, registered by the factory).
"""
from __future__ import annotations

from enum import Enum
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_talisman import Talisman

from app.core.errors import render_error
from app.core.extensions import login_manager

# No inline script or style anywhere: every asset is a file served by Primer itself.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:", "https:"],
    "media-src": ["'self'", "https:"],
    # The players Primer embeds (lessons' media, the library's videos and podcasts), and no other.
    "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com",
                  "https://open.spotify.com", "https://w.soundcloud.com", "https://fast.wistia.net"],
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def content_security_policy(config) -> dict:
    """The policy, letting the Buy form's redirect reach Stripe's hosted Checkout page: browsers
    apply form-action to where a form's answer redirects, not only to its action."""
    checkout = config.get("STRIPE_CHECKOUT_ORIGIN")
    return {**CONTENT_SECURITY_POLICY, "form-action": ["'self'", checkout] if checkout else "'self'"}


def init_security(app: Flask) -> None:
    production = app.config.get("HSTS", False)
    # One Talisman per app: it keeps its settings on the instance, so a shared one would
    # let the last app created decide the headers of every other.
    app.extensions["talisman"] = Talisman(
        app,
        force_https=production,
        strict_transport_security=production,
        content_security_policy=content_security_policy(app.config),
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()", "browsing-topics": "()"},
    )
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.localize_callback = str  # the flash is stored in the session: plain text, in the reader's language
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(_refuse_nul_characters)
    app.after_request(_no_store_for_signed_in)


def _refuse_nul_characters():
    """Answer 400 when the address, the query or a form field holds a NUL character.

    No person types one, and PostgreSQL cannot store or even compare text holding it, so it
    would otherwise fail deep inside whichever query met it first.
    """
    texts = [request.path, *request.args.keys(), *request.args.values()]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        texts += [*request.form.keys(), *request.form.values()]
    if any("\x00" in text for text in texts):
        return render_error(400, _("What was sent holds a NUL character (\\0), which this site does not accept."))
    return None


def _no_store_for_signed_in(response):
    """Pages made for one person must not be kept by shared caches or the back button."""
    if current_user.is_authenticated and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def accepts_upload(setting: str):
    """Let a view take bodies up to the size in `setting` instead of MAX_CONTENT_LENGTH."""

    def decorator(view):
        view.upload_limit_setting = setting
        return view

    return decorator


def limit_request_body():
    """Refuse (413) a body larger than the view accepts before reading any of it; a body sent
    without a length is cut off at the same size as it is read. Registered before CSRF
    protection, which reads the form."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    setting = getattr(view, "upload_limit_setting", None)
    if setting:
        request.max_content_length = current_app.config[setting]
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def role_required(*roles: Enum):
    """Refuse the view (403) to anyone whose role is not one of `roles`, members of
    core.roles.Role (admins always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site, else `default` (no open redirects)."""
    if not target:
        return default
    target = target.strip()
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def next_from_request(default: str = "/") -> str:
    return safe_next(request.values.get("next"), default)
