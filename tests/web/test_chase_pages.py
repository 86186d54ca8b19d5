"""催办 that works (TestClient): any day, honest about delivery, no resend on reload, banner, printable sheet."""
from __future__ import annotations

import re

from sqlalchemy import select

from duban.store.db import session_scope
from duban.store.models import ReminderSend, Round


def open_round(demo) -> tuple[int, object]:
    with session_scope(demo.database_url) as s:
        rnd = s.scalar(select(Round).where(Round.state == "open"))
        return rnd.id, rnd.due


def test_button_chases_weeks_before_the_due_date_and_says_nothing_was_delivered(demo, login, clock):
    round_id, due = open_round(demo)
    clock.now = clock.now.replace(month=2, day=1)  # five weeks early: outside the scheduled window
    assert (due - clock.now.date()).days > 30
    office = login(demo.account("admin"))
    owed = len(office.get(f"/rounds/{round_id}?format=json").json()["missing"])
    answer = office.submit(f"/rounds/{round_id}/remind")
    assert answer.status_code == 303 and answer.headers["location"] == f"/rounds/{round_id}/reminders"
    page = office.get(answer.headers["location"]).text
    assert f"已催办{owed}个单位，送达0个" in page
    assert "未送达" in page and "未配置邮件或机器人" in page and "尚未配置发送渠道" in page
    assert "送达0个" in page and 'class="warning flash"' in page
    reload = office.get(answer.headers["location"]).text
    assert "已催办" not in reload.split("<h1>")[0]  # the one-line result is not repeated on reload
    with session_scope(demo.database_url) as s:
        assert len(s.scalars(select(ReminderSend).where(ReminderSend.round_id == round_id)).all()) == owed


def test_unit_sees_the_countdown_and_the_reminder_on_its_own_pages(demo, login, clock):
    round_id, due = open_round(demo)
    office = login(demo.account("admin"))
    office.submit(f"/rounds/{round_id}/remind")
    reporter = login(demo.account("reporter", "区发改委"))
    page = reporter.get("/my").text
    days = (due - clock.now.date()).days
    assert f"还有{days}天" in page and "未报送" in page and "督查室已于" in page
    task = reporter.get("/my?format=json").json()[0]["tasks"][0]["task_id"]
    assert f"还有{days}天" in reporter.get(f"/my/{round_id}/{task}").text


def test_printable_sheet_has_one_page_per_unit_owing_reports(demo, login):
    round_id, _ = open_round(demo)
    office = login(demo.account("admin"))
    owed = office.get(f"/rounds/{round_id}?format=json").json()["missing"]
    sheet = office.get(f"/rounds/{round_id}/remind-sheet").text
    assert sheet.count('class="sheet-page"') == len([u for u in owed if u != "（未指定单位）"]) > 0
    assert "督办事项催办单" in sheet and "尚未报送进展" in sheet


def test_members_of_a_group_are_chased_not_the_group(demo, login):
    round_id, _ = open_round(demo)
    office = login(demo.account("admin"))
    group = next(u for u in office.get("/units?format=json").json()["units"] if u["name"] == "各街道办事处")
    assert group["members"] and group["tasks"]
    sheet = office.get(f"/rounds/{round_id}/remind-sheet").text
    owed = re.findall(r"<dt>承办单位</dt><dd>([^<]+)</dd>", sheet)
    assert "各街道办事处" not in owed
    assert set(group["members"]) <= set(owed)
