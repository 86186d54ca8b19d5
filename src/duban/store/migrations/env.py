"""Alembic environment: runs on the connection ``duban.store.db`` hands over.

The full-text index (SQLite ``search_fts*`` tables, PostgreSQL ``search_docs.tsv``
and its GIN index) is created with dialect-specific SQL and is not in the models,
so it is excluded from autogenerate comparison.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from duban.store.db import include_name, include_object
from duban.store.models import Base


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      include_name=include_name, include_object=include_object, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:  # the plain ``alembic`` command, e.g. ``alembic -x url=… revision --autogenerate``
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    with create_engine(url).begin() as conn:
        run(conn)
