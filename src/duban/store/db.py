"""Engines, sessions and schema upgrades for one database URL.

Why here: every area opens the ledger the same way — SQLite gets WAL and foreign
keys on every connection, a PostgreSQL URL without a driver gets psycopg 3, an
empty database is migrated on first use, and a database behind the code's schema
is refused with one line instead of failing later in some query.
"""
from __future__ import annotations

import json
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from duban.settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


class StoreError(Exception):
    """A problem a user can act on; its message is the one line the CLI prints."""


def normalize_url(url: str | URL | None) -> URL:
    url = make_url(url or get_settings().database_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def json_text(value) -> str:
    """JSON columns keep Chinese as it is, not as ``\\uXXXX`` escapes: a sixth of the bytes, faster
    to decode (the public site decodes every report's items), and readable in ``sqlite3``."""
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str | URL | None = None) -> Engine:
    """A new engine (no schema check); SQLite's directory is created when missing."""
    url = normalize_url(url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, json_serializer=json_text, **pool_options())
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # JIT compiling costs ~0.3 s and pays off only for long analytic queries; the
    # ledger's are short (a search with a unit filter went from 400 ms to under 100)
    return create_engine(url, pool_pre_ping=True, json_serializer=json_text, connect_args={"options": "-c jit=off"},
                         **pool_options())


def pool_options() -> dict:
    """As many connections as the web server has worker threads (40; a pool of 15 made requests queue),
    ten kept open; past that a request waits ``db_wait_seconds`` and then gets a 503 page, not a 500
    after SQLAlchemy's default 30 s."""
    settings = get_settings()
    total = max(1, settings.db_connections)
    return {"pool_size": min(10, total), "max_overflow": total - min(10, total),
            "pool_timeout": max(0.0, settings.db_wait_seconds)}


FTS_PREFIX = "search_fts"
PG_ONLY = {("search_docs", "tsv"), ("search_docs", "ix_search_docs_tsv")}


def include_name(name, type_, parent_names) -> bool:
    """Autogenerate filter: the FTS5 table and its shadow tables are not in the models."""
    if type_ == "table":
        return not (name or "").startswith(FTS_PREFIX)
    return True


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate filter: PostgreSQL's generated ``tsv`` column and its index are not in the models."""
    table = getattr(getattr(obj, "table", None), "name", None)
    return (table, name) not in PG_ONLY


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Run the migrations; returns the revision before and after."""
    before = current_revision(engine)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    return before, current_revision(engine)


def check_schema(engine: Engine) -> None:
    """Migrate an empty database; refuse one whose schema is older or unknown."""
    current = current_revision(engine)
    if current == head_revision():
        return
    if current is None:
        tables = set(inspect(engine).get_table_names())
        if tables:
            raise StoreError(f"数据库 {engine.url.render_as_string(hide_password=True)} 已有其他表，不是督办数据库")
        upgrade(engine)
        return
    raise StoreError(f"数据库结构版本 {current} 不是最新（{head_revision()}），请运行 duban db upgrade")


def get_engine(url: str | URL | None = None) -> Engine:
    """The process's engine for this URL, schema checked (and created when empty) once."""
    key = normalize_url(url).render_as_string(hide_password=False)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = make_engine(key)
            try:
                check_schema(engine)
            except StoreError:
                engine.dispose()
                raise
            except Exception as exc:
                engine.dispose()
                raise StoreError(f"无法打开数据库: {type(exc).__name__}: {str(exc).splitlines()[0]}") from exc
            _engines[key] = engine
        return engine


def dispose_all() -> None:
    """Close every cached engine (tests dropping databases, forked processes)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def session_factory(url: str | URL | None = None) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


def _begin_immediate(connection, wait: float) -> None:
    """``BEGIN IMMEDIATE``, tried again for up to ``wait`` seconds past SQLite's own busy timeout.

    An import of a large file holds the write lock for longer than the 10 s busy
    timeout; a second import started meanwhile must wait for it, not fail with
    "database is locked" (web saves keep the short wait and get a clear 503 page).
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as exc:
            if "locked" not in str(exc.orig).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def write_transaction(session: Session, *, serialize: str | None = None, wait: float = 0.0) -> None:
    """Hold the database's write lock for the rest of the session's transaction, before its first read.

    Why: Python's sqlite3 opens a transaction lazily, and a SAVEPOINT opens it as a
    *deferred* one; a read inside it pins a snapshot, and when another connection
    commits first, the upgrade to writing fails at once with "database is locked" —
    SQLite's busy timeout does not apply to a stale snapshot. Outside a transaction
    the reads of a read-modify-write are not in the same transaction as its writes
    at all, so two writers can both decide from the same, soon stale, state.
    ``BEGIN IMMEDIATE`` takes the write lock first (waiting up to the busy timeout
    set on connect), so what is read and what is written see the same, newest
    database. Call it at the start of a writing unit of work, before it reads.

    PostgreSQL needs no lock for ordinary writes: its row locks and unique indexes
    settle races. Work that must not run twice at once (imports deciding whether a
    file is new) passes ``serialize``, a name turned into a transaction-scoped
    advisory lock there; on SQLite the write lock already serializes everything.
    ``wait`` extends SQLite's wait for the lock (imports pass minutes).
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.dbapi_connection.in_transaction:
            _begin_immediate(connection, wait)
    elif serialize and connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)", (zlib.crc32(serialize.encode()),))


@contextmanager
def transaction(factory: Callable[[], Session]) -> Iterator[Session]:
    """One transaction on a new session: commit when the block ends, roll back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def session_scope(url: str | URL | None = None) -> Iterator[Session]:
    """One transaction on the database at ``url`` (default: the configured one)."""
    with transaction(session_factory(url)) as session:
        yield session
