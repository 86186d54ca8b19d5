"""Security headers on every response, and ``Cache-Control: no-store`` on signed-in pages.

Why a nonce: the pages carry a few inline scripts (the report form's ``增加一条``);
a fresh random nonce per response lets exactly those run while any script that
found its way into a page's data does not. Event-handler attributes
(``onsubmit=…``) cannot carry a nonce, so the templates use ``data-confirm`` /
``data-autosubmit`` / ``data-back`` handled by ``static/app.js`` instead.
Styles may be inline (status colours are computed per cell; HTMX and ECharts
set styles); no third-party origin is allowed for anything.

The public site under ``/public`` is a static build meant to open from disk too;
its one inline handler (``return false`` on the search form) is allowed by hash.
Signed-in responses are never stored by the browser or a proxy: after logging out,
Back must not show the office's pages from the cache.
"""
from __future__ import annotations

import base64
import hashlib
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMMON = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
          (b"referrer-policy", b"same-origin"), (b"cross-origin-opener-policy", b"same-origin")]
POLICY = ("default-src 'self'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
PUBLIC_HANDLERS = ("return false",)


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


PUBLIC_POLICY = POLICY.format(scripts="'unsafe-hashes' " + " ".join(_hash(s) for s in PUBLIC_HANDLERS))


def signed_in(scope: Scope) -> bool:
    state = scope.get("state") or {}
    session = state.get("session") or {}
    return bool(session.get("uid")) or getattr(state.get("user"), "id", None) is not None


class SecurityHeaders:
    """Pure ASGI middleware: puts ``csp_nonce`` in the request state, the headers on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        path = scope.get("path", "")
        policy = PUBLIC_POLICY if path.startswith(("/open", "/public")) else POLICY.format(scripts=f"'nonce-{nonce}'")
        was_signed_in = signed_in(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in COMMON if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", policy.encode("ascii")))
                if b"cache-control" not in present and not path.startswith("/static/") \
                        and (was_signed_in or signed_in(scope)):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
