"""审核 filters, bulk approval, diff, previous/next; the dashboard's 未到期/临期/逾期 and owing units (TestClient)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from duban.store.db import session_scope
from duban.store.models import ProgressReport


def submit_first(reporter, text: str, *, previous: bool = False) -> tuple[int, int]:
    [group] = reporter.get("/my?format=json").json()
    for t in group["tasks"]:
        form = reporter.get(f"/my/{group['round_id']}/{t['task_id']}?format=json").json()
        if form["state"] is None and (not previous or form["previous_items"]):
            answer = reporter.submit(f"/my/{group['round_id']}/{t['task_id']}",
                                     {"item": [text], "base_version": "0", "action": "submit"})
            assert answer.status_code == 303, answer.text
            return group["round_id"], t["task_id"]
    raise AssertionError("no open task")


def latest(demo, task_id, round_id) -> ProgressReport:
    with session_scope(demo.database_url) as s:
        report = s.scalar(select(ProgressReport).where(ProgressReport.task_id == task_id,
                                                       ProgressReport.round_id == round_id)
                          .order_by(ProgressReport.id.desc()).limit(1))
        s.expunge(report)
        return report


def test_filters_by_unit_and_suggestion_and_bulk_approval(demo, login):
    a, b = demo.account("reporter", "区发改委"), demo.account("reporter", "区财政局")
    round_id, task_a = submit_first(login(a), "已完成全部工作。")
    _, task_b = submit_first(login(b), "正在推进，尚未完成。")
    office = login(demo.account("admin"))
    listed = office.get("/review?format=json").json()
    assert {r["task_id"] for r in listed} >= {task_a, task_b}
    only_a = office.get(f"/review?format=json&unit_id={a.unit_id}").json()
    assert {r["unit"] for r in only_a} == {"区发改委"}
    for status in {r["suggested_status"] for r in listed}:
        picked = office.get(f"/review?format=json&suggested={status}").json()
        assert picked and all(r["suggested_status"] == status for r in picked)
    page = office.get("/review").text
    assert "批量通过选中的进展" in page
    values = [f"{r['report_id']}:{r['version']}" for r in listed if r["task_id"] in (task_a, task_b)]
    stale = values[1].split(":")[0] + ":99"  # a version the list never showed: must not be approved
    done = office.submit("/review/bulk", {"report": [values[0], stale]})
    message = office.get(done.headers["location"]).text
    assert "已批量通过1份进展" in message and "1份已被修改或不能审核" in message
    first = next(r for r in listed if f"{r['report_id']}:{r['version']}" == values[0])
    approved = latest(demo, first["task_id"], round_id)
    assert approved.state == "approved" and approved.status == first["suggested_status"]
    skipped = next(r for r in listed if str(r["report_id"]) == stale.split(":")[0])
    assert latest(demo, skipped["task_id"], round_id).state == "submitted"


def test_review_page_shows_the_change_since_last_round_and_walks_the_queue(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id = submit_first(reporter, "本期新进展：完成验收。", previous=True)
    other = login(demo.account("reporter", "区财政局"))
    submit_first(other, "另一份待审核。")
    office = login(demo.account("admin"))
    report = latest(demo, task_id, round_id)
    page = office.get(f"/review/{report.id}").text
    assert "与上一轮相比的变化" in page and "<ins>" in page and "<del>" in page
    assert "待审核第" in page and ("下一份" in page or "上一份" in page)
    assert "理由：" in page
    answer = office.submit(f"/review/{report.id}", {"decision": "approve", "status": "", "comment": "",
                                                     "base_version": str(report.version), "next_after": "true"})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/review/")
    assert "已审核通过" in office.get(answer.headers["location"]).text


def test_dashboard_tells_not_due_near_and_overdue_apart_and_lists_owing_units(demo, login, clock):
    office = login(demo.account("admin"))
    data = office.get("/dashboard?format=json").json()["deadline"]
    assert data["phase"] == "not_due" and data["days_left"] == 7 and data["owing"]
    assert "区发改委" in {o["unit"] for o in data["owing"]}
    page = office.get("/dashboard").text
    assert "未到期" in page and "还有7天" in page and "尚未报送" in page
    clock.now += timedelta(days=5)
    assert office.get("/dashboard?format=json").json()["deadline"]["phase"] == "near"
    assert "临期" in office.get("/dashboard").text
    clock.now += timedelta(days=5)
    late = office.get("/dashboard?format=json").json()["deadline"]
    assert late["phase"] == "overdue" and late["owing"]
    assert "逾期未报送" in office.get("/dashboard").text
    reporter = login(demo.account("reporter", "区发改委"))
    [group] = reporter.get("/my?format=json").json()
    for t in group["tasks"]:
        reporter.submit(f"/my/{group['round_id']}/{t['task_id']}", {"item": ["已报送。"], "base_version": "0",
                                                                     "action": "submit"})
    after = office.get("/dashboard?format=json").json()["deadline"]["owing"]
    assert "区发改委" not in {o["unit"] for o in after}
