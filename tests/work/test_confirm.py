"""逐项确认系统建议: an imported published round's suggestions become statuses only when a person confirms them.

Real databases (SQLite and PostgreSQL); a real progress table imported as ``duban import``
stores it; the CLI run as a user runs it.
"""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from duban.cli import app
from duban.store.db import session_factory, session_scope
from duban.store.models import AuditEvent, ProgressReport, Round
from duban.store.services.imports import import_file
from duban.work.confirm import confirm_suggestions, suggestions
from duban.work.rounds import statuses_for_round
from duban.work.status import Status, summarize

NOW = datetime(2024, 8, 1, 10)
TABLE = ("2024年重点任务上半年进展情况表\n"
         "序号\t工作内容\t责任单位\t进展情况\n"
         "1\t完成10个老旧小区综合整治。\t区住建委\t已完成10个老旧小区综合整治，全部完工并通过验收。\n"
         "2\t新建5座口袋公园。\t区园林绿化局\t已建成2座口袋公园，其余3座正在施工。\n"
         "3\t推进垃圾分类示范片区建设。\t区城管委\t高度重视，积极推进。\n")


@pytest.fixture
def imported(db_url, tmp_path):
    path = tmp_path / "上半年进展情况表.txt"
    path.write_text(TABLE, encoding="utf-8")
    result = import_file(session_factory=session_factory(db_url), path=path, actor="import")
    assert result.status != "failed", result.message
    with session_scope(db_url) as s:
        rnd = s.scalars(select(Round)).one()
        assert rnd.state == "published"
        return db_url, rnd.plan_id, rnd.id


def public_statuses(url, plan_id, round_id):
    with session_scope(url) as s:
        return {x.seq: x for x in statuses_for_round(s, plan_id, round_id, NOW, public=True)}


def test_imported_round_shows_suggestions_only_until_a_person_confirms(imported):
    url, plan_id, round_id = imported
    assert {s.status for s in public_statuses(url, plan_id, round_id).values()} == {Status.UNASSESSED}
    with session_scope(url) as s:
        shown = {x.seq: x for x in suggestions(s, round_id, NOW)}
        staff = summarize(statuses_for_round(s, plan_id, round_id, NOW, suggestions=True))
    assert shown[1].status is Status.DONE and shown[1].reason  # with the engine's why
    assert 3 not in shown  # nothing checkable: no suggestion to confirm
    assert staff.counts[Status.UNASSESSED] == 3 and staff.pending == len(shown)  # suggestions counted apart

    with session_scope(url) as s:
        result = confirm_suggestions(s, actor="东城区督查室", round_id=round_id, keys=[shown[1].key], now=NOW)
    assert result.confirmed == [shown[1].label] and not result.skipped
    public = public_statuses(url, plan_id, round_id)
    assert public[1].status is Status.DONE and public[1].basis == "reviewer"
    assert public[2].status is Status.UNASSESSED  # not ticked: still only a suggestion
    with session_scope(url) as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity == "progress_report")
                          .order_by(AuditEvent.id.desc())).first()
        assert event.actor == "东城区督查室" and event.action == "confirm"
        assert event.before["status"] == "unassessed" and event.after["status"] == "done"
        report = s.get(ProgressReport, event.entity_id)
        assert report.state == "published" and report.items == [shown[1].items[0]]
        assert [x.seq for x in suggestions(s, round_id, NOW)] == [2]  # the confirmed one is no longer pending


def test_a_suggestion_changed_since_it_was_shown_is_not_confirmed(imported):
    url, plan_id, round_id = imported
    with session_scope(url) as s:
        first = next(x for x in suggestions(s, round_id, NOW) if x.seq == 1)
    other = "behind" if first.status is not Status.BEHIND else "done"
    stale_status = f"{first.report_id}:{first.version}:{other}"
    stale_version = f"{first.report_id}:{first.version + 5}:{first.status.value}"
    with session_scope(url) as s:
        result = confirm_suggestions(s, actor="office", round_id=round_id, keys=[stale_status, stale_version], now=NOW)
    assert result.confirmed == [] and len(result.skipped) == 2
    assert "未确认" in result.message()
    assert public_statuses(url, plan_id, round_id)[1].status is Status.UNASSESSED


def duban(url, *args):
    return CliRunner().invoke(app, list(args), env={"DUBAN_DATABASE_URL": url})


def test_cli_lists_without_changing_and_confirms_with_all(imported):
    url, plan_id, round_id = imported
    listed = duban(url, "review", "confirm", "--round", str(round_id))
    assert listed.exit_code == 0, listed.output
    assert "未做更改" in listed.output and "--all" in listed.output
    assert public_statuses(url, plan_id, round_id)[1].status is Status.UNASSESSED
    done = duban(url, "review", "confirm", "--round", str(round_id), "--all", "--actor", "东城区督查室", "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert len(data["confirmed"]) == len(data["suggestions"]) >= 2 and data["skipped"] == []
    public = public_statuses(url, plan_id, round_id)
    assert public[1].status is Status.DONE and public[2].status is not Status.UNASSESSED
    assert public[3].status is Status.UNASSESSED  # no suggestion, nothing confirmed
    again = duban(url, "review", "confirm", "--round", str(round_id))
    assert "没有待确认的系统建议" in again.output


def test_cli_bad_round_or_task_is_one_line(imported):
    url, _, round_id = imported
    for args in (("--round", "999"), ("--round", str(round_id), "--task", "3")):
        out = duban(url, "review", "confirm", *args)
        assert out.exit_code == 1
        assert out.stderr.startswith("duban: ") and len(out.stderr.strip().splitlines()) == 1, out.stderr
        assert "Traceback" not in out.output


def test_import_says_the_statuses_await_confirmation(db_url, tmp_path):
    path = tmp_path / "上半年进展情况表.txt"
    path.write_text(TABLE, encoding="utf-8")
    out = duban(db_url, "import", str(path))
    assert out.exit_code == 0, out.output
    assert "进展状态尚未经人确认" in out.stdout and "duban review confirm --round" in out.stdout
    again = duban(db_url, "import", str(path))
    assert "duban review confirm" not in again.stdout  # unchanged: nothing new to confirm
