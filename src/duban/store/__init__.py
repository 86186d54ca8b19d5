"""The ledger (台账): plans, tasks, units, rounds and versioned progress in SQLite or PostgreSQL.

- ``models`` — the tables (SQLAlchemy 2.0 typed models), ``migrations/`` — Alembic;
- ``db`` — engines (SQLite WAL + foreign keys), ``session_scope``, schema upgrade;
- ``services/`` — every write, audited (units, imports, progress, rounds, users);
- ``queries`` — the read API for the workbench, exports and the public site;
- ``search`` + ``textindex`` — jieba-segmented full-text search;
- ``pgcluster`` — a throwaway PostgreSQL cluster for tests and benchmarks.
"""
