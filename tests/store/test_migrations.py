"""The migrations and the models describe the same schema, on both databases."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from duban.store import db as store_db
from duban.store.models import Base


def test_autogenerate_finds_no_difference(db_url):
    engine = store_db.make_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_name": store_db.include_name, "include_object": store_db.include_object, "compare_type": True,
            "target_metadata": Base.metadata})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_empty_database_is_migrated_on_first_use(empty_db_url):
    engine = store_db.get_engine(empty_db_url)
    assert store_db.current_revision(engine) == store_db.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"plans", "tasks", "progress_reports", "audit_events", "search_docs"} <= tables


def test_full_text_index_exists_for_the_dialect(db_url):
    engine = store_db.get_engine(db_url)
    insp = inspect(engine)
    if engine.dialect.name == "sqlite":
        assert "search_fts" in insp.get_table_names()
    else:
        assert "tsv" in {c["name"] for c in insp.get_columns("search_docs")}
        assert "ix_search_docs_tsv" in {i["name"] for i in insp.get_indexes("search_docs")}


def test_a_database_of_something_else_is_refused(empty_db_url):
    from sqlalchemy import text

    engine = store_db.make_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE other_app (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    try:
        store_db.get_engine(empty_db_url)
    except store_db.StoreError as exc:
        assert "不是督办数据库" in str(exc)
    else:
        raise AssertionError("a foreign database was accepted")
