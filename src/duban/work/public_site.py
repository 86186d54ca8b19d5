"""The static public site (the export area's ``publish_site``) kept current for the workbench's ``/open/``.

Why rebuilt on demand: the site changes only when a round is published or
withdrawn, a published report is reviewed again, or documents are imported —
rarely, compared to how often it is read. A fingerprint is checked (at most every
few seconds) when ``/open/`` is read and right after a publish; ``publish_site`` is
called only when it moved, and then renders only the organizations whose data
changed. The fingerprint is cheap — the newest audit event, report, task and round
(every write the workbench or an import makes adds an audit event or a row), the
day and the site's code — and it is stored with the build, so a restarted server
does not rebuild a site it already built.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import platformdirs
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from duban.store.models import AuditEvent, ProgressReport, Round, Task

CHECK_EVERY = 3.0  # seconds between fingerprint checks while pages are being read
# one process: forking a server that runs threads can copy a lock another thread holds; a full build is
# rare (the first, or after an upgrade) and ``duban publish --workers`` makes it faster from the shell
BUILD_WORKERS = 1


def default_site_dir(database_url: str) -> Path:
    """Beside a SQLite file (``x.sqlite3`` → ``x-public/``); else one directory per database in the user cache."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database)
        return db.with_name(f"{db.stem}-public")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode("utf-8")).hexdigest()[:12]
    return Path(platformdirs.user_cache_dir("duban", appauthor=False)) / f"public-{digest}"


def site_fingerprint(session: Session, day) -> tuple:
    """What might have changed the public site: the newest row of the tables every change writes to."""
    from duban.export.site.incremental import code_fingerprint

    newest = [select(func.max(model.id)).scalar_subquery() for model in (AuditEvent, ProgressReport, Task, Round)]
    return (*session.execute(select(*newest)).one(), day.isoformat(), code_fingerprint())


class SiteKeeper:
    """Rebuilds ``out`` with ``publish_site`` whenever the fingerprint moved; one build at a time."""

    def __init__(self, sessions: sessionmaker, out: Path, clock: Callable[[], datetime]):
        self.sessions = sessions
        self.out = Path(out)
        self.clock = clock
        self.built_for: tuple | None = None
        self.checked_at = 0.0
        self.lock = threading.Lock()

    def ensure_fresh(self, *, force_check: bool = False) -> bool:
        """True when the site was brought up to date. Called from worker threads, never on the event loop."""
        if not force_check and self.built_for is not None and time.monotonic() - self.checked_at < CHECK_EVERY:
            return False
        with self.lock:
            from duban.export.site import publish_site  # the export area is heavy; load it on first use
            from duban.export.site.incremental import load_state

            if self.built_for is None:  # a server start: what did the last build record?
                state = load_state(self.out)
                self.built_for = state.keeper if state is not None else None
            now = self.clock()
            with self.sessions() as session:
                fingerprint = site_fingerprint(session, now.date())
                self.checked_at = time.monotonic()
                if fingerprint == self.built_for and (self.out / "index.html").exists():
                    return False
                publish_site(session, self.out, now=now, workers=BUILD_WORKERS, keeper=fingerprint)
            self.built_for = fingerprint
            return True
