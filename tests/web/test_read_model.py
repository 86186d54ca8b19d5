"""Issue 10 item 3 (the status helper's test): one read model — the CLI and the dashboard agree.

On the demo database (the five seeds imported, a round open), for every plan the
status counts of ``duban tasks --plan N --json`` equal the dashboard's
``/dashboard?plan_id=N&format=json`` counts, and ``duban stats --json`` says the same:
the confirmed counts (a suggestion counted as 未评估) and, beside them, the machine's
suggestions awaiting review.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

import pytest
from typer.testing import CliRunner

from duban.cli import app


def duban(demo, *args) -> list | dict:
    """The command as a user runs it (in process: the suite stays fast)."""
    out = CliRunner().invoke(app, list(args), env={"DUBAN_DATABASE_URL": demo.database_url})
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


@pytest.fixture
def staff(demo, login, clock):
    clock.now = datetime.now()  # the CLI reads the real clock; the app must read the same day
    return login(demo.account("admin"))


def test_cli_and_dashboard_count_the_same_statuses(demo, staff, login):
    from tests.web.test_review_dashboard_pages import submit_first

    submit_first(login(demo.account("reporter", "区发改委")), "已完成全部工作。")  # a suggestion in the open round
    plans = duban(demo, "plans", "--json")
    stats = {p["id"]: p for p in duban(demo, "stats", "--json")}
    compared = suggestions = 0
    for plan in plans:
        if not plan["rounds"]:
            continue
        tasks = duban(demo, "tasks", "--plan", str(plan["id"]), "--json")
        board = staff.get(f"/dashboard?plan_id={plan['id']}&format=json").json()
        assert board["plan"]["id"] == plan["id"]
        cli_counts = Counter(t["confirmed_status"] for t in tasks)
        web_counts = {row["status"]: row["count"] for row in board["summary"]["statuses"] if row["count"]}
        assert dict(cli_counts) == web_counts, plan["title"]
        cli_suggested = Counter(t["status"] for t in tasks if t["suggested"])
        web_suggested = {row["status"]: row["suggested"] for row in board["summary"]["statuses"] if row["suggested"]}
        assert dict(cli_suggested) == web_suggested, plan["title"]
        suggestions += sum(web_suggested.values())
        assert {t["round_id"] for t in tasks} == {board["round"]["id"]}
        summary = stats[plan["id"]]["summary"]
        assert {row["status"]: row["count"] for row in summary["statuses"] if row["count"]} == web_counts
        assert {row["status"]: row["suggested"] for row in summary["statuses"] if row["suggested"]} == web_suggested
        compared += 1
    assert compared >= 2  # the demo has several plans with rounds
    assert suggestions == 1  # the report handed in: shown as a suggestion, not counted as its status


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
