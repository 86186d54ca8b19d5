"""The workbench application: ``create_app(settings)`` builds a FastAPI app for one database.

Why a factory: tests, ``duban serve`` and ``duban demo`` each build an app for
their own database and clock; nothing is read from globals at import time.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response

from duban.settings import Settings, SettingsError, get_settings
from duban.store.db import session_factory
from duban.store.textindex import segment
from duban.web.assets import StaticAssets
from duban.web.deps import csrf_protect
from duban.web.docs import install_docs
from duban.web.errors import install_errors
from duban.web.headers import SecurityHeaders
from duban.web.limits import RequestGuard
from duban.web.public_mount import mount_public_site
from duban.web.render import TEMPLATES
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
from duban.work.throttle import LoginThrottle

STATIC = Path(__file__).parent / "static"
ROUTERS = ("auth", "dashboard", "exports", "tasks", "rounds", "mytasks", "confirm", "review", "public", "imports", "units",
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


def create_app(settings: Settings | None = None, *, clock: Callable[[], datetime] | None = None) -> FastAPI:
    settings = settings or get_settings()
    try:
        trusted_networks(settings.trusted_proxies)
    except ValueError as exc:
        raise SettingsError(f"DUBAN_TRUSTED_PROXIES={settings.trusted_proxies!r}: {exc}") from None
    app = FastAPI(title="督办工作台", version="1", docs_url=None, redoc_url=None,
                  openapi_url=None, dependencies=[Depends(csrf_protect)],
                  description="督查室的任务进展报送、审核、催办与公开。列表页均可加 `?format=json` 取得同样的数据。")
    app.state.settings = settings
    app.state.sessions = session_factory(settings.database_url)
    app.state.throttle = LoginThrottle()
    app.state.clock = clock or datetime.now
    _install_session(app, settings)
    # outermost last: the guard refuses oversized or malformed requests before anything reads them
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestGuard, settings=settings, signer=app.state.signer)
    install_errors(app)
    static = StaticAssets(STATIC)
    app.state.static = static
    TEMPLATES.env.globals["static_url"] = lambda name: static.url("/static", name)
    app.mount("/static", static, name="static")
    install_docs(app, static)
    app.state.public_site = SiteKeeper(app.state.sessions, default_site_dir(settings.database_url), app.state.clock)
    segment("督办")  # jieba loads its dictionary now, not inside the first report saved

    import importlib
    for name in ROUTERS:  # exports before tasks (/tasks/export), confirm before review (/review/confirm): not ids
        app.include_router(importlib.import_module(f"duban.web.routes.{name}").router)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        asset = static.assets["favicon.svg"]
        return Response(asset.body, media_type=asset.media_type, headers={"Cache-Control": "public, max-age=86400"})

    mount_public_site(app, app.state.public_site)  # after the /open routes, which the files must not shadow
    return app
