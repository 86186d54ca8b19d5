"""A status the imported table printed itself (是否达序, 完成情况 beside 进展情况) is the publishing
office's verdict: stored with the imported report, shown as confirmed with basis 来源文件, never
listed among the machine's suggestions; a word that means no status stays a suggestion.

Real .docx/.xlsx files built here, imported as ``duban import`` does, on SQLite and PostgreSQL;
the dashboard, ``/open`` and the task page asked through the web app.
"""
from __future__ import annotations

from datetime import datetime

from factories.documents import Table, write
from sqlalchemy import select

from duban.export.notice import build_notice
from duban.settings import Settings
from duban.store.db import session_factory, session_scope
from duban.store.models import AuditEvent, Plan, Round
from duban.store.services.imports import import_file
from duban.store.services.users import create_user
from duban.web.app import create_app
from duban.work.confirm import suggestions
from duban.work.rounds import statuses_for_round
from duban.work.stated import stated_status
from duban.work.status import Status
from tests.web.conftest import Browser, Clock

NOW = datetime(2023, 12, 20, 10)
YES_NO = Table([
    ["序号", "民生实事", "牵头单位", "1-11月推进情况", "是否达序", "说明"],
    ["1", "新建口袋公园5个。", "区园林局", "已建成口袋公园4个，第5个正在施工。", "是", ""],
    ["2", "改造老旧小区10个。", "区住建局", "已完成改造3个。", "否", "招标延误两个月，后期加快推进。"],
    ["3", "新增停车位200个。", "区交通局", "已完成选址30处。", "", ""],
])
VERDICTS = Table([
    ["序号", "重点任务", "责任单位", "进展情况", "完成情况"],
    ["1", "新建口袋公园5个。", "区园林局", "已建成口袋公园5个，全部开放。", "已完成"],
    ["2", "改造老旧小区10个。", "区住建局", "已完成改造3个。", "顺利推进"],
])


def _import(url, path):
    result = import_file(session_factory=session_factory(url), path=path, org_name="某区政府")
    assert result.status == "imported", result.message
    with session_scope(url) as s:
        rnd = s.get(Round, result.round_id)
        return rnd.plan_id, rnd.id


def _statuses(url, plan_id, round_id, **kw):
    with session_scope(url) as s:
        return {x.seq: x for x in statuses_for_round(s, plan_id, round_id, NOW, **kw)}


def test_words_map_to_statuses_and_a_yes_no_answers_its_column():
    assert stated_status("序时推进") is Status.ON_TRACK and stated_status("已完成") is Status.DONE
    assert stated_status("超序时") is Status.AHEAD and stated_status("未开工") is Status.BEHIND
    assert stated_status("是", "是否达序") is Status.ON_TRACK and stated_status("否", "是否达序") is Status.BEHIND
    assert stated_status("是", "是否完成") is Status.DONE
    assert stated_status("否", "是否完成") is None  # not finished says nothing of its pace
    assert stated_status("是") is None and stated_status("顺利推进") is None and stated_status("") is None


def test_an_imported_yes_no_column_gives_confirmed_statuses_with_basis_source(db_url, tmp_path):
    plan_id, round_id = _import(db_url, write(tmp_path / "民生实事推进情况.docx",
                                              ["2023年民生实事推进情况(1-11月)", YES_NO]))
    public = _statuses(db_url, plan_id, round_id, public=True)
    assert (public[1].status, public[1].basis) == (Status.ON_TRACK, "source")
    assert (public[2].status, public[2].basis) == (Status.BEHIND, "source")
    assert public[2].reason == "来源文件（是否达序：否）"
    assert public[3].status is Status.UNASSESSED  # the table printed nothing for it
    with session_scope(db_url) as s:
        listed = {x.seq for x in suggestions(s, round_id, NOW)}
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "stated_status")).all()
    assert not {1, 2} & listed  # the source's verdict is no suggestion to confirm
    assert len(events) == 2 and all(e.actor == "import" and e.after["basis"] == "来源文件" for e in events)
    assert {e.after["stated"]["text"] for e in events} == {"是", "否"}
    with session_scope(db_url) as s:
        notice = build_notice(s, s.get(Plan, plan_id), s.get(Round, round_id), NOW)
    assert notice.summary.counts[Status.ON_TRACK] == 1 and notice.summary.counts[Status.BEHIND] == 1
    assert [t.seq for t in notice.lagging] == [2] and notice.unconfirmed_lagging == 0  # named as lagging in the 通报

    with session_scope(db_url) as s:
        create_user(session=s, actor="test", username="office", password="office-pass-1", role="admin")
    app = create_app(Settings(database_url=db_url, secret_key="k"), clock=Clock(NOW))
    with Browser(app) as office, Browser(app) as anyone:
        assert office.login("office", "office-pass-1").status_code == 303
        board = office.get(f"/dashboard?plan_id={plan_id}&format=json").json()
        counts = {r["status"]: r["count"] for r in board["summary"]["statuses"]}
        assert counts["on_track"] == 1 and counts["behind"] == 1
        opened = anyone.get(f"/open?plan_id={plan_id}&format=json").json()
        rows = {t["seq"]: t for t in opened["tasks"]}
        assert (rows[1]["status"], rows[1]["basis"]) == ("on_track", "source")
        assert (rows[2]["status"], rows[2]["basis"]) == ("behind", "source")
        assert rows[3]["status"] == "unassessed"
        task_page = office.get(f"/tasks/{rows[2]['task_id']}").text
        assert "是否达序：否" in task_page and "状态依据：来源文件" in task_page
        assert "来源文件所印状态" in task_page  # the 操作记录 names the step


def test_the_static_site_and_its_open_data_say_source(db_url, tmp_path, monkeypatch):
    import csv

    from typer.testing import CliRunner

    from duban.cli import app

    _import(db_url, write(tmp_path / "民生实事推进情况.docx", ["2023年民生实事推进情况(1-11月)", YES_NO]))
    monkeypatch.setenv("DUBAN_DATABASE_URL", db_url)
    out = tmp_path / "public"
    result = CliRunner().invoke(app, ["publish", "--out", str(out), "--now", "2023-12-20"])
    assert result.exit_code == 0, result.output
    with (out / "data" / "progress.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["status"], r["status_basis"]) for r in rows} == {("on_track", "source"), ("behind", "source"),
                                                                ("unassessed", "none")}


def test_a_verdict_column_beside_the_facts_and_an_unmapped_word(db_url, tmp_path):
    plan_id, round_id = _import(db_url, write(tmp_path / "重点任务进展.xlsx", ["2024年重点任务一季度进展情况表", VERDICTS]))
    public = _statuses(db_url, plan_id, round_id, public=True)
    assert (public[1].status, public[1].basis) == (Status.DONE, "source")
    assert public[2].status is Status.UNASSESSED  # 顺利推进 means no status here: never guessed
    staff = _statuses(db_url, plan_id, round_id, suggestions=True)
    assert staff[2].basis != "source"
    with session_scope(db_url) as s:
        listed = {x.seq: x for x in suggestions(s, round_id, NOW)}
    assert 1 not in listed
    if 2 in listed:  # the engine may suggest from the facts; it waits for a person either way
        assert listed[2].status is not Status.UNASSESSED
