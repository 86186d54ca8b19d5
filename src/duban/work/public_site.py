"""The static public site (the export area's ``publish_site``) kept current for the workbench's ``/public``.

Why rebuilt on demand: the site changes only when a round is published or
withdrawn, a published report is reviewed again, or documents are imported —
rarely, compared to how often it is read. A fingerprint of exactly those facts is
checked (at most every few seconds) when ``/public`` is read and right after a
publish; the site is rebuilt only when it moved. The build happens beside the live
directory and is swapped in whole (``publish_site``), so readers never see half a
site.
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

from duban.store.models import AuditEvent, ProgressReport, Round

CHECK_EVERY = 3.0  # seconds between fingerprint checks while pages are being read
SITE_ENTITIES = ("round", "source_document", "plan", "organization", "task", "unit")


def default_site_dir(database_url: str) -> Path:
    """Beside a SQLite file (``x.sqlite3`` → ``x-public/``); else one directory per database in the user cache."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database)
        return db.with_name(f"{db.stem}-public")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode("utf-8")).hexdigest()[:12]
    return Path(platformdirs.user_cache_dir("duban", appauthor=False)) / f"public-{digest}"


def site_fingerprint(session: Session) -> tuple:
    """What the public site is made of: published rounds, their reports' review, and the imported ledger."""
    published = select(Round.id).where(Round.state == "published")
    reviewed = select(func.max(ProgressReport.id), func.count(ProgressReport.id)).where(
        ProgressReport.round_id.in_(published), ProgressReport.state.in_(("published", "returned", "approved")))
    ledger = select(func.max(AuditEvent.id)).where(AuditEvent.entity.in_(SITE_ENTITIES))
    return (tuple(session.execute(reviewed).one()), session.scalar(ledger),
            tuple(session.scalars(published.order_by(Round.id))))


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
        """True when a rebuild happened. Called from worker threads, never on the event loop."""
        if not force_check and self.built_for is not None and time.monotonic() - self.checked_at < CHECK_EVERY:
            return False
        with self.lock:
            from duban.export.site import publish_site  # the export area is heavy; load it on first use

            with self.sessions() as session:
                fingerprint = site_fingerprint(session)
                self.checked_at = time.monotonic()
                if fingerprint == self.built_for and (self.out / "index.html").exists():
                    return False
                publish_site(session, self.out, now=self.clock())
            self.built_for = fingerprint
            return True
