"""A status column the source prints (是否达序, 完成状态, a 完成情况 verdict beside 进展情况) is
carried per task as ``stated_status``, as printed, and never read as progress or targets."""
from __future__ import annotations

from pathlib import Path

import pytest
from factories.documents import Table

from duban.parse import parse_file, parse_text

REAL = Path(__file__).resolve().parents[1] / "work" / "real"

YES_NO = Table([
    ["序号", "民生实事", "牵头单位", "1-10月推进情况", "1-11月推进情况", "是否达序", "说明"],
    ["1", "新建口袋公园5个。", "区园林局", "已开工3个。", "已建成口袋公园5个。", "是", ""],
    ["2", "改造老旧小区10个。", "区住建局", "已完成设计。", "已完成改造3个。", "否", "招标延误两个月，后期加快推进。"],
])
VERDICT_BESIDE_FACTS = Table([
    ["序号", "重点任务", "责任单位", "完成情况", "进展情况"],
    ["1", "新建口袋公园5个。", "区园林局", "已完成", "已建成口袋公园5个，全部开放。"],
    ["2", "新增停车位200个。", "区交通局", "滞后", "已完成选址30处。"],
    ["3", "改造雨污管网12公里。", "区水务局", "序时推进", "已完成改造6公里。"],
])


def _tasks(path: Path) -> list[dict]:
    return parse_file(str(path)).to_dict()["tasks"]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_yes_no_column_is_carried_as_printed_and_named_in_the_layout(build, suffix):
    doc = parse_file(str(build("进展" + suffix, ["2023年民生实事推进情况(1-11月)", YES_NO]))).to_dict()
    assert [t["stated_status"] for t in doc["tasks"]] == ["是", "否"]
    assert [t["progress"] for t in doc["tasks"]] == [["已建成口袋公园5个。"], ["已完成改造3个。"]]
    assert {"role": "status", "name": "是否达序"} in doc["layout"]["columns"]
    # the explanation beside the verdict is neither the status nor progress
    assert all("招标" not in p for t in doc["tasks"] for p in t["progress"])


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_verdict_column_before_the_facts_is_the_status_not_the_progress(build, suffix):
    tasks = _tasks(build("进展" + suffix, ["2024年重点任务进展情况表", VERDICT_BESIDE_FACTS]))
    assert [t["stated_status"] for t in tasks] == ["已完成", "滞后", "序时推进"]
    assert [t["progress"] for t in tasks] == [["已建成口袋公园5个，全部开放。"], ["已完成选址30处。"],
                                               ["已完成改造6公里。"]]
    assert all(q["text"] not in ("已完成", "滞后") for t in tasks for q in t["targets"])


def test_a_header_printed_on_one_line_and_a_run_on_table_carry_it_too():
    lines = ("2024年重点任务进展情况表\n序号 重点任务 责任单位 进展情况 完成状态\n1\n新建口袋公园5个。\n区园林局\n"
             "已建成口袋公园5个。\n已完成\n2\n改造老旧小区10个。\n区住建局\n已完成改造3个。\n未开工\n")
    assert [t["stated_status"] for t in parse_text(lines, source="a.txt").to_dict()["tasks"]] == ["已完成", "未开工"]
    runon = ("2024年重点任务进展情况表\n序号工作任务牵头单位进展情况是否达序\n1新建口袋公园5个。区园林局已建成口袋公园5个。是\n"
             "2改造老旧小区10个。区住建局已完成改造3个。否\n")
    tasks = parse_text(runon, source="b.txt").to_dict()["tasks"]
    assert [(t["stated_status"], t["progress"]) for t in tasks] == [("是", ["已建成口袋公园5个。"]),
                                                                    ("否", ["已完成改造3个。"])]


def test_an_explanation_in_the_status_column_is_no_status(build):
    table = Table([["序号", "重点任务", "责任单位", "进展情况", "完成状态"],
                   ["1", "新建口袋公园5个。", "区园林局", "已建成3个。", "受汛期影响，部分点位推迟至四季度开工。"]])
    assert _tasks(build("a.docx", ["2024年重点任务进展情况表", table]))[0]["stated_status"] is None


def test_a_table_without_a_status_column_states_none(build):
    table = Table([["序号", "重点任务", "责任单位", "进展情况"], ["1", "新建口袋公园5个。", "区园林局", "已完成。"]])
    assert _tasks(build("a.xlsx", ["2024年重点任务进展情况表", table]))[0]["stated_status"] is None


def test_real_tables_of_other_governments():
    chongchuan = parse_file(str(REAL / "chongchuan_2023_jan_nov_minsheng_progress.txt")).to_dict()
    assert {t["seq"]: t["stated_status"] for t in chongchuan["tasks"]}[25] == "否"
    assert {"role": "status", "name": "是否达序"} in chongchuan["layout"]["columns"]
    kaihua = _tasks(REAL / "kaihua_2023q1_key_tasks_table.txt")
    assert kaihua[0]["stated_status"] == "达序推进" and "达序推进" not in "".join(kaihua[0]["progress"])
    keqiao = _tasks(REAL / "keqiao_2023q1_provincial_minsheng_progress.txt")
    assert keqiao[0]["stated_status"] == "顺利推进"


def test_a_table_whose_only_progress_column_is_a_status_is_a_progress_report(build):
    """进展状态 was read as the progress column: it still is, and is the stated status too."""
    table = Table([["序号", "重点任务", "责任单位", "进展状态"],
                   ["1", "新建口袋公园5个。", "区园林局", "已完工"], ["2", "改造老旧小区10个。", "区住建局", "序时推进"]])
    doc = parse_file(str(build("a.xlsx", ["2024年重点项目1-6月进展情况表", table]))).to_dict()
    assert doc["kind"] == "progress_report" and doc["period"]["label"] == "1-6月"
    assert [(t["progress"], t["stated_status"]) for t in doc["tasks"]] == [(["已完工"], "已完工"),
                                                                          (["序时推进"], "序时推进")]
