"""The migrations and the models describe the same schema, on both databases."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, func, inspect, select
from sqlalchemy.orm import Session

from duban.store import db as store_db
from duban.store.models import Base
from duban.store.search import search


def schema_diff(url: str, metadata: MetaData) -> list:
    engine = store_db.make_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_name": store_db.include_name, "include_object": store_db.include_object, "compare_type": True,
            "target_metadata": metadata})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    return diff


def test_autogenerate_finds_no_difference(db_url):
    assert schema_diff(db_url, Base.metadata) == []


def test_the_comparison_would_see_a_model_change(db_url):
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["plans"].append_column(Column("budget", Integer))
    diff = schema_diff(db_url, changed)
    assert [(d[0], d[2], d[3].name) for d in diff] == [("add_column", "plans", "budget")]


def test_empty_database_is_migrated_on_first_use(empty_db_url):
    engine = store_db.get_engine(empty_db_url)
    assert store_db.current_revision(engine) == store_db.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"plans", "tasks", "progress_reports", "audit_events", "search_docs"} <= tables


def test_full_text_index_and_connection_settings_of_the_dialect(db_url):
    engine = store_db.get_engine(db_url)
    insp = inspect(engine)
    if engine.dialect.name == "sqlite":
        assert "search_fts" in insp.get_table_names()
        with engine.connect() as conn:  # later migrations must not have rebuilt search_docs without its triggers
            triggers = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars().all()
        assert set(triggers) == {"search_docs_ai", "search_docs_ad", "search_docs_au"}
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    else:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
        assert "tsv" in {c["name"] for c in insp.get_columns("search_docs")}
        assert "ix_search_docs_tsv" in {i["name"] for i in insp.get_indexes("search_docs")}


def test_a_database_of_something_else_is_refused(empty_db_url):
    from sqlalchemy import text

    engine = store_db.make_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE other_app (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(store_db.StoreError, match="不是督办数据库"):
        store_db.get_engine(empty_db_url)


def test_default_sqlite_directory_is_created(tmp_path, monkeypatch):
    path = tmp_path / "data" / "duban" / "duban.sqlite3"
    monkeypatch.setenv("DUBAN_DATABASE_URL", f"sqlite:///{path}")
    try:
        with store_db.session_scope() as session:
            session.execute(Base.metadata.tables["plans"].select()).all()
    finally:
        store_db.dispose_all()
    assert path.exists()


def test_an_older_database_is_refused_until_upgraded_and_keeps_its_rows(empty_db_url):
    from alembic import command
    from factories.store import import_gold

    engine = store_db.make_engine(empty_db_url)
    store_db.upgrade(engine)
    with Session(engine) as session, session.begin():  # rows written by today's models, then the schema taken back
        import_gold(session=session, prefix="000")
    with engine.begin() as conn:
        command.downgrade(store_db.alembic_config(conn), "0001")
    assert {"email"}.isdisjoint(c["name"] for c in inspect(engine).get_columns("users"))
    with pytest.raises(store_db.StoreError, match="duban db upgrade"):
        store_db.get_engine(empty_db_url)
    before, after = store_db.upgrade(engine)
    engine.dispose()
    assert (before, after) == ("0001", store_db.head_revision())
    with store_db.session_scope(empty_db_url) as session:
        assert session.scalar(select(func.count()).select_from(Base.metadata.tables["tasks"])) == 22
        assert search(session=session, query="申请式退租")
