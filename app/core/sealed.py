"""Data that must wait somewhere (a table, a broker) but must not be readable there: a mail holding
a password-reset link, a sign-up holding a password hash. Sealed with Fernet (AES and an HMAC)
under a key derived from SECRET_KEY, so a copy of the database or of the broker without the
key reveals nothing, and a changed byte is refused. Keys listed in SECRET_KEY_FALLBACKS still
open what was sealed before a key change."""
from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PURPOSE = b"primer: sealed background data"


class Unreadable(Exception):
    """Sealed under a key this app no longer has, or changed since."""


def _fernet(secret: str | bytes) -> Fernet:
    secret = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    config = current_app.config
    return MultiFernet([_fernet(config["SECRET_KEY"]),
                        *(_fernet(old) for old in config.get("SECRET_KEY_FALLBACKS") or ())])


def seal(data: Any) -> str:
    """`data` (anything JSON can hold) as an opaque, tamper-evident string."""
    return _keys().encrypt(json.dumps(data, separators=(",", ":")).encode()).decode("ascii")


def unseal(token: str) -> Any:
    try:
        return json.loads(_keys().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError) as error:
        raise Unreadable("sealed under another SECRET_KEY, or changed since") from error
