"""Take SQLite's write lock before a read-modify-write, so concurrent savers queue instead of failing.

Why: Python's sqlite3 opens a transaction lazily, and a SAVEPOINT opens it as a
*deferred* one; the read inside (the latest version) then pins a snapshot, and
when another request commits first, the upgrade to writing fails at once with
"database is locked" — SQLite's busy timeout does not apply to a stale snapshot.
``BEGIN IMMEDIATE`` takes the write lock first (waiting up to the busy timeout),
so the version check and the insert see the same, newest database. PostgreSQL
needs nothing: its row locks and the unique version index settle races.
"""
from __future__ import annotations

from sqlalchemy.orm import Session


def lock_for_write(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
