"""逐项确认系统建议 and the dashboard's confirmed counts with the suggestions beside them (TestClient, demo database)."""
from __future__ import annotations

import re

from sqlalchemy import select

from duban.store.db import session_scope
from duban.store.models import AuditEvent, Round
from tests.web.test_review_dashboard_pages import latest, submit_first


def test_dashboard_counts_confirmed_and_shows_the_suggestion_beside(demo, login):
    round_id, task_id = submit_first(login(demo.account("reporter", "区发改委")), "该项工作已全部完成，通过验收。")
    office = login(demo.account("admin"))
    board = office.get(f"/dashboard?round_id={round_id}&format=json").json()
    rows = {r["status"]: r for r in board["summary"]["statuses"]}
    assert board["summary"]["suggested"] == 1 and rows["done"]["suggested"] == 1
    assert rows["done"]["count"] == 0  # not confirmed: counted as 未评估, as the notice counts it
    assert board["pending_sentence"] == "未评估的22项中，1项有系统建议、待审核确认（已完成1项）。"
    page = office.get(f"/dashboard?round_id={round_id}").text
    round_page = office.get(f"/rounds/{round_id}")
    assert office.get(f"/rounds/{round_id}?format=json").json()["suggestions"] == 1
    assert "1</strong> 项系统建议的状态尚待确认" in round_page.text and "/review/confirm?" in round_page.text
    assert "系统建议另有 1 项待确认" in page and f"/review/confirm?plan_id={board['plan']['id']}&round_id={round_id}" in page


def test_confirm_page_preselects_nothing_and_confirms_what_was_ticked(demo, login):
    round_id, task_id = submit_first(login(demo.account("reporter", "区发改委")), "该项工作已全部完成，通过验收。")
    office = login(demo.account("admin"))
    listed = office.get(f"/review/confirm?round_id={round_id}&format=json").json()["suggestions"]
    [row] = [r for r in listed if r["task_id"] == task_id]
    assert row["status"] == "done" and row["reason"]
    page = office.get(f"/review/confirm?round_id={round_id}").text
    assert row["reason"] in page and "逐项确认系统建议" in page
    boxes = re.findall(r'<input type="checkbox"[^>]*>', page)
    assert len(boxes) == len(listed) and not any("checked" in b for b in boxes)  # nothing pre-selected
    plan_id = office.get(f"/review/confirm?round_id={round_id}&format=json").json()["plan_id"]
    nothing = office.submit("/review/confirm", {"round_id": round_id, "plan_id": plan_id})
    assert nothing.status_code == 303 and "未选择" in office.get(nothing.headers["location"]).text
    done = office.submit("/review/confirm", {"round_id": round_id, "plan_id": plan_id, "pick": [row["key"]]})
    assert "已确认1项系统建议的状态" in office.get(done.headers["location"]).text
    report = latest(demo, task_id, round_id)
    assert report.state == "approved" and report.status == "done" and report.author == "admin"
    assert office.get(f"/review/confirm?round_id={round_id}&format=json").json()["suggestions"] == [
        r for r in listed if r["task_id"] != task_id]


def test_demo_office_confirmed_the_imported_rounds_and_the_public_sees_it(demo, client):
    assert demo.confirmed > 0
    with session_scope(demo.database_url) as s:
        actors = set(s.scalars(select(AuditEvent.actor).where(AuditEvent.entity == "progress_report",
                                                             AuditEvent.action == "confirm")))
        published = s.scalars(select(Round).where(Round.state == "published")).all()
        assert "演示督查室" in actors
        plan_id = published[0].plan_id
    public = client.get(f"/open?plan_id={plan_id}&format=json").json()
    confirmed = [t for t in public["tasks"] if t["status"] != "unassessed"]
    assert confirmed and all(t["basis"] in ("reviewer", "due") and not t["suggested"] for t in confirmed)
    assert public["summary"]["suggested"] == 0  # the public is never shown a suggestion


def test_review_form_of_a_published_round_offers_no_review_but_says_why(demo, login):
    from duban.store.models import ProgressReport
    with session_scope(demo.database_url) as s:
        report_id = s.scalars(select(ProgressReport.id).join(Round, ProgressReport.round_id == Round.id)
                              .where(Round.state == "published").order_by(ProgressReport.id)).first()
    page = login(demo.account("admin")).get(f"/review/{report_id}").text
    assert "轮次已公开，公开的进展不能再审核" in page
    assert 'action="/review/' not in page and "审核通过" not in page


def test_task_list_filtered_by_a_status_lists_what_the_dashboard_card_counts(demo, login):
    round_id, task_id = submit_first(login(demo.account("reporter", "区发改委")), "该项工作已全部完成，通过验收。")
    office = login(demo.account("admin"))
    board = office.get(f"/dashboard?round_id={round_id}&format=json").json()
    for row in board["summary"]["statuses"]:
        listed = office.get(f"/tasks?round_id={round_id}&status={row['status']}&format=json").json()
        assert listed["total"] == row["count"], row["status"]
        if row["status"] != "unassessed":
            assert listed["suggested"] == row["suggested"], row["status"]
    done = office.get(f"/tasks?round_id={round_id}&status=done").text
    assert "另有1项系统建议为此状态、尚待确认" in done and "/review/confirm?" in done
    waiting = office.get(f"/tasks?round_id={round_id}&status=unassessed&format=json").json()
    assert task_id in [t["task_id"] for t in waiting["tasks"]]
