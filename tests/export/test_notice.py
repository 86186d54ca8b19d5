"""``duban notice``: the counts are the dashboard's, worded as notices word them."""
from __future__ import annotations

from datetime import date, datetime

import docx
import pytest
from factories.store import make_org, make_plan, make_task
from typer.testing import CliRunner

from duban.cli import app
from duban.export.notice import build_notice
from duban.store.db import session_scope
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round
from duban.work.rounds import statuses_for_round
from duban.work.status import STATUS_ORDER, summarize

runner = CliRunner()
UNITS = ("区住建委", "区住建委", "区民政局", "区城管委", "区卫健委")


def report(session, task, rnd, status: str, state: str = "approved") -> None:
    append_report(session=session, actor="test", task_id=task.id, round_id=rnd.id,
                  unit_id=task.assignments[0].unit_id, items=["已推进。"], status=status, state=state,
                  check_transition=False)


@pytest.fixture
def two_rounds(db_url, monkeypatch):
    """Five tasks; Q1 was due long ago (two tasks never reported), Q2 is due far ahead."""
    with session_scope(db_url) as session:
        plan = make_plan(session=session, org=make_org(session=session), title="2024年重点任务")
        tasks = [make_task(session=session, plan=plan, seq=n + 1, content=f"第{n + 1}项任务内容，推进整治提升。",
                           units=(unit,)) for n, unit in enumerate(UNITS)]
        for task in tasks:
            session.refresh(task)
        q1 = create_round(session=session, actor="test", plan_id=plan.id, label="第一季度",
                          start=date(2024, 1, 1), end=date(2024, 3, 31), due=date(2024, 4, 10))
        q2 = create_round(session=session, actor="test", plan_id=plan.id, label="第二季度",
                          start=date(2024, 1, 1), end=date(2024, 6, 30), due=date(2099, 1, 1))
        for task, status in zip(tasks, ("done", "behind", "on_track")):
            report(session, task, q1, status, "approved" if status != "on_track" else "submitted")
        for task, status in zip(tasks, ("done", "on_track", "on_track", "behind")):
            report(session, task, q2, status)
        ids = plan.id, q1.id, q2.id
    monkeypatch.setenv("DUBAN_DATABASE_URL", db_url)
    return (db_url, *ids)


def test_notice_counts_equal_the_dashboards(two_rounds):
    url, plan_id, q1, q2 = two_rounds
    now = datetime(2030, 1, 1)
    with session_scope(url) as session:
        from duban.store.models import Plan, Round
        notice = build_notice(session, session.get(Plan, plan_id), session.get(Round, q2), now)
        dashboard = summarize(statuses_for_round(session, plan_id, q2, now))
    text = "\n".join(p for _, paragraphs in notice.sections() for p in paragraphs)
    for status in STATUS_ORDER:
        if dashboard.counts[status]:
            assert dashboard.phrase(status) in text
    # the same figures worked out by hand from the fixture
    assert "共5项任务，其中已完成1个，占20.0%；达进度2个，占40.0%；欠进度1个，占20.0%；未评估1个，占20.0%。" in text
    assert "与上一轮（第一季度）相比，达进度由1个增至2个，未报送由2个减至0个，未评估由0个增至1个。" in text
    assert "本轮进展滞后的任务共1项（欠进度1项）" in text
    assert "主责单位：区城管委；状态：欠进度" in text
    assert "各单位均于2099年1月1日前报送。" in text


def test_notice_names_units_that_did_not_report_on_time(two_rounds):
    url, plan_id, q1, _ = two_rounds
    with session_scope(url) as session:
        from duban.store.models import Plan, Round
        notice = build_notice(session, session.get(Plan, plan_id), session.get(Round, q1), datetime(2030, 1, 1))
    lines = notice.lateness_lines()
    assert lines[0] == "以下单位未在2024年4月10日前报送全部任务进展："
    assert lines[1:] == ["1.区卫健委（未报送1项）。", "2.区城管委（未报送1项）。",
                         "3.区住建委（逾期报送2项）。", "4.区民政局（逾期报送1项）。"]
    assert notice.comparison() == "本轮为该计划首次报送，暂无上一轮可比。"


def test_notice_command_writes_an_official_word_file(two_rounds, tmp_path):
    out = tmp_path / "通报.docx"
    result = runner.invoke(app, ["notice", "--plan", "2024年重点任务", "--round", "第二季度",
                                 "--now", "2030-01-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "".join(texts[:2]).startswith("关于2024年重点任务第二季度") and "进展情况的通报" in "".join(texts[:2])
    assert "一、总体情况" in texts and "二、进展滞后的任务" in texts
    assert any("达进度2个，占40.0%" in t for t in texts)
    section = document.sections[0]
    assert section.page_height > section.page_width


def test_notice_for_an_unknown_round_is_one_line(two_rounds, tmp_path):
    result = runner.invoke(app, ["notice", "--plan", "2024年重点任务", "--round", "第九季度",
                                 "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("duban: ")
