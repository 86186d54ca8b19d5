"""Document fields: periods, deadlines and refs as offices print them."""
from __future__ import annotations

import pytest

from duban.parse.fields import find_deadline, find_period, parse_date, split_ref


@pytest.mark.parametrize("text, label, start, end", [
    ("东城区主责项目前三季度进展情况表", "前三季度", "2023-01-01", "2023-09-30"),
    ("2023年度绩效任务全年完成情况汇总表", "全年", "2023-01-01", "2023-12-31"),
    ("重点任务1-6月份进展情况", "1-6月", "2023-01-01", "2023-06-30"),
    ("重点任务上半年落实情况", "上半年", "2023-01-01", "2023-06-30"),
    ("第二季度进展", "第二季度", "2023-04-01", "2023-06-30"),
])
def test_find_period(text, label, start, end):
    period = find_period(text, 2023)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_deadline_line():
    assert find_deadline(" ※ 各项任务完成时限均为 2021年底前 ") == "2021-12-31"
    assert find_deadline("完成时限：2024年6月底前") == "2024-06-30"
    assert find_deadline("2021年，我区完成了很多工作。") is None


def test_parse_date():
    assert parse_date("2024年2月底") == "2024-02-29"
    assert parse_date("2024年3月15日前") == "2024-03-15"
    assert parse_date("长期坚持") is None


@pytest.mark.parametrize("content, ref, ref_no, rest", [
    ("市重点任务第 11 项 抓紧推进", "市重点任务第11项", 11, "抓紧推进"),
    ("市分工方案第 276项: 做好", "市分工方案第276项", 276, "做好"),
    ("省政府工作报告第十二项：推进", "省政府工作报告第十二项", 12, "推进"),
    ("推进第二批项目", None, None, "推进第二批项目"),
])
def test_split_ref(content, ref, ref_no, rest):
    assert split_ref(content) == (ref, ref_no, rest)
