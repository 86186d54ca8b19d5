"""Deadline rush: every unit's reporter logs in and submits within one minute; is each report stored exactly once?

    python bench/deadline_rush.py [--db sqlite|postgresql|both] [--units 300] [--tasks 1500]
                                  [--window 60] [--database-url URL] [--board-only [--batch 50]]

Builds a synthetic deployment (units, one plan, tasks led by the units, one open
round, one reporter per unit) in a fresh SQLite file and/or a throwaway PostgreSQL
cluster (``duban.store.pgcluster``; or the EMPTY database at ``--database-url``),
starts ``duban serve`` on a free loopback port, then lets the reporters arrive
spread evenly over ``--window`` seconds (an open loop: a slow server does not slow
the arrivals down, as on a real deadline day). Each reporter does what a person
does in the browser: login page, log in, 我的任务, then for each of its tasks the
form and the submit. Every reporter's loop is bounded, so the run stops by itself.

Prints requests/s, p50/p95/p99 latency per kind of request and overall, errors,
the dashboard's latency at that size — during the rush (reloaded every 2 s, when
every load finds new reports, by a client in a process of its own as the office's
browser is) and after it (30 loads), each judged against its own goal — and the
final count check: every accepted submission is in the database exactly once
(lost = 0, duplicated = 0).

``--board-only`` runs no server: it writes the same reports in batches and times
``dashboard.build`` after each, in wall and CPU time (see ``board_reloads``).
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
from argon2 import PasswordHasher
from sqlalchemy import func, select

from duban.store.db import dispose_all, session_scope
from duban.store.models import Assignment, Organization, Plan, ProgressReport, Round, Task, Unit, User
from duban.store.services.progress import append_report
from duban.store.services.users import password_hasher as store_hasher
from duban.work import dashboard

PASSWORD = "rush-password"
GOAL_P95_MS = 300
# the dashboard is judged twice, never on pooled samples: while the reports pour in (each load recomputes)
# and after the rush (loads should be cheap); pooling let a 201 ms during-rush p95 pass as "met"
GOAL_DASHBOARD_DURING_P95_MS, GOAL_DASHBOARD_AFTER_P95_MS = 200, 200
# OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane); verifying reads the parameters from the hash
OWASP_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def build(url: str, units: int, tasks: int, hasher: PasswordHasher, seed: int = 42) -> None:
    rng = random.Random(seed)
    texts = [line.strip() for p in Path(__file__).parent.parent.joinpath("src/duban/samples").glob("*.txt")
             for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 30]
    # one hash for all: hashing 300 passwords is not what is measured (verifying them at login is)
    password_hash = hasher.hash(PASSWORD)
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


def field_of(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


class Recorder:
    """Latencies per kind of request and the errors, from many reporter threads."""

    def __init__(self) -> None:
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def call(self, kind: str, request, expect: int = 200) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response = request()
        except httpx.HTTPError as exc:
            with self.lock:
                self.errors.append(f"{kind}: {type(exc).__name__}")
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.timings[kind].append(elapsed)
            if response.status_code != expect:
                self.errors.append(f"{kind}: HTTP {response.status_code}")
                return None
        return response


def reporter_run(base: str, username: str, start_at: float, rec: Recorder) -> int:
    """One person at the deadline: log in, open 我的任务, open and submit each task's form."""
    time.sleep(max(0.0, start_at - time.perf_counter()))
    submitted = 0
    with httpx.Client(base_url=base, timeout=60) as client:
        page = rec.call("login page", lambda: client.get("/login"))
        if page is None:
            return 0
        data = {"username": username, "password": PASSWORD, "csrf_token": field_of(page.text, "csrf_token")}
        if rec.call("login", lambda: client.post("/login", data=data), 303) is None:
            return 0
        mine = rec.call("my tasks", lambda: client.get("/my"))
        if mine is None:
            return 0
        for link in dict.fromkeys(re.findall(r'href="(/my/\d+/\d+)"', mine.text)):
            form = rec.call("form", lambda link=link: client.get(link))
            if form is None:
                continue
            data = {"item": [f"{username} 第一季度进展：已完成阶段任务。", "正在推进下一步工作。"],
                    "base_version": field_of(form.text, "base_version"), "action": "submit",
                    "csrf_token": field_of(form.text, "csrf_token")}
            if rec.call("submit", lambda link=link, data=data: client.post(link, data=data), 303) is not None:
                submitted += 1
    return submitted


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def line(kind: str, values: list[float]) -> str:
    return (f"  {kind:<11} n={len(values):5d}  p50 {percentile(values, 50):6.0f} ms  "
            f"p95 {percentile(values, 95):6.0f} ms  p99 {percentile(values, 99):6.0f} ms")


def start_server(url: str, server_workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DUBAN_DATABASE_URL": url, "DUBAN_PORT": str(port), "DUBAN_HOST": "127.0.0.1",
           "DUBAN_SERVER_WORKERS": str(server_workers), "DUBAN_SECRET_KEY": os.urandom(16).hex()}
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "duban.cli", "serve"], env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"duban: the server exited with code {server.returncode}")
        try:
            httpx.get(f"{base}/login", timeout=1)
            return server, base
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("duban: the server did not answer within 60 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux ``/proc``; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def office_login(admin: httpx.Client) -> httpx.Client:
    token = field_of(admin.get("/login").text, "csrf_token")
    admin.post("/login", data={"username": "rushadmin", "password": PASSWORD, "csrf_token": token})
    return admin


def dashboard_timings(base: str, rounds: int = 30) -> list[float]:
    """The office watching the board after the rush: the first load computes, the rest should be cheap."""
    with httpx.Client(base_url=base, timeout=60) as admin:
        office_login(admin)
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            assert admin.get("/dashboard").status_code == 200
            times.append(time.perf_counter() - t)
        return times


def watch_dashboard(base: str, stop, results, every: float = 2.0) -> None:
    """The office reloading the board during the rush: each load finds new reports, so each one computes.

    Runs in its own process (the office's browser is not the reporters'): in the
    reporters' process its timings also held the wait for the interpreter lock among
    300 client threads, which no user's browser pays.
    """
    rec = Recorder()
    with httpx.Client(base_url=base, timeout=60) as admin:
        office_login(admin)
        while not stop.wait(every):
            rec.call("dashboard*", lambda: admin.get("/dashboard"))
    results.put((rec.timings.get("dashboard*", []), rec.errors))


def board_reloads(url: str, args: argparse.Namespace) -> bool:
    """``--board-only``: the dashboard's own cost per reload during the rush, in one process, no server.

    The rush's reports are written in batches of what arrives between two reloads
    (``--batch``, 50 at 25 reports/s every 2 s) and ``dashboard.build`` is timed after
    each, in wall time and in CPU time: on a machine other jobs keep busy, CPU time
    still compares two versions of the code; the full rush does not.
    """
    build(url, args.units, args.tasks, store_hasher)
    with session_scope(url) as s:
        pairs = s.execute(select(Assignment.task_id, Assignment.unit_id).order_by(Assignment.task_id)).all()
        round_id = s.scalar(select(Round.id))
    wall, cpu = [], []
    for start in range(0, len(pairs), args.batch):
        with session_scope(url) as s:
            for task_id, unit_id in pairs[start:start + args.batch]:
                append_report(session=s, actor="rush", task_id=task_id, round_id=round_id, unit_id=unit_id,
                              items=[f"压测单位{unit_id} 第一季度进展：已完成阶段任务。", "正在推进下一步工作。"],
                              state="submitted")
        with session_scope(url) as s:
            t, c = time.perf_counter(), time.process_time()
            dashboard.build(s, None, None, datetime.now())
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    dispose_all()
    # the first reload is the process's first: imports, the plan's tasks; it is shown apart
    print(f"database: {url.split('@')[-1]}; {len(wall)} reloads, {args.batch} new reports before each; "
          f"first reload {wall[0] * 1000:.0f} ms; load average {os.getloadavg()[0]:.2f}")
    print(line("wall", wall[1:]))
    print(line("CPU", cpu[1:]))
    return percentile(wall[1:], 95) < GOAL_DASHBOARD_DURING_P95_MS


def rush(url: str, args: argparse.Namespace) -> bool:
    t0 = time.perf_counter()
    hasher = OWASP_HASHER if args.hash == "owasp" else store_hasher
    build(url, args.units, args.tasks, hasher)
    dispose_all()
    print(f"database: {url.split('@')[-1]}  built {args.units} units, {args.tasks} tasks in "
          f"{time.perf_counter() - t0:.1f} s; argon2 m={hasher.memory_cost} KiB t={hasher.time_cost} "
          f"p={hasher.parallelism}; load average {os.getloadavg()[0]:.2f}")
    log = Path(tempfile.mkdtemp(prefix="duban-rush-log-")) / "server.log"
    server, base = start_server(url, args.server_workers, log)
    rec = Recorder()
    try:
        reporters = [f"rush{i:03d}" for i in range(args.units)]
        random.Random(7).shuffle(reporters)
        start = time.perf_counter() + 0.5
        results = [0] * len(reporters)

        def run(i: int) -> None:
            results[i] = reporter_run(base, reporters[i], start + i * args.window / len(reporters), rec)

        threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(reporters))]
        spawn = multiprocessing.get_context("spawn")
        stop, board_results = spawn.Event(), spawn.Queue()
        watcher = spawn.Process(target=watch_dashboard, args=(base, stop, board_results), daemon=True)
        watcher.start()
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - start
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
        stop.set()
        try:
            during_timings, during_errors = board_results.get(timeout=120)
        except queue.Empty:  # the office's process failed (its traceback is above): no figures, one error
            during_timings, during_errors = [], [f"dashboard*: watcher exited with code {watcher.exitcode}"]
        watcher.join(10)
        rec.timings["dashboard*"] = during_timings
        rec.errors += during_errors
        accepted = sum(results)
        every = [v for kind, values in rec.timings.items() if kind != "dashboard*" for v in values]
        print(f"{len(every)} requests in {elapsed:.1f} s = {len(every) / elapsed:.0f} req/s from {len(reporters)} "
              f"reporters arriving over {args.window:.0f} s; errors: {len(rec.errors)} {sorted(set(rec.errors))[:5]}")
        for kind, values in rec.timings.items():
            print(line(kind, values))
        print(line("all", every) + "  (reporters' requests; dashboard* = the office reloading during the rush)")
        # client and server share this machine's cores: what the reporters' client took was not the server's
        print(f"CPU during the rush: server {server_cpu:.0f} s, the reporters' client {client_cpu:.0f} s, "
              f"of {elapsed:.0f} s x {os.cpu_count()} cores")
        board = dashboard_timings(base)
        print(line("dashboard", board) + f"  ({args.tasks} tasks, first load {board[0] * 1000:.0f} ms)")
    finally:
        server.terminate()
        server.wait(10)
    with session_scope(url) as s:
        rows = s.execute(select(ProgressReport.task_id, func.count()).where(ProgressReport.state == "submitted")
                         .group_by(ProgressReport.task_id)).all()
    dispose_all()
    stored = len(rows)
    duplicated = sum(n - 1 for _, n in rows if n > 1)
    lost = accepted - stored
    print(f"accepted {accepted} submissions, stored {stored} tasks with a submitted report: "
          f"lost = {lost}, duplicated = {duplicated}, never submitted = {args.tasks - stored}; "
          f"load average {os.getloadavg()[0]:.2f}; server log {log}")
    during = rec.timings.get("dashboard*", [])
    p95 = percentile(every, 95)
    checks = [("0 errors", not rec.errors), ("nothing lost or doubled", lost == 0 and duplicated == 0),
              (f"reporters' p95 < {GOAL_P95_MS} ms", p95 < GOAL_P95_MS),
              (f"dashboard during the rush p95 < {GOAL_DASHBOARD_DURING_P95_MS} ms",
               bool(during) and percentile(during, 95) < GOAL_DASHBOARD_DURING_P95_MS),
              (f"dashboard after the rush p95 < {GOAL_DASHBOARD_AFTER_P95_MS} ms",
               percentile(board, 95) < GOAL_DASHBOARD_AFTER_P95_MS)]
    print(f"dashboard p95: during the rush {percentile(during, 95) if during else float('nan'):.0f} ms "
          f"({len(during)} loads), after it {percentile(board, 95):.0f} ms ({len(board)} loads)")
    for name, passed in checks:
        print(f"  {'met    ' if passed else 'NOT met'}  {name}")
    ok = all(passed for _, passed in checks)
    print(f"goal (all of the above): {'met' if ok else 'NOT met'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--units", type=int, default=300, help="units, one reporter each")
    parser.add_argument("--tasks", type=int, default=1500)
    parser.add_argument("--window", type=float, default=60.0, help="seconds over which the reporters arrive")
    parser.add_argument("--server-workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--hash", choices=("store", "owasp"), default="store",
                        help="password hashes as the store makes them, or with OWASP's minimum parameters")
    parser.add_argument("--database-url", default=None, help="an EMPTY database to use instead of --db")
    parser.add_argument("--board-only", action="store_true",
                        help="no server: time dashboard.build in-process after each batch of reports")
    parser.add_argument("--batch", type=int, default=50, help="with --board-only: new reports between reloads")
    args = parser.parse_args()
    run = board_reloads if args.board_only else rush
    results = []
    if args.database_url:
        results.append(run(args.database_url, args))
    else:
        if args.db in ("sqlite", "both"):
            workdir = Path(tempfile.mkdtemp(prefix="duban-rush-"))
            results.append(run(f"sqlite:///{workdir / 'rush.sqlite3'}", args))
        if args.db in ("postgresql", "both"):
            from duban.store.pgcluster import start_cluster
            cluster = start_cluster(durable=True)
            try:
                results.append(run(cluster.create_database("rush"), args))
            finally:
                cluster.stop()
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
