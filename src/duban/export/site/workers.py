"""Organizations rendered one after another, or in forked worker processes.

Why processes: building the site is CPU work in Python (statuses, templates), so
threads would take turns; organizations share nothing but the output directory,
where each writes its own files. Results come back in organization order
(``imap``), so the CSV files and the search index are the same whatever the
number of workers.

Why fork and a fresh engine per worker: forking is instant and keeps the imported
modules (the number parser takes most of a second to import); the connections the
parent holds are never touched in a worker — it makes its own engine, as SQLAlchemy
asks of forked processes.
"""
from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from duban.export.site.data import gather_org
from duban.store import db as store_db
from duban.store.models import Organization

_worker: dict = {}
GC_THRESHOLD = (50_000, 20, 1_000)


@contextmanager
def rare_collections():
    """Fewer cyclic-GC passes while pages are built.

    A build allocates millions of short-lived strings and rows that reference
    counting frees; the collector's passes over a heap that grows with every
    organization took a sixth of the build. Objects alive before the build (modules,
    compiled templates) are frozen out of its passes, and the generation-0 threshold
    is raised so a pass comes every 50,000 allocations instead of 700.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def start_worker(url: str, build: Path, now: datetime) -> None:
    from duban.export.site import OrgPages

    engine = store_db.make_engine(url)
    gc.freeze()  # what the parent had before forking is never collected here: no copy-on-write by the collector
    gc.set_threshold(*GC_THRESHOLD)  # the worker only builds pages (see ``rare_collections``)
    _worker.update(session=sessionmaker(engine)(), pages=OrgPages(build, now), now=now)


def worker_org(org_id: int):
    session = _worker["session"]
    try:
        return _worker["pages"].write(gather_org(session, session.get(Organization, org_id), _worker["now"]))
    finally:
        session.expunge_all()  # a worker's session holds only what it read for this organization


def database_url(session: Session) -> str | None:
    """The URL a worker can open, or ``None`` when only this connection sees the data (in-memory SQLite)."""
    url = session.get_bind().url
    if url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:"
                                                or url.database.startswith("file:")):
        return None
    return url.render_as_string(hide_password=False)


def org_results(session: Session, org_ids: list[int], build: Path, now: datetime, workers: int) -> Iterator:
    url = database_url(session) if workers > 1 and len(org_ids) > 1 else None
    if url is None or "fork" not in multiprocessing.get_all_start_methods():
        from duban.export.site import OrgPages

        pages = OrgPages(build, now)
        for org_id in org_ids:
            with rare_collections():
                result = pages.write(gather_org(session, session.get(Organization, org_id), now))
            yield result
        return
    from duban.export.site import environment
    from duban.parse.quantity import extract_quantities

    extract_quantities("1")  # import the number parser once, before forking
    environment()  # and compile the templates once
    context = multiprocessing.get_context("fork")
    with context.Pool(min(workers, len(org_ids)), initializer=start_worker, initargs=(url, build, now)) as pool:
        yield from pool.imap(worker_org, org_ids)
