"""The report → review → publish cycle through the HTTP routes, on the demo database."""
from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from duban.store.db import session_scope
from duban.store.models import AuditEvent, ProgressReport, Round


def open_round_task(client):
    """The first task of the reporter's open round: (round_id, task_id, version)."""
    [group] = client.get("/my?format=json").json()
    task = group["tasks"][0]
    return group["round_id"], task["task_id"], task["version"]


def reporter_with_targets(demo):
    """A reporter whose unit leads a task with quantified targets in the open round (seed 000's task 2)."""
    return demo.account("reporter", "区发改委")


def test_reporter_fills_saves_and_submits(demo, login):
    reporter = login(reporter_with_targets(demo))
    round_id, task_id, version = open_round_task(reporter)
    form = reporter.get(f"/my/{round_id}/{task_id}")
    assert form.status_code == 200 and "保存草稿" in form.text and "提交审核" in form.text
    draft = reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["召开专题会推进", ""], "base_version": version,
                                                          "action": "save"})
    assert draft.status_code == 303
    state = reporter.get(f"/my/{round_id}/{task_id}?format=json").json()
    assert (state["state"], state["version"], state["items"]) == ("draft", 1, ["召开专题会推进"])
    sent = reporter.submit(f"/my/{round_id}/{task_id}", {
        "item": ["召开专题会推进", "已完成签约1500户，正在推进修缮"], "base_version": 1, "action": "submit"})
    assert sent.status_code == 303
    state = reporter.get(f"/my/{round_id}/{task_id}?format=json").json()
    assert (state["state"], state["version"]) == ("submitted", 2)


def test_full_cycle_return_resubmit_approve_publish(demo, login, client):
    reporter = login(reporter_with_targets(demo))
    admin = login(demo.account("admin"))
    round_id, task_id, _ = open_round_task(reporter)
    targets = reporter.get(f"/my/{round_id}/{task_id}?format=json").json()["targets"]
    fields = {f"achievement_{t['target_id']}": "" for t in targets}
    reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["第一稿"], "base_version": 0, "action": "submit", **fields})

    [waiting] = [r for r in admin.get("/review?format=json").json() if r["task_id"] == task_id]
    page = admin.get(f"/review/{waiting['report_id']}")
    assert page.status_code == 200 and "第一稿" in page.text
    returned = admin.submit(f"/review/{waiting['report_id']}", {"decision": "return", "comment": "请补充完成户数",
                                                                 "status": "", "base_version": waiting["version"]})
    assert returned.status_code == 303
    mine = reporter.get("/my").text
    assert "已退回" in mine and "请补充完成户数" in mine

    state = reporter.get(f"/my/{round_id}/{task_id}?format=json").json()
    if targets:
        fields[f"achievement_{targets[0]['target_id']}"] = "1800"
    reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["第二稿：已完成签约1800户"], "base_version": state["version"],
                                                  "action": "submit", **fields})
    [waiting] = [r for r in admin.get("/review?format=json").json() if r["task_id"] == task_id]
    review = admin.get(f"/review/{waiting['report_id']}?format=json").json()
    assert review["items"] == ["第二稿：已完成签约1800户"]
    approved = admin.submit(f"/review/{waiting['report_id']}", {"decision": "approve", "comment": "",
                                                                 "status": "on_track", "base_version": review["version"]})
    assert approved.status_code == 303

    # not public before publishing: neither the JSON view nor the static site at /open
    assert client.get(f"/open?round_id={round_id}&format=json").json()["round"]["id"] != round_id
    plan_id = admin.get(f"/rounds/{round_id}?format=json").json()["plan_id"]
    site_file = f"/open/data/plan-{plan_id}-round-{round_id}.json"
    assert client.get("/open/").status_code == 200 and client.get(site_file).status_code == 404
    assert admin.submit(f"/rounds/{round_id}/publish").status_code == 303
    public = client.get(f"/open?round_id={round_id}&format=json").json()
    assert public["round"]["id"] == round_id
    document = client.get(site_file)
    assert document.status_code == 200
    assert "第二稿：已完成签约1800户" in json.dumps(document.json(), ensure_ascii=False)
    [row] = [t for t in public["tasks"] if t["task_id"] == task_id]
    assert row["status"] == "on_track" and not row["suggested"]
    assert "第二稿：已完成签约1800户" in client.get(f"/open/tasks/{task_id}").text

    with session_scope(demo.database_url) as session:
        versions = session.scalars(select(ProgressReport).where(
            ProgressReport.task_id == task_id, ProgressReport.round_id == round_id).order_by(ProgressReport.version))
        assert [v.state for v in versions] == ["submitted", "returned", "submitted", "approved", "published"]
        actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "progress_report")))
        assert {"returned", "approved", "published"} <= actions
        assert session.get(Round, round_id).state == "published"


def test_dashboard_counts_change_when_a_report_is_approved(demo, login):
    reporter = login(reporter_with_targets(demo))
    admin = login(demo.account("admin"))
    round_id, task_id, _ = open_round_task(reporter)
    plan_id = admin.get(f"/dashboard?round_id={round_id}&format=json").json()["plan"]["id"]
    before = admin.get(f"/dashboard?plan_id={plan_id}&round_id={round_id}&format=json").json()
    counts = {s["status"]: s["count"] for s in before["summary"]["statuses"]}
    assert counts["unassessed"] == before["summary"]["total"]  # nothing due yet, nothing reported
    reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["完成"], "base_version": 0, "action": "submit"})
    [waiting] = [r for r in admin.get("/review?format=json").json() if r["task_id"] == task_id]
    admin.submit(f"/review/{waiting['report_id']}", {"decision": "approve", "comment": "", "status": "done",
                                                      "base_version": waiting["version"]})
    after = admin.get(f"/dashboard?plan_id={plan_id}&round_id={round_id}&format=json").json()
    counts_after = {s["status"]: s["count"] for s in after["summary"]["statuses"]}
    assert counts_after["done"] == counts["done"] + 1
    assert counts_after["unassessed"] == counts["unassessed"] - 1
    html = admin.get(f"/dashboard?plan_id={plan_id}&round_id={round_id}").text
    assert re.search(r"已完成1项，占\d+\.\d%", html)


def test_missing_after_due_date(demo, login, clock):
    admin = login(demo.account("admin"))
    round_id = [r for r in admin.get("/rounds?format=json").json() if r["state"] == "open"][0]["id"]
    clock.now = clock.now.replace(month=3, day=20)  # after the 8 March due date
    board = admin.get(f"/dashboard?round_id={round_id}&format=json").json()
    counts = {s["status"]: s["count"] for s in board["summary"]["statuses"]}
    assert counts["missing"] == board["summary"]["total"] > 0
    assert "未报送" in admin.get(f"/dashboard?round_id={round_id}").text


def test_concurrent_edit_gets_409_with_both_texts(demo, login):
    account = reporter_with_targets(demo)
    first, second = login(account), login(account)
    round_id, task_id, _ = open_round_task(first)
    assert first.submit(f"/my/{round_id}/{task_id}", {"item": ["甲的文字"], "base_version": 0,
                                                      "action": "save"}).status_code == 303
    clash = second.submit(f"/my/{round_id}/{task_id}?format=json", {"item": ["乙的文字"], "base_version": 0,
                                                                     "action": "save"})
    assert clash.status_code == 409
    body = clash.json()
    assert body["theirs"] == ["甲的文字"] and body["mine"] == ["乙的文字"] and body["latest_version"] == 1
    page = second.submit(f"/my/{round_id}/{task_id}", {"item": ["乙的文字"], "base_version": 0, "action": "save"})
    assert page.status_code == 409 and "甲的文字" in page.text and "乙的文字" in page.text
    with session_scope(demo.database_url) as session:
        count = session.scalar(select(func.count()).select_from(ProgressReport).where(
            ProgressReport.task_id == task_id, ProgressReport.round_id == round_id))
    assert count == 1  # nothing overwritten, nothing duplicated


def test_admin_opens_and_closes_a_round(demo, login):
    admin = login(demo.account("admin"))
    plan_id = admin.get("/dashboard?format=json").json()["plan"]["id"]
    opened = admin.submit("/rounds", {"plan_id": plan_id, "label": "第四季度", "end": "2023-12-31",
                                      "due": "2024-01-10"})
    assert opened.status_code == 303
    round_id = int(opened.headers["location"].rsplit("/", 1)[1])
    detail = admin.get(f"/rounds/{round_id}?format=json").json()
    assert detail["state"] == "open" and detail["due"] == "2024-01-10" and detail["missing"]
    assert admin.submit(f"/rounds/{round_id}/close").status_code == 303
    assert admin.get(f"/rounds/{round_id}?format=json").json()["state"] == "closed"
    bad = admin.submit("/rounds", {"plan_id": plan_id, "label": "倒挂", "end": "2023-12-31", "due": "2023-12-01"})
    assert bad.status_code == 400


def test_task_page_shows_rounds_targets_units_changes_and_audit(demo, login):
    reporter = login(reporter_with_targets(demo))
    admin = login(demo.account("admin"))
    round_id, task_id, _ = open_round_task(reporter)
    before = admin.get(f"/tasks/{task_id}?format=json").json()
    # where its first progress came from, and who confirmed the status the machine suggested for it
    assert [a["action"] for a in before["audit"]] in (["import"], ["confirm", "import"])
    assert all(a["actor"] == "演示督查室" for a in before["audit"] if a["action"] == "confirm")
    old_items = before["rounds"][0]["items"]
    reporter.submit(f"/my/{round_id}/{task_id}", {"item": old_items[:1] + ["本轮新增的进展"], "base_version": 0,
                                                  "action": "submit"})
    page = admin.get(f"/tasks/{task_id}")
    assert page.status_code == 200
    for expected in ("任务内容", "责任单位", "（主责）", "各轮进展", "前三季度", "全年", "与上一轮相比的变化",
                     "<ins>本轮新增的进展</ins>", "操作记录", "已报送"):
        assert expected in page.text
    data = admin.get(f"/tasks/{task_id}?format=json").json()
    assert data["units"][0]["role"] == "lead" and data["units"][0]["name"] == "区发改委"
    assert [r["label"] for r in data["rounds"]] == ["前三季度", "全年"] and 0 < data["rounds"][1]["changed"] < 1
    assert {a["action"] for a in data["audit"]} - {"confirm"} == {"import", "report"}


def test_task_list_filters_and_pages(demo, login):
    admin = login(demo.account("admin"))
    all_tasks = admin.get("/tasks?format=json").json()
    assert all_tasks["total"] > 0
    hits = admin.get("/tasks", params={"q": "退租", "format": "json"}).json()
    assert 0 < hits["total"] < all_tasks["total"]
    plan_id = admin.get("/dashboard?format=json").json()["plan"]["id"]
    page2 = admin.get("/tasks", params={"plan_id": plan_id, "page": 2, "format": "json"}).json()
    assert page2["page"] == min(2, page2["pages"])
    statuses = admin.get("/tasks", params={"status": "unassessed", "format": "json"}).json()
    assert all(t["status"] == "unassessed" for t in statuses["tasks"])
