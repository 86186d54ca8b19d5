"""The workbench application: ``create_app(settings)`` builds a FastAPI app for one database.

Why a factory: tests, ``duban serve`` and ``duban demo`` each build an app for
their own database and clock; nothing is read from globals at import time.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from duban.settings import Settings, SettingsError, get_settings
from duban.store.db import StoreError, session_factory
from duban.store.textindex import segment
from duban.web.deps import Forbidden, LoginRequired, csrf_protect, wants_json
from duban.web.public_mount import mount_public_site
from duban.web.render import message_page, page
from duban.web.security import (
    COOKIE_NAME,
    MAX_AGE,
    Signer,
    data_dir_for,
    new_session,
    persistent_secret,
    trusted_networks,
)
from duban.work.public_site import SiteKeeper, default_site_dir
from duban.work.reporting import AccessDenied, ReportConflict
from duban.work.throttle import LoginThrottle

STATIC = Path(__file__).parent / "static"
ROUTERS = ("auth", "dashboard", "exports", "tasks", "rounds", "mytasks", "review", "public", "imports", "units",
           "users", "attachments")


def _install_session(app: FastAPI, settings: Settings) -> None:
    signer = Signer(settings.secret_key or persistent_secret(data_dir_for(settings.database_url)))
    app.state.signer = signer

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        data = signer.loads(request.cookies.get(COOKIE_NAME))
        fresh = data is None
        request.state.session = data if data is not None else new_session()
        request.state.user = None
        response = await call_next(request)
        if fresh or request.state.session is not data:
            response.set_cookie(COOKIE_NAME, signer.dumps(request.state.session), max_age=MAX_AGE, httponly=True,
                                samesite="lax", secure=settings.cookie_secure, path="/")
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
EXPIRED = "登录已过期或页面已失效，本次提交没有保存。填报表单中输入的内容仍保存在本机：重新登录后回到该页面，点“恢复”即可。"


def machine(request: Request) -> bool:
    """A script or API client (JSON answers); a page's own form post is a person and gets a page."""
    if wants_json(request) or request.headers.get("HX-Request"):
        return True
    return request.method != "GET" and not request.headers.get("content-type", "").startswith(FORM_TYPES)


def expired_page(request: Request, status_code: int):
    """Instead of raw JSON after an expired login: say what happened and lead back to the form."""
    back = request.url.path if request.url.path.startswith("/") and not request.url.path.startswith("//") else "/"
    return page(request, "message.html", {"title": "请重新登录", "message": EXPIRED,
                                          "login": f"/login?next={back}"}, status_code=status_code)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        if machine(request):
            return JSONResponse({"detail": "请先登录"}, status_code=401)
        if request.method != "GET":
            return expired_page(request, 401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    @app.exception_handler(AccessDenied)
    async def forbidden(request: Request, exc: Exception):
        if wants_json(request) or request.headers.get("HX-Request"):
            return JSONResponse({"detail": str(exc)}, status_code=403)
        return message_page(request, "无权操作", str(exc), 403)

    @app.exception_handler(ReportConflict)
    async def conflict(request: Request, exc: ReportConflict):
        data = {"detail": str(exc), "latest_version": exc.latest_version, "latest_author": exc.latest_author,
                "theirs": exc.theirs, "mine": exc.mine}
        if wants_json(request):
            return JSONResponse(data, status_code=409)
        return page(request, "conflict.html", {"conflict": data, "back": request.url.path}, status_code=409)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        if wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return message_page(request, "无法完成", str(exc), 400)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if machine(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        if request.method != "GET" and exc.status_code == 403 and "CSRF" in str(exc.detail):
            return expired_page(request, 403)
        titles = {404: "页面不存在", 403: "无权操作", 429: "请稍后再试"}
        return message_page(request, titles.get(exc.status_code, "出错了"), str(exc.detail), exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        fields = "、".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors())
        message = f"请求参数不正确：{fields}" if fields else "请求参数不正确"
        if machine(request):
            return JSONResponse({"detail": message, "errors": jsonable(exc.errors())}, status_code=422)
        return message_page(request, "参数错误", message, 422)


def jsonable(errors):
    from fastapi.encoders import jsonable_encoder
    return jsonable_encoder(errors, custom_encoder={Exception: str})


def create_app(settings: Settings | None = None, *, clock: Callable[[], datetime] | None = None) -> FastAPI:
    settings = settings or get_settings()
    try:
        trusted_networks(settings.trusted_proxies)
    except ValueError as exc:
        raise SettingsError(f"DUBAN_TRUSTED_PROXIES={settings.trusted_proxies!r}: {exc}") from None
    app = FastAPI(title="督办工作台", version="1", docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json", dependencies=[Depends(csrf_protect)],
                  description="督查室的任务进展报送、审核、催办与公开。列表页均可加 `?format=json` 取得同样的数据。")
    app.state.settings = settings
    app.state.sessions = session_factory(settings.database_url)
    app.state.throttle = LoginThrottle()
    app.state.clock = clock or datetime.now
    _install_session(app, settings)
    _install_errors(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.public_site = SiteKeeper(app.state.sessions, default_site_dir(settings.database_url), app.state.clock)
    segment("督办")  # jieba loads its dictionary now, not inside the first report saved

    import importlib
    for name in ROUTERS:  # exports before tasks: /tasks/export is not a task id
        app.include_router(importlib.import_module(f"duban.web.routes.{name}").router)
    mount_public_site(app, app.state.public_site)  # after the /open routes, which the files must not shadow
    return app
