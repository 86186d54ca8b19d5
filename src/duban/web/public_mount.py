"""``/open/``: the export area's static public site, served as files and rebuilt when published data moved.

Why files and not routes: the same directory can be copied to the district's
portal as it is; serving it here means the office sees exactly what the public
will see.
"""
from __future__ import annotations

import html
import logging

from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse, RedirectResponse

from duban.work.public_site import SiteKeeper

log = logging.getLogger(__name__)


class PublicSite:
    """An ASGI app: freshen the site (in a worker thread), then serve the file asked for."""

    def __init__(self, keeper: SiteKeeper):
        self.keeper = keeper
        self.files = StaticFiles(directory=keeper.out, html=True, check_dir=False)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            try:
                await run_in_threadpool(self.keeper.ensure_fresh)
            except Exception as exc:  # a failed build must not take the workbench down; the old site stays
                log.exception("public site build failed")
                if not (self.keeper.out / "index.html").exists():
                    page = (f"<!doctype html><meta charset='utf-8'><title>公开网站暂不可用</title>"
                            f"<p>公开网站生成失败：{html.escape(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}</p>")
                    await HTMLResponse(page, status_code=503)(scope, receive, send)
                    return
        await self.files(scope, receive, send)


class MovedToOpen:
    """``/public/…`` (the site's former address) answers with a permanent redirect to ``/open/…``."""

    async def __call__(self, scope, receive, send) -> None:
        path = scope["path"]
        rest = (path.removeprefix("/public") if path.startswith("/public") else path).lstrip("/")
        query = scope.get("query_string", b"").decode("latin-1")
        await RedirectResponse(f"/open/{rest}" + (f"?{query}" if query else ""), 308)(scope, receive, send)


def mount_public_site(app, keeper: SiteKeeper) -> None:
    """The static tracker at ``/open/`` (one design and one data path with ``duban publish``)."""
    app.mount("/open", PublicSite(keeper), name="open")
    app.mount("/public", MovedToOpen(), name="public")
