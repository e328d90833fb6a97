"""The library's settings: the app's config when there is an app, else these defaults (a script or
a test that builds no app still gets a guarded fetch)."""
from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

DEFAULTS: dict[str, Any] = {
    "LIBRARY_FETCH_TIMEOUT": 5.0,  # seconds for connecting, and for each wait on the answer
    "LIBRARY_FETCH_DEADLINE": 20.0,  # seconds for a whole fetch, its redirects included
    "LIBRARY_FETCH_MAX_BYTES": 5 * 1024 * 1024,
    "LIBRARY_FETCH_PORTS": (80, 443),
    "LIBRARY_FETCH_ALLOW": (),
    "LIBRARY_FETCH_CONNECT_TO": {},
    "LIBRARY_FETCH_CA_CERTS": None,  # None: certifi's bundle
    "PRIMER_BASE_URL": "",
}


def setting(name: str) -> Any:
    if has_app_context():
        return current_app.config.get(name, DEFAULTS[name])
    return DEFAULTS[name]
