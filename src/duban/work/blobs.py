"""Files kept by their content: uploads waiting for confirmation and 佐证材料 (report attachments).

Why by SHA-256: the same scan attached to three reports is stored once, a name
can never be guessed from a URL the user did not receive, and a stored file can
never change behind the database row that names it. Files live on disk beside
the SQLite file (``x.sqlite3`` → ``x-files/``) or, for PostgreSQL, in the user's
data directory, one directory per database.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import platformdirs
from sqlalchemy.engine import make_url

from duban.fileio import replace_file

SHA256 = re.compile(r"[0-9a-f]{64}")


def default_blob_dir(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database)
        return db.with_name(f"{db.stem}-files")
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode("utf-8")).hexdigest()[:12]
    return Path(platformdirs.user_data_dir("duban", appauthor=False)) / f"files-{key}"


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        if not SHA256.fullmatch(sha or ""):
            raise ValueError("不是有效的文件摘要")
        return self.root / sha[:2] / sha[2:]

    def put(self, data: bytes) -> str:
        """Store ``data`` (written to a temporary name, then renamed: never half a file) and return its hash."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, data, readable_by_others=False)
        return sha

    def get(self, sha: str) -> bytes | None:
        try:
            return self.path(sha).read_bytes()
        except (OSError, ValueError):
            return None
