"""Export speed: a 300-task plan with four rounds to Word, Excel and the public site.

Builds a SQLite ledger in a temp dir through the real import service: ``--plans``
plans (one per organization) of ``--tasks`` tasks, each with four quarterly rounds
whose progress items are drawn from the seeds' parsed rows (random.Random(42)).
Then, for the latest round of the first plan, times ``table_from_store`` + the
.docx and .xlsx exporters, and ``publish_site`` over every plan (all rounds are
published, as imported) with ``--workers`` processes. Each step runs once for its
time (the site ``--repeat`` times, median printed), then once more under tracemalloc
for its peak Python memory (of the main process; the site's workers are reported by
their peak RSS). CPU seconds and the
load average are printed beside, since the machine is shared.

    .venv/bin/python bench/export_bench.py [--tasks 300] [--plans 100] [--workers 2] [--repeat 3] [--pdf] [--db FILE]

``--db FILE`` keeps the ledger in FILE and reuses it when it exists (building 100
plans takes minutes; the site's timing does not include it).

Then times two rebuilds of that site (``publish_site`` keeps a record of what it built):
with nothing changed, and after one approved report in the first plan (written to the
ledger, so a kept ``--db`` gains one report per run).

Goals (issues 5, 12, 14): docx and xlsx < 3 s, site < 10 s for 100 plans on the 2-core
machine in every run, a one-report rebuild well under 1 s.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import tempfile
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from duban.export.registry import export_bytes
from duban.export.site import publish_site
from duban.export.store_table import table_from_store
from duban.parse import Document, Period, Task, parse_file
from duban.store import db as store_db
from duban.store.models import Plan
from duban.store.models import Task as TaskRow
from duban.store.services.imports import import_document
from duban.store.services.progress import append_report
from duban.work import ledger

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "duban" / "samples"
QUARTERS = [("第一季度", date(2024, 3, 31)), ("上半年", date(2024, 6, 30)), ("前三季度", date(2024, 9, 30)),
            ("全年", date(2024, 12, 31))]


def seed_pool() -> tuple[list[Task], list[str], list[str]]:
    tasks, items, units = [], [], set()
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = parse_file(path)
        if doc.kind == "progress_report":
            tasks.extend(doc.tasks)
        for t in doc.tasks:
            items.extend(t.progress)
            units.update(t.units)
    return tasks, items, sorted(units)


def plan_documents(n_tasks: int, pool, rng: random.Random) -> list[Document]:
    """One progress table per quarter for the same tasks (refs keep them matched across rounds)."""
    tasks, items, units = pool
    rows = []
    for n in range(n_tasks):
        base = rng.choice(tasks)
        rows.append((f"市重点任务第{n + 1}项", base.content, rng.sample(units, rng.randint(1, 3)), base.targets))
    docs = []
    for label, end in QUARTERS:
        doc_tasks = [Task(seq=n + 1, content=content, ref=ref, ref_no=n + 1, units=list(u), targets=list(targets),
                          progress=rng.sample(items, rng.randint(1, 4)))
                     for n, (ref, content, u, targets) in enumerate(rows)]
        docs.append(Document(source=f"{label}.txt", kind="progress_report", title="2024年重点任务进展情况表",
                             year=2024, period=Period(label, "2024-01-01", end.isoformat()), tasks=doc_tasks))
    return docs


def build_ledger(url: str, n_plans: int, n_tasks: int) -> None:
    rng = random.Random(42)
    pool = seed_pool()
    factory = store_db.session_factory(url)
    for p in range(n_plans):
        for doc in plan_documents(n_tasks, pool, rng):
            data = json.dumps(doc.to_dict(), ensure_ascii=False).encode()
            with factory.begin() as session:
                import_document(session=session, doc=doc, file_name=doc.source,
                                sha256=hashlib.sha256(data + str(p).encode()).hexdigest(), org_name=f"测试区{p + 1}")


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(step) -> tuple[float, float, float, object]:
    """Seconds and CPU seconds (workers included) of one run, then peak MB of traced allocations in a second run."""
    start, cpu = time.perf_counter(), cpu_seconds()
    result = step()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, cpu, peak / 1024 / 1024, result


def file_creation_cost(folder: Path, count: int = 2000) -> float:
    """Microseconds of CPU to create and write one small file there: the site is ~340 files per plan,
    and on this VM's disk the kernel's cost per file has varied fourfold (60–280 µs) with the load."""
    probe = Path(tempfile.mkdtemp(prefix=".probe-", dir=folder))
    try:
        start = cpu_seconds()
        for n in range(count):
            (probe / f"{n}.html").write_bytes(b"x" * 6000)
        return (cpu_seconds() - start) / count * 1e6
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def rebuild_timings(factory, site, site_dir: Path, plan_id: int, round_id: int) -> list[tuple[str, float]]:
    """A rebuild with nothing changed (a server restart), then after one approved report."""
    timings = []
    start = time.perf_counter()
    site(site_dir, incremental=True)
    timings.append(("nothing changed", time.perf_counter() - start))
    with factory.begin() as session:
        task = session.get(TaskRow, session.scalar(select(TaskRow.id).where(TaskRow.plan_id == plan_id)))
        append_report(session=session, actor="bench", task_id=task.id, round_id=round_id,
                      unit_id=task.assignments[0].unit_id, items=[f"基准测试进展{time.time():.0f}"], status="done",
                      state="published", check_transition=False)
    start = time.perf_counter()
    site(site_dir, incremental=True)
    timings.append(("one report changed", time.perf_counter() - start))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="processes rendering the site")
    parser.add_argument("--db", type=Path, help="keep the ledger in this SQLite file (reused when it exists)")
    parser.add_argument("--out", type=Path, help="parent directory of the site (default: the temp dir, same disk)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="site builds timed; the machine is shared, so the median and the best are printed")
    parser.add_argument("--pdf", action="store_true", help="also time the PDF (LibreOffice) export")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="duban-export-bench-"))
    url = f"sqlite:///{(args.db or work / 'bench.sqlite3').resolve()}"
    folders: list[Path] = []
    try:
        if args.db and args.db.exists():
            print(f"ledger: reusing {args.db}")
        else:
            start = time.perf_counter()
            build_ledger(url, args.plans, args.tasks)
            print(f"ledger: {args.plans} plan(s) × {args.tasks} tasks × {len(QUARTERS)} rounds "
                  f"built in {time.perf_counter() - start:.1f} s")
        factory = store_db.session_factory(url)
        with factory() as session:
            plan = session.query(Plan).order_by(Plan.id).first()
            rnd = ledger.rounds_of(session, plan.id)[-1]
            plan_id, round_id = plan.id, rnd.id

        def table():
            with factory() as session:
                return table_from_store(session, plan_id, round_id)

        rows = []
        seconds, cpu, peak, built = measure(table)
        rows.append(("table_from_store", seconds, cpu, peak, f"{len(built.rows)} rows"))
        formats = ["docx", "xlsx"] + (["pdf"] if args.pdf else [])
        for fmt in formats:
            seconds, cpu, peak, data = measure(lambda fmt=fmt: export_bytes(table(), fmt))
            rows.append((f"{fmt} (table + file)", seconds, cpu, peak, f"{len(data) / 1024:.0f} KB"))

        parent = args.out or work
        parent.mkdir(parents=True, exist_ok=True)

        def site(folder: Path, incremental: bool = False):
            with factory() as session:
                return publish_site(session, folder, now=datetime(2025, 1, 15), workers=args.workers,
                                    incremental=incremental)

        # each timed build goes to a new directory, and none is deleted until the end: deleting
        # 35,000 files makes the next creations on this VM's disk slower for a while
        load = os.getloadavg()[0]
        runs, folders = [], []
        for _ in range(args.repeat):
            folders.append(Path(tempfile.mkdtemp(prefix="site-", dir=parent)) / "site")
            start, cpu = time.perf_counter(), cpu_seconds()
            stats = site(folders[-1])
            runs.append((time.perf_counter() - start, cpu_seconds() - cpu))
        site_dir = folders[0]
        tracemalloc.start()
        site(site_dir)  # once more, for the main process's peak memory
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        seconds, cpu = sorted(runs)[len(runs) // 2]
        rows.append((f"site (all plans, {args.workers} worker(s))", seconds, cpu, peak,
                     f"median of {len(runs)}; {stats.summary()}"))
        rebuilds = rebuild_timings(factory, site, site_dir, plan_id, round_id)
        files = [p for p in site_dir.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"{'step':<34}{'seconds':>9}{'CPU s':>8}{'peak MB':>10}  output")
        for name, seconds, cpu, peak, note in rows:
            print(f"{name:<34}{seconds:>9.2f}{cpu:>8.2f}{peak:>10.1f}  {note}")
        print("site builds: " + ", ".join(f"{s:.2f} s ({c:.1f} s CPU)" for s, c in runs)
              + f"; best {min(runs)[0]:.2f} s, median {seconds:.2f} s")
        print("rebuilds of that site: " + "; ".join(f"{name} {seconds:.2f} s" for name, seconds in rebuilds))
        parts = [p.stat().st_size for p in (site_dir / "search").glob("*.js")]
        print(f"search index: {len(parts)} parts (one per organization and year), largest "
              f"{max(parts, default=0) / 1024 / 1024:.1f} MB, all {sum(parts) / 1024 / 1024:.0f} MB")
        print(f"site: {len(files)} files, {size / 1024 / 1024:.0f} MB in {site_dir.parent}; creating a file there costs "
              f"{file_creation_cost(site_dir.parent):.0f} µs CPU; load average before the site run: {load:.2f} "
              f"({os.cpu_count()} cores)")
        print(f"max RSS: main process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
              f"largest worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    finally:
        store_db.dispose_all()
        shutil.rmtree(work, ignore_errors=True)
        if args.out:
            for folder in folders:
                shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
