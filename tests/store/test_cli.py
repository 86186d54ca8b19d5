"""The ledger's commands as a user runs them, in-process, on both databases."""
from __future__ import annotations

import json

import pytest
from factories.store import sample_path
from typer.testing import CliRunner

from duban.cli import app

SEEDS = [str(sample_path(p)) for p in ("000", "001", "002", "003", "004")]


@pytest.fixture
def run(db_url, monkeypatch):
    monkeypatch.setenv("DUBAN_DATABASE_URL", db_url)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))
    return invoke


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_views_and_unit_directory(run):
    first = run("import", *SEEDS, "--org", "东城区政府")
    assert first.exit_code == 0, first.output
    assert first.stdout.count("已导入到") == 5
    again = run("import", *SEEDS)
    assert again.exit_code == 0 and again.stdout.count("已导入，未更改") == 5

    plans = as_json(run("plans", "--json"))
    assert sorted((p["year"], p["source"]) for p in plans) == [
        (2021, "市分工方案"), (2021, "政府工作报告"), (2021, "绩效任务"), (2023, "市重点任务"), (2023, "政府工作报告")]
    stats = {(s["year"], s["source"]): s for s in as_json(run("stats", "--json"))}
    assert stats[(2023, "市重点任务")]["rounds"] == 1
    assert stats[(2023, "市重点任务")]["reports"] == stats[(2023, "市重点任务")]["tasks"] > 10

    tasks = as_json(run("tasks", "--unit", "区规自分局", "--year", "2023", "--json"))
    groups_of_unit = set(as_json(run("units", "show", "区规自分局", "--json"))["groups"])
    assert "区政府各委办局" in groups_of_unit  # a task given to 区政府各委办局 concerns it too
    assert any(u["name"] == "区规自分局" for t in tasks for u in t["units"])
    assert all({u["name"] for u in t["units"]} & ({"区规自分局"} | groups_of_unit) for t in tasks)
    detail = as_json(run("task", str(tasks[0]["id"]), "--json"))
    assert detail["content"] == tasks[0]["content"]
    assert [p["round"] for p in detail["progress"]] == ["前三季度"] and detail["progress"][0]["items"]

    proposals = as_json(run("units", "list", "--proposals", "--json"))
    assert any({p["name"], p["other"]} == {"区规分局", "区规自分局"} for p in proposals)
    merged = run("units", "merge", "区规分局", "区规自分局")
    assert merged.exit_code == 0, merged.output
    shown = as_json(run("units", "show", "区规分局", "--json"))
    assert shown["name"] == "区规自分局" and "区规分局" in shown["aliases"]
    assert len(as_json(run("tasks", "--unit", "区规分局", "--json"))) > len(tasks)
    assert run("units", "alias", "规自分局", "区规自分局").exit_code == 1  # already a unit: merge, not alias
    groups = as_json(run("units", "group", "--json"))
    assert {"各街道办事处", "区政府各委办局"} <= {g["name"] for g in groups}

    hits = as_json(run("search", "申请式退租", "--json"))
    assert hits and all("[" not in h["text"][s:e] for h in hits for s, e in h["highlights"])
    table = run("search", "申请式退租")
    assert table.exit_code == 0 and "退租" in table.stdout


def test_failed_files_are_one_line_each_and_change_nothing(run, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = run("import", str(bad), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"duban: {bad}: ") and lines[1].endswith("文件不存在")
    assert "Traceback" not in result.output
    assert as_json(run("plans", "--json")) == []
    partly = run("import", str(bad), SEEDS[0])
    assert partly.exit_code == 0 and "已导入到" in partly.stdout


def test_unknown_ids_and_names_are_one_line_errors(run):
    for args in (("task", "999"), ("units", "show", "不存在的单位"), ("tasks", "--status", "bogus")):
        result = run(*args)
        assert result.exit_code == 1 and result.stderr.startswith("duban: ") and len(result.stderr.splitlines()) == 1


def test_db_upgrade_reports_the_revision(run):
    from duban.store.db import head_revision

    result = run("db", "upgrade")
    assert result.exit_code == 0 and f"已是最新版本（{head_revision()}）" in result.stdout


def test_two_organizations_share_one_database(run):
    assert run("import", SEEDS[0], "--org", "东城区政府").exit_code == 0
    assert run("import", SEEDS[0], "--org", "西城区政府").stdout.count("已导入到") == 1  # same file, other org
    units = as_json(run("units", "list", "--json"))
    assert sum(u["name"] == "区住建委" for u in units) == 2
    assert run("units", "list", "--org", "东城区政府", "--json").exit_code == 0
    assert len(as_json(run("units", "list", "--org", "东城区政府", "--json"))) == len(units) // 2
    again = run("import", SEEDS[0])  # which organization? the user must say
    assert again.exit_code == 2 and "--org" in again.stderr
    proposals = as_json(run("units", "list", "--proposals", "--json"))
    assert len({p["org_id"] for p in proposals}) == 2
