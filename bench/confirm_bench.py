"""逐项确认系统建议 at size: how long listing a round's suggestions and confirming them all take.

    python bench/confirm_bench.py [--tasks 1500] [--database-url URL]

Builds, in a fresh SQLite file (or the EMPTY database at ``--database-url``), one plan
of ``--tasks`` tasks, each with a handed-in report whose text is a progress line of the
bundled seeds, in one open round; then times ``work.confirm.suggestions`` (what the
page lists: the engine reads every report) and ``confirm_suggestions`` of all of them
in one transaction (each a new audited version), and prints the figures.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from duban.store.db import session_scope
from duban.store.models import Assignment, Organization, Plan, Round, Task, Unit
from duban.store.services.progress import append_report
from duban.work.confirm import confirm_suggestions, suggestions

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "duban" / "samples"


def build(url: str, tasks: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    lines = [line.strip() for p in SAMPLES.glob("*.txt") for line in p.read_text(encoding="utf-8").splitlines()
             if 30 < len(line.strip()) < 400]
    with session_scope(url) as s:
        org = Organization(name="基准测试区")
        s.add(org)
        s.flush()
        plan = Plan(org_id=org.id, year=2024, title="2024年重点任务（基准）", source="基准", kind="progress_report")
        s.add(plan)
        s.flush()
        units = [Unit(org_id=org.id, name=f"基准单位{i:03d}", kind="委办局") for i in range(50)]
        s.add_all(units)
        rnd = Round(plan_id=plan.id, label="上半年", start=date(2024, 1, 1), end=date(2024, 6, 30),
                    due=date.today() + timedelta(days=7), state="open")
        s.add(rnd)
        s.flush()
        for i in range(tasks):
            task = Task(plan_id=plan.id, position=i, seq=i + 1, content=rng.choice(lines))
            s.add(task)
            s.flush()
            s.add(Assignment(task_id=task.id, unit_id=units[i % len(units)].id, role="lead", position=0))
            append_report(session=s, actor="bench", task_id=task.id, round_id=rnd.id, unit_id=units[i % len(units)].id,
                          items=[rng.choice(lines)], status="unassessed", state="submitted")
        return rnd.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1500)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        started = time.perf_counter()
        round_id = build(url, args.tasks)
        print(f"built {args.tasks} tasks with handed-in reports in {time.perf_counter() - started:.1f} s")
        now = datetime.now()
        with session_scope(url) as s:
            started = time.perf_counter()
            shown = suggestions(s, round_id, now)
            listed = time.perf_counter() - started
        print(f"suggestions listed: {len(shown)} of {args.tasks} in {listed:.2f} s")
        with session_scope(url) as s:
            started = time.perf_counter()
            result = confirm_suggestions(s, actor="bench", round_id=round_id, keys=[x.key for x in shown], now=now)
            confirmed = time.perf_counter() - started
        print(f"confirmed {len(result.confirmed)} (skipped {len(result.skipped)}) in {confirmed:.2f} s "
              f"(the list read again, then one audited version each)")


if __name__ == "__main__":
    main()
