"""Links that leave the site, and the hosts a request may name — both from PRIMER_BASE_URL.

A link in an email or handed to Stripe must never be built from the request's Host header (or
X-Forwarded-Host): whoever sends the request would choose where a reset link points. So every
such link is built on the one configured public address, and requests naming any other host
are refused (Flask's TRUSTED_HOSTS).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app

# On a laptop the same server answers to both loopback names.
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def parse_base_url(value: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path) of a base URL, or RuntimeError with a one-line reason."""
    parts = urlsplit((value or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuntimeError(f"PRIMER_BASE_URL must be an http(s) address such as https://academy.example.com, "
                           f"not {value!r}.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise RuntimeError("PRIMER_BASE_URL must be a plain address, without a query, fragment or login.")
    return parts.scheme, parts.netloc, parts.path.rstrip("/")


def trusted_hosts(base_url: str, *, development: bool = False) -> list[str]:
    """The host names requests may name: the base URL's (and, in development, both loopback names)."""
    host = urlsplit(base_url).hostname or ""
    hosts = [host]
    if development and host in LOOPBACK_NAMES:
        hosts += [name for name in LOOPBACK_NAMES if name != host]
    return hosts


def external_url(endpoint: str, **values) -> str:
    """The absolute address of `endpoint` on PRIMER_BASE_URL, whatever host the request named."""
    app = current_app._get_current_object()
    scheme, netloc, path = parse_base_url(app.config["PRIMER_BASE_URL"])
    app.inject_url_defaults(endpoint, values)
    adapter = app.url_map.bind(netloc, script_name=path or "/", url_scheme=scheme)
    return adapter.build(endpoint, values, force_external=True)
