"""The guard in front of every route: request sizes, form field counts, NUL characters and oversized ids.

Why an ASGI middleware that counts bytes as they stream: a route's form is parsed
before its CSRF check or any dependency runs, so a limit checked there comes after
the whole body was read into memory (three anonymous 1 GB logins took the server
to 3.3 GB). Here a ``Content-Length`` above the limit is refused before a byte is
read, and a body without one is cut off as soon as it passes the limit.

Limits (``duban.settings``): before signing in ``DUBAN_MAX_ANONYMOUS_KB``; signed
in ``DUBAN_MAX_FORM_MB``, multipart uploads ``DUBAN_MAX_FILE_MB`` + 1 MB; at most
``DUBAN_MAX_FORM_FIELDS`` fields or files per form.

NUL is refused in the path, the query and urlencoded or JSON bodies: PostgreSQL
cannot store it in text (it answered 500), and no one types it. Whole-number path
segments and query values beyond a 64-bit id are answered 404 / 422 here instead
of an ``OverflowError`` deep in the database driver.
"""
from __future__ import annotations

import re
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

from fastapi import HTTPException  # FastAPI re-raises its own while parsing a body; others become a 400
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from duban.settings import Settings
from duban.web.security import COOKIE_NAME

MAX_ID = 2**63 - 1
_WHOLE = re.compile(r"[+-]?\d+")
_NUL_ENCODED = re.compile(rb"%00|\x00|\\u0000", re.IGNORECASE)
NUL_MESSAGE = "输入中含有不允许的空字符（NUL），请删除后重试"


def too_large_message(limit: int) -> str:
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"
    return f"提交的内容过大（上限 {size}），未保存；请精简后重试，或分几次提交"


def oversized_id(text: str) -> bool:
    return bool(_WHOLE.fullmatch(text)) and len(text.lstrip("+-")) >= 19 and abs(int(text)) > MAX_ID


class _Counter:
    """Counts bytes, fields and NULs over a streamed body, keeping a short tail across chunk edges."""

    def __init__(self, limit: int, max_fields: int, content_type: str):
        self.limit, self.max_fields, self.seen, self.fields = limit, max_fields, 0, 0
        self.tail = b""
        self.urlencoded = content_type.startswith("application/x-www-form-urlencoded")
        self.check_nul = self.urlencoded or content_type.startswith("application/json")
        boundary = re.search(r"boundary=\"?([^\";]+)", content_type) if content_type.startswith("multipart/") else None
        self.separator = (b"--" + boundary.group(1).encode("latin-1")) if boundary else None

    def feed(self, chunk: bytes) -> None:
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise HTTPException(413, too_large_message(self.limit))
        window = self.tail + chunk
        if self.check_nul and _NUL_ENCODED.search(window):
            raise HTTPException(400, NUL_MESSAGE)
        if self.urlencoded:
            self.fields += chunk.count(b"&")
        elif self.separator:
            self.fields += window.count(self.separator) - self.tail.count(self.separator)
        if self.fields > self.max_fields:
            raise HTTPException(413, f"表单字段过多（上限 {self.max_fields} 个），未保存")
        keep = max(6, len(self.separator or b""))
        self.tail = window[-keep:]


class RequestGuard:
    """Pure ASGI middleware; ``signed_in(scope)`` tells the signed-in limit from the anonymous one."""

    def __init__(self, app: ASGIApp, settings: Settings, signer) -> None:
        self.app, self.settings, self.signer = app, settings, signer

    def _signed_in(self, scope: Scope) -> bool:
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                cookie = SimpleCookie()
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:  # noqa: BLE001 - a malformed cookie header is simply not a session
                    return False
                morsel = cookie.get(COOKIE_NAME)
                data = self.signer.loads(morsel.value) if morsel else None
                return bool(data and data.get("uid"))
        return False

    def limit_for(self, scope: Scope, content_type: str) -> int:
        if not self._signed_in(scope):
            return self.settings.max_anonymous_kb * 1024
        if content_type.startswith("multipart/"):
            return int((self.settings.max_file_mb + 1) * 1024 * 1024)
        return int(self.settings.max_form_mb * 1024 * 1024)

    @staticmethod
    def refuse_url(scope: Scope) -> HTTPException | None:
        path = scope.get("path", "")
        if "\x00" in path:
            return HTTPException(400, NUL_MESSAGE)
        if any(oversized_id(part) for part in path.split("/")):
            return HTTPException(404, "页面不存在：编号超出范围")
        query = scope.get("query_string", b"")
        if b"%00" in query.lower() or b"\x00" in query:
            return HTTPException(400, NUL_MESSAGE)
        try:
            pairs = parse_qsl(query.decode("latin-1"))
        except ValueError:
            return None
        for name, value in pairs:
            if oversized_id(value.strip()):
                return HTTPException(422, f"参数 {name} 超出范围")
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refuse_url(scope)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())
                   if k in (b"content-length", b"content-type")}
        content_type = headers.get("content-type", "").lower()
        limit = self.limit_for(scope, content_type)
        declared = headers.get("content-length", "")
        if refusal is None and declared.isdigit() and int(declared) > limit:
            refusal = HTTPException(413, too_large_message(limit))
        if refusal is not None:
            await self.refuse(scope, receive, send, refusal)
            return
        counter = _Counter(limit, self.settings.max_form_fields, content_type)
        refused = False

        async def counted() -> Message:
            # the refusal is sent from here and the app is told the client left: an exception raised
            # inside ``receive`` would reach the route wrapped by task groups and come out as a 400 or 500
            nonlocal refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                try:
                    counter.feed(message.get("body", b""))
                except HTTPException as exc:
                    refused = True
                    await self.refuse(scope, receive, send, exc)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except Exception:
            if not refused:
                raise

    async def refuse(self, scope: Scope, receive: Receive, send: Send, exc: HTTPException) -> None:
        """The app's own error page for ``exc`` (Chinese, JSON for the API), without reading the body."""
        from duban.web.errors import error_response
        request = Request(scope, receive)
        response = error_response(request, exc.status_code, exc.detail)
        response.headers["Connection"] = "close"  # the unread body must not be taken for the next request
        await response(scope, receive, send)
