"""The CLI and the workbench call every round state by the same word: the label table's (issue 10).

They used to differ (进行中/报送中, 已关闭/已截止, 已发布/已公开). Here a round in each
state is shown by ``duban plans`` and by the round's page, and a report's state by
``duban task`` and the task's page, on one demo database.
"""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from typer.testing import CliRunner

from duban.cli import app as cli
from duban.store.db import session_scope
from duban.store.models import ProgressReport, Round
from duban.work import rounds as round_work
from duban.work.states import ReportState, RoundState


def _cli(monkeypatch, url: str, *args: str) -> str:
    monkeypatch.setenv("DUBAN_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "400")  # rich folds nothing: the whole 报送轮次 cell is printed
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_and_web_use_one_word_per_state(demo, login, monkeypatch):
    with session_scope(demo.database_url) as s:
        plan_id = s.scalar(select(Round.plan_id).where(Round.state == RoundState.PUBLISHED).order_by(Round.id.desc()))
        closing = round_work.open_round(s, actor="test", plan_id=plan_id, label="第四季度", end=date(2021, 12, 31),
                                        due=date(2022, 1, 10))
        round_work.close_round(s, actor="test", round_id=closing.id)
        rounds = [(r.id, r.label, r.state) for r in s.scalars(select(Round).order_by(Round.id))]
        report = s.scalars(select(ProgressReport).order_by(ProgressReport.id)).first()
        task_id, report_state = report.task_id, report.state
    assert {state for _, _, state in rounds} == set(RoundState)  # one round in each state

    plans = _cli(monkeypatch, demo.database_url, "plans")
    office = login(demo.account("admin"))
    for round_id, label, state in rounds:
        page = office.get(f"/rounds/{round_id}").text
        shown = re.search(r"当前状态：<strong>(.*?)</strong>", page).group(1)
        assert shown == RoundState(state).label, (label, state)
        assert f"{label}（{shown}）" in plans, (label, state)

    assert report_state == ReportState.PUBLISHED
    word = ReportState(report_state).label
    story = office.get(f"/tasks/{task_id}").text
    assert f'<span class="state state-{report_state}">{word}</span>' in story
    assert re.search(rf"\s{word}\s", _cli(monkeypatch, demo.database_url, "task", str(task_id)))
