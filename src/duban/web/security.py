"""The signed session cookie and CSRF tokens.

Why a hand-rolled signer: the session holds only a user id, a CSRF token and an
issue time; HMAC-SHA256 over that JSON from the standard library is all it needs,
without another dependency. The cookie is HttpOnly and SameSite=Lax (Secure when
``DUBAN_COOKIE_SECURE``); every state-changing request must echo the session's
CSRF token in a form field or the ``X-CSRF-Token`` header.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

COOKIE_NAME = "duban_session"
MAX_AGE = 12 * 3600  # a working day; then log in again
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    def __init__(self, secret: str):
        self.key = hashlib.sha256(("duban-session:" + secret).encode("utf-8")).digest()

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self.key, payload.encode("ascii"), hashlib.sha256).digest())

    def dumps(self, data: dict) -> str:
        payload = _b64(json.dumps(data, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._mac(payload)}"

    def loads(self, token: str | None, now: float | None = None) -> dict | None:
        """The session data, or ``None`` when the cookie is missing, forged or expired."""
        if not token or "." not in token:
            return None
        payload, mac = token.rsplit(".", 1)
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
        except (ValueError, UnicodeDecodeError):
            return None
        issued = data.get("iat", 0) if isinstance(data, dict) else 0
        if not isinstance(data, dict) or (now if now is not None else time.time()) - issued > MAX_AGE:
            return None
        return data


def new_session(user_id: int | None = None) -> dict:
    return {"uid": user_id, "csrf": secrets.token_urlsafe(24), "iat": int(time.time())}


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
