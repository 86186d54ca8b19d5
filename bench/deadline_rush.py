"""Deadline rush: many reporters log in and submit at once; is every report stored exactly once?

    python bench/deadline_rush.py [--units 300] [--tasks 1500] [--workers 32] [--database-url URL]

Builds a synthetic deployment (units, one plan, tasks led by the units, one open
round, one reporter per unit) in a fresh SQLite file (or the empty database at
``--database-url``, e.g. a throwaway PostgreSQL), starts ``duban serve`` on a free
loopback port, then every reporter logs in, reads its task list and submits a
report for each task, through a bounded pool of concurrent clients. Prints
requests/s, p50/p95/p99 latency per kind of request, errors, the dashboard's
latency at that size, and the final count check (lost = 0, duplicated = 0).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

from duban.store.db import session_scope
from duban.store.models import Assignment, Organization, Plan, ProgressReport, Round, Task, Unit, User
from duban.store.services.users import _hasher

PASSWORD = "rush-password"


def build(url: str, units: int, tasks: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    texts = [line.strip() for p in Path(__file__).parent.parent.joinpath("src/duban/samples").glob("*.txt")
             for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 30]
    password_hash = _hasher.hash(PASSWORD)  # one hash for all: building 300 hashes is not what is measured
    with session_scope(url) as s:
        org = Organization(name="压力测试区")
        s.add(org)
        s.flush()
        plan = Plan(org_id=org.id, year=2024, title="2024年重点任务（压测）", source="压测", kind="progress_report")
        s.add(plan)
        s.flush()
        unit_rows = [Unit(org_id=org.id, name=f"压测单位{i:03d}", kind="委办局") for i in range(units)]
        s.add_all(unit_rows)
        s.flush()
        for i in range(tasks):
            task = Task(plan_id=plan.id, position=i, seq=i + 1, content=rng.choice(texts))
            s.add(task)
            s.flush()
            s.add(Assignment(task_id=task.id, unit_id=unit_rows[i % units].id, role="lead", position=0))
        s.add(Round(plan_id=plan.id, label="第一季度", start=date(2024, 1, 1), end=date(2024, 3, 31),
                    due=date.today() + timedelta(days=7), state="open"))
        s.add_all([User(username=f"rush{i:03d}", password_hash=password_hash, role="reporter", unit_id=u.id)
                   for i, u in enumerate(unit_rows)])
        s.add(User(username="rushadmin", password_hash=password_hash, role="admin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def reporter_run(base: str, username: str, timings: dict, errors: list) -> int:
    """Log in, list my tasks, submit each; returns the number of reports accepted."""
    def timed(kind, call):
        start = time.perf_counter()
        try:
            response = call()
        except httpx.HTTPError as exc:
            errors.append(f"{kind}: {type(exc).__name__}")
            return None
        timings[kind].append(time.perf_counter() - start)
        if response.status_code >= 400:
            errors.append(f"{kind}: HTTP {response.status_code}")
            return None
        return response

    submitted = 0
    with httpx.Client(base_url=base, timeout=60) as client:
        page = timed("login page", lambda: client.get("/login"))
        if page is None:
            return 0
        token = csrf_of(page.text)
        if timed("login", lambda: client.post("/login", data={"username": username, "password": PASSWORD,
                                                              "csrf_token": token})) is None:
            return 0
        token = client.cookies  # the session changed at login; read the new token from a page
        mine = timed("my tasks", lambda: client.get("/my?format=json"))
        if mine is None:
            return 0
        form = client.get("/my")
        token = csrf_of(form.text)
        for group in mine.json():
            for task in group["tasks"]:
                url = f"/my/{group['round_id']}/{task['task_id']}"
                data = {"item": [f"{username} 第一季度进展：已完成阶段任务。", "正在推进下一步工作。"],
                        "base_version": str(task["version"]), "action": "submit", "csrf_token": token}
                if timed("submit", lambda: client.post(url, data=data)) is not None:
                    submitted += 1
    return submitted


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=1500)
    parser.add_argument("--workers", type=int, default=32, help="concurrent reporters at any moment")
    parser.add_argument("--database-url", default=None, help="an EMPTY database (default: a new SQLite file)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="duban-rush-"))
    url = args.database_url or f"sqlite:///{workdir / 'rush.sqlite3'}"
    t0 = time.perf_counter()
    build(url, args.units, args.tasks)
    print(f"database: {url.split('@')[-1]}  built {args.units} units, {args.tasks} tasks in "
          f"{time.perf_counter() - t0:.1f} s")
    port = free_port()
    env = {**os.environ, "DUBAN_DATABASE_URL": url, "DUBAN_PORT": str(port), "DUBAN_HOST": "127.0.0.1"}
    server = subprocess.Popen([sys.executable, "-m", "duban.cli", "serve"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        start = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            accepted = sum(pool.map(lambda i: reporter_run(base, f"rush{i:03d}", timings, errors), range(args.units)))
        elapsed = time.perf_counter() - start
        requests = sum(len(v) for v in timings.values())
        print(f"{requests} requests in {elapsed:.1f} s = {requests / elapsed:.0f} req/s, "
              f"{args.workers} concurrent reporters, errors: {len(errors)} {sorted(set(errors))[:5]}")
        for kind, values in timings.items():
            print(f"  {kind:<11} n={len(values):5d}  p50 {percentile(values, 50):6.0f} ms  "
                  f"p95 {percentile(values, 95):6.0f} ms  p99 {percentile(values, 99):6.0f} ms")
        with httpx.Client(base_url=base, timeout=60) as admin:
            token = csrf_of(admin.get("/login").text)
            admin.post("/login", data={"username": "rushadmin", "password": PASSWORD, "csrf_token": token})
            board = []
            for _ in range(20):
                t = time.perf_counter()
                assert admin.get("/dashboard").status_code == 200
                board.append(time.perf_counter() - t)
        print(f"  dashboard   n={len(board):5d}  p50 {percentile(board, 50):6.0f} ms  p95 {percentile(board, 95):6.0f} ms"
              f"  ({args.tasks} tasks)")
    finally:
        server.terminate()
        server.wait(10)
    with session_scope(url) as s:
        rows = s.execute(select(ProgressReport.task_id, func.count()).where(ProgressReport.state == "submitted")
                         .group_by(ProgressReport.task_id)).all()
    stored = len(rows)
    duplicated = sum(n - 1 for _, n in rows if n > 1)
    lost = accepted - stored
    print(f"accepted {accepted} submissions, stored {stored} tasks with a submitted report: "
          f"lost = {lost}, duplicated = {duplicated}, never submitted = {args.tasks - stored}")


if __name__ == "__main__":
    main()
