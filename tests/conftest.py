"""Shared fixtures: real databases for every area's tests.

Why real servers: the ledger must behave the same on SQLite (the default) and on
PostgreSQL (shared deployments); a test that passes only on one is a bug report.

Fixtures
--------
``db_url`` (function scope, parametrized ``sqlite`` / ``postgresql``)
    The URL of a fresh, already migrated, empty database; every test using it runs
    twice (ids end in ``[sqlite]`` and ``[postgresql]``). SQLite is a real file in
    ``tmp_path``; PostgreSQL is a new database ``t_<n>`` copied from a migrated
    template in the session's throwaway cluster, dropped after the test. Use it as::

        from duban.store.db import session_scope
        def test_x(db_url):
            with session_scope(db_url) as session: ...

    or, for the CLI and the web app, ``monkeypatch.setenv("DUBAN_DATABASE_URL", db_url)``.
    Run one backend with ``-k sqlite`` or ``-k postgresql``.
``empty_db_url`` (same parametrization)
    A database with no tables at all (to test the automatic first-use upgrade).
``pg_cluster`` (session scope)
    The ``duban.store.pgcluster.Cluster`` itself (``create_database``, ``url``), started
    on first use with ``initdb`` + ``pg_ctl`` on a free loopback port in a temp dir and
    removed at the end. Missing PostgreSQL binaries FAIL the tests that need it, with
    the reason: CI installs ``postgresql``; nothing is skipped.
"""
from __future__ import annotations

import itertools
import shutil
import sys
from pathlib import Path

import pytest

from duban.store import db as store_db
from duban.store.pgcluster import ClusterError, start_cluster

# ``from factories.store import …`` in any test, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parent))

BACKENDS = ["sqlite", "postgresql"]
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    try:
        cluster = start_cluster()
    except ClusterError as exc:
        pytest.fail(f"PostgreSQL is required for these tests: {exc}", pytrace=False)
    yield cluster
    store_db.dispose_all()
    cluster.stop()


@pytest.fixture(scope="session")
def _pg_template(pg_cluster) -> str:
    name = "duban_template"
    url = pg_cluster.create_database(name)
    engine = store_db.make_engine(url)
    store_db.upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "duban.sqlite3"
    engine = store_db.make_engine(f"sqlite:///{path}")
    store_db.upgrade(engine)
    engine.dispose()  # the last connection's close checkpoints the WAL into the file
    return path


def _fresh_database(request, tmp_path: Path, migrated: bool):
    backend = request.param
    if backend == "sqlite":
        path = tmp_path / "duban.sqlite3"
        if migrated:
            shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        store_db.dispose_all()
        return
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("_pg_template") if migrated else None
    name = f"t_{next(_numbers)}"
    url = cluster.create_database(name, template=template)
    yield url
    store_db.dispose_all()
    cluster.drop_database(name)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    yield from _fresh_database(request, tmp_path, migrated=True)


@pytest.fixture(params=BACKENDS)
def empty_db_url(request, tmp_path):
    yield from _fresh_database(request, tmp_path, migrated=False)
