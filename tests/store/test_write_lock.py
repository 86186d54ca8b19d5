"""Imports beside other writers: they wait for the write lock instead of failing with "database is locked"."""
from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter

from factories.store import sample_path
from sqlalchemy import func, select

from duban.store import db as store_db
from duban.store.db import session_factory, session_scope
from duban.store.models import Organization, SourceDocument, Task
from duban.store.services.imports import import_file

HOLD = 1.5  # seconds the other connection keeps its write transaction open


def test_import_waits_for_another_connections_write_transaction(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    url = f"sqlite:///{path}"
    factory = session_factory(url)  # creates and migrates the file
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # e.g. the web app saving a report, a little slowly
    other.execute("INSERT INTO organizations (name, created_at) VALUES ('另一个机构', '2024-01-01')")
    parsed_at: list[float] = []
    released_at: list[float] = []

    def release_later():
        while not parsed_at:
            time.sleep(0.01)
        time.sleep(HOLD)
        released_at.append(time.monotonic())
        other.execute("COMMIT")

    releaser = threading.Thread(target=release_later)
    releaser.start()
    try:
        result = import_file(session_factory=factory, path=sample_path("000"), org_name="东城区政府",
                             on_parsed=lambda doc: parsed_at.append(time.monotonic()))
        finished = time.monotonic()
    finally:
        releaser.join(30)
        other.close()
    assert result.status == "imported", result.message
    assert released_at and finished >= released_at[0]  # it waited for the other writer, then stored its rows
    with session_scope(url) as session:
        assert sorted(session.scalars(select(Organization.name))) == ["东城区政府", "另一个机构"]
        assert session.scalar(select(func.count()).select_from(Task)) > 10
    store_db.dispose_all()


def test_the_same_file_imported_twice_at_once_is_stored_once(db_url):
    """Both parse, then both ask "is this file new?" at the same moment: one imports, the other sees it done."""
    factory = session_factory(db_url)
    barrier = threading.Barrier(2, timeout=60)
    results = []

    def run():
        results.append(import_file(session_factory=factory, path=sample_path("000"),
                                   on_parsed=lambda doc: barrier.wait()))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert Counter(r.status for r in results) == {"imported": 1, "unchanged": 1}, [r.message for r in results]
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(SourceDocument)) == 1
        assert session.scalar(select(func.count()).select_from(Organization)) == 1
