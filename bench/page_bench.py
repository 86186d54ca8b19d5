"""Page latency against the size of the database: 1 organization beside 100, in one run.

Why side by side: a page should cost what it shows. The dashboard, the task list and
``/open`` of one plan must not slow down because 99 other organizations share the
database (issue 14: within 1.5× of the 1-organization figures).

Builds (or reuses, with ``--dir``) two SQLite ledgers through the real import service
(``export_bench.build_ledger``: per organization one plan of ``--tasks`` tasks with four
published quarterly rounds), one with 1 organization and one with ``--orgs``. For each,
starts the web app in-process (``fastapi.testclient``, no network), logs in as an
admin, and requests the first organization's plan — the same plan in both ledgers —
``--samples`` times per page after one warm-up request, alternating between the two. Prints p50/p95 per page and
the ratio of the large ledger's p50 to the small one's, and the first ``/open/``
request after a server start (the site keeper must not rebuild what it built before;
the site lives beside each ledger, ``ledger-…-public/``).

    .venv/bin/python bench/page_bench.py [--orgs 100] [--tasks 300] [--samples 30] [--dir DIR]
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_bench import build_ledger  # noqa: E402

from duban.settings import Settings  # noqa: E402
from duban.store import db as store_db  # noqa: E402
from duban.store.models import Round, Task, User  # noqa: E402
from duban.store.services.users import create_user  # noqa: E402
from duban.web.app import create_app  # noqa: E402

GOAL_RATIO = 1.5
PASSWORD = "bench-password-1"
JUDGED = ("dashboard", "task list", "/open (JSON)", "/open/ (site)")


def ledger(folder: Path, orgs: int, tasks: int) -> str:
    path = folder / f"ledger-{orgs}x{tasks}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        start = time.perf_counter()
        build_ledger(url, orgs, tasks)
        print(f"built {path.name} in {time.perf_counter() - start:.0f} s", flush=True)
    with store_db.session_factory(url).begin() as session:
        if session.scalar(select(User.id).where(User.username == "bench")) is None:
            create_user(session=session, actor="bench", username="bench", password=PASSWORD, role="admin")
    return url


def logged_in(app) -> TestClient:
    client = TestClient(app)
    client.__enter__()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def timed(client: TestClient, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, url
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(len(values) * 0.95) - 1)]


def start(url: str) -> tuple[TestClient, dict[str, str], dict[str, float]]:
    """The app on the ledger, logged in; the pages to time; and how long the first ``/open/`` took,
    at the first start and again after a restart (a new app on the same files)."""
    with store_db.session_factory(url)() as session:
        plan_id = 1
        round_id = session.scalar(select(Round.id).where(Round.plan_id == plan_id).order_by(Round.end.desc()))
        task_id = session.scalar(select(Task.id).where(Task.plan_id == plan_id).order_by(Task.id))
    settings = Settings(database_url=url, secret_key="bench-secret")
    starts = {}
    for label in ("first /open/ (build if needed)", "first /open/ after a restart"):
        client = logged_in(create_app(settings))
        starts[label] = timed(client, "/open/") / 1000
    pages = {
        "dashboard": f"/dashboard?plan_id={plan_id}&round_id={round_id}",
        "task list": f"/tasks?plan_id={plan_id}&round_id={round_id}",
        "/open (JSON)": f"/open?plan_id={plan_id}&round_id={round_id}&format=json",
        "/open/ (site)": "/open/",
        "/open/tasks/N (JSON)": f"/open/tasks/{task_id}?format=json",
    }
    for path in pages.values():
        timed(client, path)  # warm-up: caches, templates, the site keeper's check
    return client, pages, starts


def measure(urls: list[str], samples: int) -> tuple[list[dict[str, list[float]]], list[dict[str, float]]]:
    """Requests alternate between the ledgers, so a busy moment of the shared machine hits both alike."""
    started = [start(url) for url in urls]
    result = [{name: [] for name in started[0][1]} for _ in urls]
    for _ in range(samples):
        for n, (client, pages, _) in enumerate(started):
            for name, path in pages.items():
                result[n][name].append(timed(client, path))
    return result, [s for _, _, s in started]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--dir", type=Path, help="keep the ledgers here and reuse them (building 100 takes minutes)")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="duban-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    small, large = ledger(folder, 1, args.tasks), ledger(folder, args.orgs, args.tasks)
    (one, many), (one_start, many_start) = measure([small, large], args.samples)
    print(f"\npage latency, the same {args.tasks}-task plan; 1 organization vs {args.orgs} "
          f"({args.samples} requests each, in-process)")
    print(f"  {'page':<22} {'1 org p50':>10} {'p95':>7}   {f'{args.orgs} orgs p50':>12} {'p95':>7}   ratio p50")
    ok = True
    for name in one:
        a, b = statistics.median(one[name]), statistics.median(many[name])
        ratio = b / a if a else float("inf")
        judged = name in JUDGED
        ok &= ratio <= GOAL_RATIO or not judged
        print(f"  {name:<22} {a:8.1f}ms {p95(one[name]):5.1f}ms   {b:10.1f}ms {p95(many[name]):5.1f}ms   "
              f"{ratio:5.2f}×{'' if judged else ' (not judged)'}")
    for name in one_start:
        print(f"  {name:<30} 1 org {one_start[name]:6.2f} s   {args.orgs} orgs {many_start[name]:6.2f} s")
    print(f"goal: dashboard, task list and /open within {GOAL_RATIO}× of the 1-organization p50: "
          f"{'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
