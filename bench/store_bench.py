"""Ledger at deployment size: import speed and the dashboard's queries, on SQLite and PostgreSQL.

Builds a synthetic deployment — by default 100 organizations × 300 tasks × 8
rounds = 240,000 progress reports — with task contents, progress items and unit
names drawn from the seeds' parsed rows (random.Random(42)), imported through the
real import service (one progress table per organization and round, as
``duban import`` stores it). Then prints import rows/s and p50/p95 of the queries
a dashboard runs: status counts per plan and round, the per-unit scorecard of a
round, the lagging tasks of a round, and word search.

    .venv/bin/python bench/store_bench.py [--scale 0.1] [--db sqlite|postgresql|both]

``--scale`` multiplies the number of organizations (0.1 → 10 orgs, 24,000 reports).
PostgreSQL runs in a throwaway cluster (``duban.store.pgcluster``) with fsync on;
SQLite is a WAL file in a temp dir. Imported reports are ``unassessed``; the
benchmark then gives them random statuses with one UPDATE (a stand-in for the
workbench's assessments) so the dashboard queries have something to count.
"""
from __future__ import annotations

import argparse
import calendar
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select, text

from duban.parse import Document, Period, Task, parse_file
from duban.store import db as store_db
from duban.store.models import ProgressReport, Round
from duban.store.pgcluster import start_cluster
from duban.store.search import search
from duban.store.services.imports import import_document
from duban.work.rounds import statuses_for_round

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "duban" / "samples"
STATUSES = ["ahead", "on_track", "behind", "done", "unassessed"]


def seed_pool() -> tuple[list[str], list[str], list[str], list[str]]:
    """Task contents, progress items, unit names and search words from the parsed seeds."""
    contents, items, units = [], [], set()
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = parse_file(path)
        for t in doc.tasks:
            contents.append(t.content)
            items.extend(t.progress or [g.progress for g in t.goals if g.progress])
            units.update(u for u in t.units if not u.startswith("各"))
    words = ["申请式退租", "疏解", "老旧小区", "垃圾分类", "王府井", "文物腾退", "营商环境", "就业"]
    return contents, items, sorted(units), words


def documents(org_no: int, n_tasks: int, n_rounds: int, pool, rng: random.Random):
    contents, items, units, _ = pool
    rows = [(rng.choice(contents), rng.sample(units, rng.randint(1, 3))) for _ in range(n_tasks)]
    for r in range(n_rounds):
        month = r + 2
        tasks = [Task(seq=i + 1, ref=f"市重点任务第{i + 1}项", ref_no=i + 1, content=content, units=list(names),
                      progress=rng.sample(items, rng.randint(1, 3)))
                 for i, (content, names) in enumerate(rows)]
        end = date(2024, month, calendar.monthrange(2024, month)[1])
        yield Document(source=f"org{org_no}-r{r}.txt", kind="progress_report", title=None, year=2024,
                       period=Period(f"1-{month}月", "2024-01-01", end.isoformat()), tasks=tasks)


def timed(fn, samples: int) -> tuple[float, float]:
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def run(url: str, args, pool) -> None:
    rng = random.Random(42)
    factory = store_db.session_factory(url)
    n_orgs = max(1, round(100 * args.scale))
    reports = 0
    t0 = time.perf_counter()
    for o in range(n_orgs):
        for r, doc in enumerate(documents(o, args.tasks, args.rounds, pool, rng)):
            with factory() as session, session.begin():
                result = import_document(session=session, doc=doc, file_name=doc.source, sha256=f"{o:032d}{r:032d}",
                                         org_name=f"第{o + 1}区人民政府", actor="bench")
            reports += result.counts.get("reports", 0)
    elapsed = time.perf_counter() - t0
    engine = store_db.get_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("UPDATE progress_reports SET status = CASE abs(random()) % 5 "
                              + " ".join(f"WHEN {i} THEN '{s}'" for i, s in enumerate(STATUSES)) + " END"))
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("UPDATE progress_reports SET status = (ARRAY['" + "','".join(STATUSES)
                              + "'])[1 + floor(random() * 5)::int]"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    with factory() as session:
        n = session.scalar(select(func.count()).select_from(ProgressReport))
        rounds = session.execute(select(Round.id, Round.plan_id)).all()
    print(f"  imported {reports:,} reports ({n:,} rows) from {n_orgs * args.rounds:,} tables in {elapsed:.1f} s: "
          f"{reports / elapsed:,.0f} reports/s")
    qrng = random.Random(7)
    words = pool[3]
    checks = {
        "statuses of a round (work.rounds)": lambda s: statuses_for_round(s, *reversed(qrng.choice(rounds)),
                                                                          datetime.now()),
        "search (20 hits)": lambda s: search(session=s, query=qrng.choice(words), limit=20),
        "search in one year and unit": lambda s: search(session=s, query=qrng.choice(words), year=2024,
                                                        unit=qrng.choice(pool[2]), limit=20),
    }
    with factory() as session:
        for name, fn in checks.items():
            fn(session)  # warm
            p50, p95 = timed(lambda fn=fn: fn(session), args.samples)
            print(f"  {name:<34} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    store_db.dispose_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 100 organizations")
    parser.add_argument("--tasks", type=int, default=300, help="tasks per organization")
    parser.add_argument("--rounds", type=int, default=8, help="rounds per plan (at most 11)")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--samples", type=int, default=50, help="runs per query")
    args = parser.parse_args()
    pool = seed_pool()
    n_orgs = max(1, round(100 * args.scale))
    print(f"{n_orgs} organizations × {args.tasks} tasks × {args.rounds} rounds = "
          f"{n_orgs * args.tasks * args.rounds:,} progress reports; text from {len(pool[0])} seed tasks, "
          f"{len(pool[1])} progress items, {len(pool[2])} units")
    if args.db in ("sqlite", "both"):
        tmp = Path(tempfile.mkdtemp(prefix="duban-bench-"))
        try:
            print("SQLite (WAL file)")
            run(f"sqlite:///{tmp / 'bench.sqlite3'}", args, pool)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.db in ("postgresql", "both"):
        cluster = start_cluster(durable=True)
        try:
            print(f"PostgreSQL ({cluster.bin_dir.parent.name}, throwaway cluster, fsync on)")
            run(cluster.create_database("bench"), args, pool)
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
