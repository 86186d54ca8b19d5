"""Static files compressed once and cached forever under content-hashed names.

Why: ``echarts.min.js`` is 1 MB and was sent uncompressed and uncached (6.4 s for
the dashboard on a slow phone connection). Every file is read once at start,
gzipped once (ECharts: 1 MB → about 340 KB), and offered under a name carrying
its content hash (``app.3f9a1c2b7e.css``) that a browser may keep for a year:
a new release changes the name, so nothing stale is ever used. The plain name
still answers (revalidated by ETag), for bookmarks and anything not yet using
``static_url``.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".html", ".txt", ".map")
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")
YEAR = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str
    digest: str
    media_type: str
    body: bytes
    gzipped: bytes | None

    @property
    def hashed_name(self) -> str:
        stem, dot, ext = self.name.rpartition(".")
        return f"{stem}.{self.digest}.{ext}" if dot else f"{self.name}.{self.digest}"


def load_assets(directory: Path, only: tuple[str, ...] = ()) -> dict[str, Asset]:
    assets = {}
    for path in sorted(directory.rglob("*")):
        name = path.relative_to(directory).as_posix()
        if not path.is_file() or (only and name not in only) or name.endswith((".map", ".j2")):
            continue
        body = path.read_bytes()
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if media.startswith("text/") or media in ("application/javascript", "image/svg+xml", "application/json"):
            media += "; charset=utf-8"
        packed = gzip.compress(body, 6, mtime=0) if name.endswith(COMPRESSIBLE) and len(body) > 512 else None
        assets[name] = Asset(name, hashlib.sha256(body).hexdigest()[:10], media, body,
                             packed if packed and len(packed) < len(body) else None)
    return assets


class StaticAssets:
    """An ASGI app serving one directory's files from memory (mount it, e.g. at ``/static``)."""

    def __init__(self, directory: Path, only: tuple[str, ...] = ()):
        self.assets = load_assets(directory, only)

    def url(self, prefix: str, name: str) -> str:
        asset = self.assets.get(name)
        return f"{prefix}/{asset.hashed_name if asset else name}"

    def find(self, name: str) -> tuple[Asset | None, bool]:
        asset = self.assets.get(name)
        if asset is not None:
            return asset, False
        folder, _, base = name.rpartition("/")
        match = _HASHED.match(base)
        if match:
            asset = self.assets.get((folder + "/" if folder else "") + match["stem"] + match["ext"])
            if asset is not None and asset.digest == match["hash"]:
                return asset, True
        return None, False

    def response(self, asset: Asset, hashed: bool, headers: Headers, method: str) -> Response:
        etag = f'"{asset.digest}"'
        common = {"ETag": etag, "Cache-Control": YEAR if hashed else "no-cache", "Vary": "Accept-Encoding"}
        if etag in headers.get("if-none-match", ""):
            return Response(status_code=304, headers=common)
        body, extra = asset.body, {}
        if asset.gzipped is not None and "gzip" in headers.get("accept-encoding", ""):
            body, extra = asset.gzipped, {"Content-Encoding": "gzip"}
        response = Response(b"" if method == "HEAD" else body, media_type=asset.media_type,
                            headers={**common, **extra})
        response.headers["Content-Length"] = str(len(body))
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = scope["path"][len(scope.get("root_path", "")):].lstrip("/") if scope.get("root_path") \
            and scope["path"].startswith(scope["root_path"]) else scope["path"].lstrip("/")
        asset, hashed = self.find(name)
        if scope["method"] not in ("GET", "HEAD"):
            response = Response("不支持的操作", status_code=405, media_type="text/plain; charset=utf-8")
        elif asset is None:
            response = Response("文件不存在", status_code=404, media_type="text/plain; charset=utf-8")
        else:
            response = self.response(asset, hashed, Headers(scope=scope), scope["method"])
        await response(scope, receive, send)
