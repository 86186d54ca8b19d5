"""``/api/docs`` and ``/api/openapi.json`` for the office and viewers only, working offline.

Why not FastAPI's built-in docs: they load Swagger UI from a CDN (blank offline,
and no integrity check) and start it with an inline script the CSP forbids. Here
the Swagger UI 5 files come from the ``fastapi-offline`` package on PyPI (the
``swagger-ui-bundle`` package carries Swagger UI 4, which cannot read the OpenAPI
3.1 that FastAPI writes), served from memory like the other static files, and a
small file of ours starts them. The API
description names every route and field, so it is for signed-in staff, not for
anonymous visitors.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from duban.store.models import User
from duban.web.assets import StaticAssets
from duban.web.deps import require_staff

ASSETS_PREFIX = "/api/docs-assets"
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")


def swagger_directory() -> Path:
    import fastapi_offline
    return Path(fastapi_offline.__file__).parent / "static"


def install_docs(app: FastAPI, static: StaticAssets) -> None:
    swagger = StaticAssets(swagger_directory(), SWAGGER_FILES)
    app.mount(ASSETS_PREFIX, swagger, name="docs-assets")
    router = APIRouter(include_in_schema=False)

    @router.get("/api/openapi.json")
    def openapi(user: User = Depends(require_staff)):
        return JSONResponse(app.openapi())

    @router.get("/api/docs")
    def docs(request: Request, user: User = Depends(require_staff)):
        nonce = getattr(request.state, "csp_nonce", "")
        html = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(app.title)} · 接口文档</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="{static.url('/static', 'favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="{swagger.url(ASSETS_PREFIX, 'swagger-ui.css')}">
</head><body><div id="swagger-ui" data-spec="/api/openapi.json"></div>
<script src="{swagger.url(ASSETS_PREFIX, 'swagger-ui-bundle.js')}" nonce="{nonce}"></script>
<script src="{static.url('/static', 'swagger-init.js')}" nonce="{nonce}"></script>
</body></html>"""
        return HTMLResponse(html)

    app.include_router(router)

