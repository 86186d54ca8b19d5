"""Every error as a page that says what happened, in Chinese, and keeps what was typed.

Why here and not in each route: a form post that fails — an expired session, a
report too long, a full disk, a database that went away — must not lose the text
a unit spent an hour writing, whichever form it came from. The handler shows the
submitted text fields (never passwords or tokens) read-only, ready to copy back.

Representation: JSON for the API (``/api/…``, ``?format=json``), for HTMX and for
clients that do not ask for HTML; a page for browsers. Database failures are
sorted by what the user can do: the database is unavailable (503, try later),
the disk is full (507, nothing saved), the database is busy (503), a value out of
range (422).
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from duban.store.db import StoreError
from duban.web.deps import Forbidden, LoginRequired, wants_json
from duban.web.render import page
from duban.work.report_limits import ReportInvalid
from duban.work.reporting import AccessDenied, ReportConflict

log = logging.getLogger("duban.web")

TITLES = {400: "无法完成", 401: "请先登录", 403: "无权操作", 404: "页面不存在", 405: "不支持的操作", 409: "内容冲突",
          413: "内容过大", 422: "输入有误", 429: "请稍后再试", 500: "服务器出错", 503: "暂时无法服务", 507: "磁盘已满"}
HIDDEN_FIELDS = {"csrf_token", "password", "new_password", "base_version", "action", "next"}
FIELD_LABELS = {"item": "进展", "comment": "意见", "username": "用户名", "label": "名称", "progress": "工作进展",
                "problems": "存在问题", "plans": "下步计划", "next_steps": "下步计划"}


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
EXPIRED = "登录已过期或页面已失效，本次提交没有保存。填报表单中输入的内容仍保存在本机：重新登录后回到该页面，点“恢复”即可。"


def machine(request: Request) -> bool:
    """A script or API client (JSON answers); a page's own form post is a person and gets a page."""
    if wants_json(request) or request.headers.get("HX-Request"):
        return True
    return request.method not in ("GET", "HEAD") and not request.headers.get("content-type", "").startswith(FORM_TYPES)


def wants_page(request: Request) -> bool:
    return not machine(request)


def expired_page(request: Request, status_code: int) -> Response:
    """Instead of raw JSON after an expired login: say what happened and lead back to the form."""
    back = request.url.path if request.url.path.startswith("/") and not request.url.path.startswith("//") else "/"
    context = {"title": "请重新登录", "message": EXPIRED, "login": f"/login?next={back}", "kept": kept_fields(request),
               "status": status_code}
    return page(request, "error.html", context, status_code=status_code)


def kept_fields(request: Request) -> list[tuple[str, str]]:
    """The text fields of the form already read for this request, for the error page to show back."""
    form = getattr(request, "_form", None)
    if not form:
        return []
    kept, repeated = [], {}
    names = [name for name, _ in form.multi_items()]
    for name, value in form.multi_items():
        if isinstance(value, UploadFile) or name in HIDDEN_FIELDS or "password" in name or not str(value).strip():
            continue
        label = FIELD_LABELS.get(name, name)
        if names.count(name) > 1:
            repeated[name] = repeated.get(name, 0) + 1
            label = f"第{repeated[name]}条{label}"
        kept.append((label, str(value)))
    return kept


def error_response(request: Request, status: int, message: str, *, title: str | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    if not hasattr(request.state, "session"):  # refused before the session middleware ran
        request.state.session, request.state.user = {}, None
    if not wants_page(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    context = {"title": title or TITLES.get(status, "出错了"), "message": message, "kept": kept_fields(request),
               "status": status}
    return page(request, "error.html", context, status_code=status, headers=headers)


def database_failure(exc: DBAPIError) -> tuple[int, str]:
    """What a database error means for the person at the browser.

    The whole chain is read: SQLite rolls back on a full disk, and what reaches the
    handler is the later "no such savepoint", with the real cause in its context.
    """
    parts, seen, current = [], set(), exc
    while current is not None and id(current) not in seen and len(parts) < 10:
        seen.add(id(current))
        parts.append(str(getattr(current, "orig", current)))
        current = current.__cause__ or current.__context__
    text = " | ".join(parts).lower()
    if "full" in text or "no space" in text or "disk" in text and "i/o" in text:
        return 507, "服务器磁盘空间已满，本次内容未能保存。请复制保留下面的内容，并联系管理员清理磁盘后重试。"
    if "locked" in text or "busy" in text:
        return 503, "数据库正忙（其他导入或保存正在进行），本次内容未能保存，请稍后重试。"
    if isinstance(exc, OperationalError) and exc.connection_invalidated or isinstance(exc, OperationalError) \
            and any(w in text for w in ("connect", "connection", "server closed", "terminat", "shutdown")):
        return 503, "数据库暂时无法连接，请稍后再试；如持续出现，请联系管理员检查数据库服务。"
    if isinstance(exc, IntegrityError):
        return 409, "与已有数据冲突（可能已被他人修改），本次内容未能保存，请刷新后重试。"
    if "out of range" in text or "too large" in text or "overflow" in text or "invalid" in text:
        return 422, "输入的数字或文字超出数据库允许的范围，本次内容未能保存。"
    return 500, "数据库出错，本次内容未能保存，请稍后重试；如持续出现，请联系管理员。"


def install_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        if request.url.path == "/api/docs" and request.method == "GET":
            return RedirectResponse("/login?next=/api/docs", status_code=303)
        if machine(request):
            return JSONResponse({"detail": "请先登录"}, status_code=401)
        if request.method not in ("GET", "HEAD"):
            return expired_page(request, 401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    @app.exception_handler(AccessDenied)
    async def forbidden(request: Request, exc: Exception):
        return error_response(request, 403, str(exc))

    @app.exception_handler(ReportConflict)
    async def conflict(request: Request, exc: ReportConflict):
        data = {"detail": str(exc), "latest_version": exc.latest_version, "latest_author": exc.latest_author,
                "theirs": exc.theirs, "mine": exc.mine}
        if wants_json(request):
            return JSONResponse(data, status_code=409)
        return page(request, "conflict.html", {"conflict": data, "back": request.url.path}, status_code=409)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        status = 422 if isinstance(exc, ReportInvalid) else 400
        return error_response(request, status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if wants_page(request) and request.method != "GET" and exc.status_code == 403 and "CSRF" in str(exc.detail):
            return expired_page(request, 403)
        return error_response(request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        fields = "、".join(str(e.get("loc", ("", ""))[-1]) for e in exc.errors())
        message = f"请求参数不正确：{fields}" if fields else "请求参数不正确"
        if not wants_page(request):
            return JSONResponse({"detail": message, "errors": jsonable_encoder(exc.errors(), custom_encoder={
                Exception: str})}, status_code=422)
        return error_response(request, 422, message)

    @app.exception_handler(OverflowError)
    async def overflow(request: Request, exc: OverflowError):
        return error_response(request, 422, "输入的数字超出范围")

    @app.exception_handler(PoolTimeout)
    async def pool_timeout(request: Request, exc: PoolTimeout):
        log.warning("no free database connection for %s %s: %s", request.method, request.url.path, exc)
        return error_response(request, 503, "服务器正忙（同时处理的请求过多），本次操作未完成，请稍后重试。",
                              headers={"Retry-After": "30"})

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError):
        status, message = database_failure(exc)
        log.warning("database error on %s %s: %s", request.method, request.url.path,
                    str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else type(exc).__name__)
        return error_response(request, status, message, headers={"Retry-After": "30"} if status == 503 else None)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(request, 500, "服务器内部错误，本次操作未完成；请稍后重试，如持续出现请联系管理员。")
