"""An import killed midway (SIGKILL) leaves the database as it was, and it still opens."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from factories.store import import_gold
from sqlalchemy import func, select, text

from duban.store import db as store_db
from duban.store.db import session_scope
from duban.store.models import Base

TESTS = Path(__file__).resolve().parents[1]

IMPORTER = textwrap.dedent("""
    import copy, sys
    sys.path.insert(0, sys.argv[2])
    from factories.store import gold_document
    from duban.store.db import session_factory
    from duban.store.services.imports import import_document

    base = gold_document("002")
    doc = copy.deepcopy(base)
    doc.period.label = "全年"
    doc.tasks = []
    for copy_no in range(60):  # about 1,900 rows: long enough to be killed in the middle
        for t in base.tasks:
            row = copy.deepcopy(t)
            row.ref, row.ref_no = f"{t.ref}-{copy_no}", copy_no
            row.content = f"（第{copy_no}批）" + t.content
            doc.tasks.append(row)

    def on_row(n):
        if n == 30:
            print("midway", flush=True)

    with session_factory(sys.argv[1])() as session, session.begin():
        import_document(session=session, doc=doc, file_name="big.json", sha256="f" * 64, on_row=on_row)
    print("finished", flush=True)
""")


def counts(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        return {name: session.scalar(select(func.count()).select_from(t)) for name, t in Base.metadata.tables.items()}


def test_sigkill_during_import_changes_nothing(db_url, tmp_path):
    with session_scope(db_url) as session:
        import_gold(session=session, prefix="002")
    before = counts(db_url)
    store_db.dispose_all()
    script = tmp_path / "importer.py"
    script.write_text(IMPORTER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), db_url, str(TESTS)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout.readline().strip() == "midway"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert counts(db_url) == before
    engine = store_db.get_engine(db_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"))  # raises if corrupt
        assert conn.execute(text("SELECT count(*) FROM search_docs")).scalar() == before["search_docs"]
