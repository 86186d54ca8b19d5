"""Issue 10 item 3: one read model — the CLI and the dashboard give the same statuses.

On the demo database (the five seeds imported, a round open), for every plan the
status counts of ``duban tasks --plan N --json`` equal the dashboard's
``/dashboard?plan_id=N&format=json`` counts, and ``duban stats --json`` says the same.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from duban.settings import Settings
from duban.store import db as store_db
from duban.web.app import create_app
from duban.web.security import COOKIE_NAME
from duban.work.demo import prepare_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    counter = iter(range(10_000))
    demo = prepare_demo(tmp_path_factory.mktemp("demo"), password=lambda: f"pw-{next(counter):04d}")
    yield demo
    store_db.dispose_all()


def duban(demo, *args) -> list | dict:
    env = {**os.environ, "DUBAN_DATABASE_URL": demo.database_url}
    out = subprocess.run([sys.executable, "-m", "duban.cli", *args], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def staff(demo):
    client = TestClient(create_app(Settings(database_url=demo.database_url, secret_key="test-secret")))
    client.get("/login")
    token = client.app.state.signer.loads(client.cookies.get(COOKIE_NAME))["csrf"]
    admin = demo.account("admin")
    answer = client.post("/login", data={"username": admin.username, "password": admin.password,
                                         "csrf_token": token}, follow_redirects=False)
    assert answer.status_code in (302, 303)
    return client


def test_cli_and_dashboard_count_the_same_statuses(demo, staff):
    plans = duban(demo, "plans", "--json")
    stats = {p["id"]: p for p in duban(demo, "stats", "--json")}
    compared = 0
    for plan in plans:
        if not plan["rounds"]:
            continue
        tasks = duban(demo, "tasks", "--plan", str(plan["id"]), "--json")
        board = staff.get(f"/dashboard?plan_id={plan['id']}&format=json").json()
        assert board["plan"]["id"] == plan["id"]
        cli_counts = Counter(t["status"] for t in tasks)
        web_counts = {row["status"]: row["count"] for row in board["summary"]["statuses"] if row["count"]}
        assert dict(cli_counts) == web_counts, plan["title"]
        assert {t["round_id"] for t in tasks} == {board["round"]["id"]}
        stat_counts = {row["status"]: row["count"] for row in stats[plan["id"]]["summary"]["statuses"] if row["count"]}
        assert stat_counts == web_counts
        compared += 1
    assert compared >= 2  # the demo has several plans with rounds


def test_status_filter_uses_the_same_statuses(demo):
    tasks = duban(demo, "tasks", "--json")
    for status in {t["status"] for t in tasks}:
        chosen = duban(demo, "tasks", "--status", status, "--json")
        assert [t["id"] for t in chosen] == [t["id"] for t in tasks if t["status"] == status]


def test_cli_rows_carry_the_web_rows_status_fields(demo, staff):
    plan = next(p for p in duban(demo, "plans", "--json") if p["rounds"])
    cli = {t["id"]: t for t in duban(demo, "tasks", "--plan", str(plan["id"]), "--json")}
    web = staff.get(f"/tasks?plan_id={plan['id']}&format=json").json()["tasks"]
    assert web
    for row in web:
        mine = cli[row["task_id"]]
        for key in ("status", "status_label", "suggested", "basis", "reason", "report_id", "on_time"):
            assert mine[key] == row[key], key
