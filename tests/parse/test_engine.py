"""The layout-strategy engine: every strategy reads, the best-scored reading wins, and
``duban parse --explain`` names it with its score and the runners-up."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from duban.parse import engine, explain_file, parse_text
from duban.parse.model import Document, Task

DUBAN = str(Path(sys.executable).with_name("duban"))
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "duban" / "samples"


def test_every_seed_names_a_strategy_and_a_confidence():
    for path in sorted(SAMPLES.glob("*.txt")):
        outcome = explain_file(path)
        doc = outcome.best.reading.document
        assert outcome.best.strategy.name in {s.name for s in engine.strategies()}
        assert 0.5 < doc.confidence <= 1, (path.name, doc.confidence)
        assert doc.to_dict()["confidence"] == doc.confidence
        assert all(a.score <= outcome.best.score for a in outcome.runners_up)


def test_table_and_list_are_read_by_their_strategies():
    table = "序号\t工作内容\t责任单位\n1\t新建公园3个。\t区园林局\n2\t改造道路5条。\t区交通局\n"
    listed = ("1. 新建公园3个。\n责任单位：区园林局\n2. 改造道路5条。\n责任单位：区交通局、区财政局\n")
    assert engine.run(parse_blocks(table), "t").best.strategy.name == "table"
    outcome = engine.run(parse_blocks(listed), "l")
    assert outcome.best.strategy.name == "task_list"
    assert [t.units for t in outcome.best.reading.document.tasks] == [["区园林局"], ["区交通局", "区财政局"]]


def parse_blocks(text: str):
    from duban.parse.readers.text import text_blocks

    return text_blocks(text)


def test_a_registered_strategy_competes_and_the_better_reading_wins():
    """A strategy registered from outside reads the same blocks; a strong reading beats a
    weak one, whatever the registration order."""
    def weak(ctx, settings):
        return engine.Reading(Document(ctx.source, "task_plan", tasks=[Task(1, "x")]), evidence=0.1)

    def strong(ctx, settings):
        tasks = [Task(n, f"第{n}项任务的内容", units=["区住建委"]) for n in range(1, 6)]
        return engine.Reading(Document(ctx.source, "task_plan", tasks=tasks), evidence=1.0, notes=["测试"])

    engine.strategy("test_weak", "弱")(weak)
    engine.strategy("test_strong", "强", settings={"k": 1})(strong)
    try:
        outcome = engine.run(parse_blocks("一段没有任何结构的文字。\n"), "x")
        assert outcome.best.strategy.name == "test_strong"
        assert "test_weak" in [s.strategy.name for s in outcome.runners_up]
        assert outcome.best.reading.document.confidence == outcome.best.score
    finally:
        engine._REGISTRY.pop("test_weak", None)
        engine._REGISTRY.pop("test_strong", None)


def test_warnings_are_in_the_contract_and_on_stderr(tmp_path):
    doc = tmp_path / "list.txt"
    doc.write_text("1. 新建公园3个。\n责任单位：区园林局\n2. 改造道路5条。\n责任单位：区交通局\n3. 修缮校舍2所。\n",
                   encoding="utf-8")
    out = subprocess.run([DUBAN, "parse", str(doc), "--json", "--explain"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["warnings"] == ["1项任务未识别出责任单位。"]
    assert 0 < data["confidence"] <= 1
    assert "注意: 1项任务未识别出责任单位。" in out.stderr
    assert "采用策略 task_list" in out.stderr and "得分" in out.stderr


@pytest.mark.parametrize("name", ["000_f56275b4641689bc.txt", "001_801dfeba01577b93.txt"])
def test_explain_prints_the_strategy_on_stdout(name):
    out = subprocess.run([DUBAN, "parse", str(SAMPLES / name), "--explain"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "采用策略" in out.stdout and "评分项" in out.stdout


def test_parse_text_still_refuses_text_without_words():
    from duban.parse import ParseError

    with pytest.raises(ParseError):
        parse_text(" \n \n")


LAYOUTS = Path(__file__).resolve().parent / "layouts"


def test_labelled_blocks_with_labels_on_their_own_lines():
    """项目名称:/项目内容:/责任单位 (no colon)/进展与成效:, numbered 01, 02 and a number alone
    on its line — the layout of a county's 办实事 progress summary (see layouts/SOURCES.md)."""
    outcome = explain_file(LAYOUTS / "labelled_progress.txt")
    doc = outcome.best.reading.document
    assert outcome.best.strategy.name == "labelled_blocks"
    assert doc.kind == "progress_report"
    assert doc.title == "某县“我为群众办实事”实践活动项目进展与成效情况汇报"
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert [t.name for t in doc.tasks] == ["提升县域生态环境", "加大文化惠民力度", "实施新时代文明实践提质增效工程"]
    assert doc.tasks[0].units == ["水务局", "城管局", "自然资源局"]
    assert doc.tasks[1].units == ["文广旅局"]  # 责任单位 without a colon
    assert doc.tasks[2].progress == ["已建成12个。"]
    assert [(q.value, q.unit) for q in doc.tasks[2].targets] == [(20, "个")]


def test_several_labels_on_one_line_with_many_tasks_per_line():
    doc = explain_file(LAYOUTS / "labels_on_one_line.txt").best.reading.document
    assert doc.kind == "progress_report"
    assert [t.content for t in doc.tasks] == ["城东污水处理厂扩建工程", "老旧小区改造工程", "中小学扩容工程"]
    assert doc.tasks[0].units == ["区水务局", "区财政局", "区自然资源局"]  # not the officials 张明, 李强
    assert doc.tasks[1].progress == ["已开工12个小区。"]


def test_cells_placed_by_shape_when_the_task_and_its_goal_share_one_cell():
    """A row with fewer cells than columns (主要任务 and 全年目标任务 merged): the official,
    the units, the earlier period's progress, the status and the note each find their
    column by their shape."""
    doc = explain_file(LAYOUTS / "cells_merged_task_and_goal.txt").best.reading.document
    assert doc.kind == "progress_report" and doc.period.label == "1-11月"
    assert [t.seq for t in doc.tasks] == [24, 25, 26]
    assert doc.tasks[0].units == ["城管局", "市政局", "相关街道"]  # not the official 王建国
    assert doc.tasks[1].units == ["城管局", "环卫处", "经济开发区", "各街道"]
    assert [t.progress for t in doc.tasks] == [["已进场施工,完成70%。"], ["在40个小区建成35个分类亭。"],
                                               ["已建成中转站5个。"]]  # the 1-11月 column, not 1-10月


def test_columns_run_together_are_cut_by_roles_and_shapes():
    outcome = explain_file(LAYOUTS / "columns_run_together.txt")
    doc = outcome.best.reading.document
    assert outcome.best.strategy.name == "runon_table"
    assert [t.seq for t in doc.tasks] == [1, 2, 3]  # the page marker 2、 is not a row
    assert [t.units for t in doc.tasks] == [["区住建局"], ["区园林局"], ["区教育局", "区发展改革委"]]
    assert doc.tasks[0].content == "推进老旧小区改造，完成改造10个小区。"  # no official, no date
    assert doc.warnings and "连在一起" in doc.warnings[0]
    progress = explain_file(LAYOUTS / "columns_run_together_progress.txt").best.reading.document
    assert progress.kind == "progress_report"
    assert progress.tasks[1].units == ["区园林局", "区城管委"]
    assert progress.tasks[1].progress == ["已建成3个，2个正在施工。"]


def test_header_words_spread_with_spaces():
    doc = explain_file(LAYOUTS / "header_spaced_out.txt").best.reading.document
    assert [(t.seq, t.units) for t in doc.tasks] == [(1, ["镇建设办"]), (2, ["镇交通运输所"])]
    assert [(q.value, q.unit) for q in doc.tasks[0].targets] == [(12, "公里")]


def test_one_task_per_page_as_a_table_of_labels():
    doc = explain_file(LAYOUTS / "labelled_table_page.txt").best.reading.document
    assert doc.kind == "progress_report"
    (task,) = doc.tasks
    assert task.seq == 135 and task.content.startswith("统筹违法建设治理")  # the printed number, not in the text
    assert task.units == ["市城市管理综合执法局"]
    assert task.progress == ["已完成。全市治理违法建设2300万平方米。"]  # a label that says more before its colon
