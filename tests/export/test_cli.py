"""``duban export`` in-process: from the ledger (SQLite and PostgreSQL) and from a file."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from export_seeds import gold_document, seed_path
from factories.store import import_gold
from typer.testing import CliRunner

from duban.cli import app
from duban.parse import parse_file
from duban.store.db import session_scope

runner = CliRunner()


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture
def ledger(db_url, monkeypatch):
    """The three seed tables' gold documents imported; the CLI pointed at the database."""
    with session_scope(db_url) as session:
        for prefix in ("000", "002", "004"):
            import_gold(session=session, prefix=prefix)
    monkeypatch.setenv("DUBAN_DATABASE_URL", db_url)
    return db_url


def run(*args: str):
    return runner.invoke(app, list(args))


def test_export_a_stored_round_as_word_gives_back_its_tasks(ledger, tmp_path):
    out = tmp_path / "q3.docx"
    result = run("export", "--plan", "2023年市重点任务", "--round", "前三季度", "-o", str(out))
    assert result.exit_code == 0, result.output
    gold = gold_document("000")
    again = parse_file(out)
    assert [t.seq for t in again.tasks] == [t.seq for t in gold.tasks]
    for before, after in zip(gold.tasks, again.tasks):
        assert (after.ref, squeeze(after.content), after.units) == (before.ref, squeeze(before.content), before.units)
        assert [squeeze(p) for p in after.progress] == [squeeze(p) for p in before.progress]
    assert again.period.label == "前三季度"


def test_export_performance_round_keeps_goals_and_their_completion(ledger, tmp_path):
    out = tmp_path / "perf.xlsx"
    assert run("export", "--plan", "绩效", "-o", str(out)).exit_code == 0
    gold = gold_document("004")
    again = parse_file(out)
    assert again.kind == "performance_report"
    assert [[(squeeze(g.text), squeeze(g.progress)) for g in t.goals] for t in again.tasks] == \
        [[(squeeze(g.text), squeeze(g.progress)) for g in t.goals] for t in gold.tasks]


def test_export_one_units_tasks(ledger, tmp_path):
    out = tmp_path / "unit.csv"
    assert run("export", "--plan", "2023年市重点任务", "--unit", "区规自分局", "-o", str(out)).exit_code == 0
    text = out.read_text("utf-8-sig")
    named = [t.seq for t in gold_document("000").tasks if "区规自分局" in t.units]
    rows = list(csv.reader(io.StringIO(text)))[1:]
    seqs = [int(r[0]) for r in rows]
    assert set(named) <= set(seqs) and len(seqs) < len(gold_document("000").tasks)
    for row in rows:  # named directly, or given to a group such as 区政府各委办局 that the unit belongs to
        units = row[2].split("、")
        assert "区规自分局" in units or all("各" in u for u in units), row[:3]


def test_json_export_from_the_ledger_is_the_contract(ledger):
    result = run("export", "--plan", "2021年市分工方案", "--format", "json", "-o", "-")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    gold = gold_document("002").to_dict()
    assert data["schema"] == "duban.document/1" and data["kind"] == "progress_report"
    assert data["deadline"] == gold["deadline"] == "2021-12-31"
    assert [t["units"] for t in data["tasks"]] == [t["units"] for t in gold["tasks"]]
    assert [[(q["value"], q["unit"]) for q in t["targets"]] for t in data["tasks"]] == \
        [[(q["value"], q["unit"]) for q in t["targets"]] for t in gold["tasks"]]


@pytest.mark.parametrize("args, reason", [
    (["--plan", "没有这个计划"], "找不到计划"),
    (["--plan", "2023年市重点任务", "--round", "第四季度"], "没有轮次"),
    (["--plan", "2023年市重点任务", "--unit", "不存在局"], "找不到单位"),
])
def test_bad_requests_print_one_line_and_write_nothing(ledger, tmp_path, args, reason):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "x.docx"
    result = run("export", *args, "-o", str(out))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("duban: ") and reason in lines[0]
    assert not list(out.parent.iterdir()), "no file, not even a temporary one"


def test_relayout_a_parsed_file_without_a_database(tmp_path):
    out = tmp_path / "002.xlsx"
    result = run("export", "--from-file", str(seed_path("002")), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(parse_file(out).tasks) == len(gold_document("002").tasks)


def test_from_file_errors_name_the_file(tmp_path):
    missing = tmp_path / "missing.txt"
    result = run("export", "--from-file", str(missing), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"duban: {missing}: 文件不存在"
    result = run("export", "--from-file", str(seed_path("001")), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1 and "政府工作报告" in result.stderr
    result = run("export", "--from-file", str(seed_path("002")), "-o", str(tmp_path / "x.odt"))
    assert result.exit_code == 1 and "--format" in result.stderr
