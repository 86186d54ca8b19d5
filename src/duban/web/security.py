"""The signed session cookie, CSRF tokens, the signing key and the client's address.

Why a hand-rolled signer: the session holds only a user id, the user's session
version, a CSRF token and an issue time; HMAC-SHA256 over that JSON from the
standard library is all it needs, without another dependency. The cookie is
HttpOnly and SameSite=Lax (Secure when ``DUBAN_COOKIE_SECURE``); every
state-changing request must echo the session's CSRF token in a form field or the
``X-CSRF-Token`` header. The session version is what lets the server end a
cookie it never stored (``duban.work.accounts``).

The signing key is ``DUBAN_SECRET_KEY``, else one generated on first start and
kept in the data directory, so a restart does not log everybody out.

The client's address (for login throttling) is the connection's peer unless that
peer is a configured trusted proxy (``DUBAN_TRUSTED_PROXIES``); then the nearest
``X-Forwarded-For`` entry that is not itself a trusted proxy. Nothing is trusted
by default, loopback included: anyone on the machine could otherwise pick any
address per request.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import os
import secrets
import time
from functools import lru_cache
from pathlib import Path

import platformdirs
from sqlalchemy.engine import make_url

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


def new_session(user_id: int | None = None, version: int = 0) -> dict:
    return {"uid": user_id, "sv": version, "csrf": secrets.token_urlsafe(24), "iat": int(time.time())}


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def data_dir_for(database_url: str) -> Path:
    """Beside a SQLite file; else the user's data directory."""
    try:
        url = make_url(database_url)
    except Exception:  # noqa: BLE001 - an unreadable URL fails later, with its own message
        url = None
    if url is not None and url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not url.database.startswith("file:"):
        return Path(url.database).expanduser().resolve().parent
    return Path(platformdirs.user_data_dir("duban", appauthor=False))


def persistent_secret(directory: Path) -> str:
    """The key in ``directory/secret_key``, written (mode 600) on first use; a new one per start if unwritable."""
    path = directory / "secret_key"
    try:
        text = path.read_text("ascii").strip()
        if len(text) >= 32:
            return text
    except (OSError, UnicodeDecodeError):
        pass
    key = secrets.token_hex(32)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(key + "\n")
    except FileExistsError:  # another process wrote it first: use theirs
        return persistent_secret(directory) if path.stat().st_size else key
    except OSError:
        return key
    return key


@lru_cache(maxsize=64)
def trusted_networks(setting: str) -> tuple:
    nets = []
    for part in setting.replace(";", ",").split(","):
        if part.strip():
            nets.append(ipaddress.ip_network(part.strip(), strict=False))
    return tuple(nets)


def _is_trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(peer: str | None, forwarded_for: str | None, trusted: str) -> str:
    """The client as seen by the first proxy we trust (see the module note); the peer by default."""
    address = peer or "?"
    networks = trusted_networks(trusted) if trusted else ()
    if not networks or not _is_trusted(address, networks) or not forwarded_for:
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address  # garbage from a client behind the proxy: keep the proxy's own address
    return address
