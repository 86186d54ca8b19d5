"""Status and 序时进度 with a moved clock: every test passes ``now``; none reads the clock."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from duban.work.status import (
    DEFAULT_TOLERANCE,
    STATUS_LIGHTS,
    STATUS_ORDER,
    ReportInput,
    RoundInput,
    Status,
    TargetInput,
    assess,
    status_from_text,
    summarize,
)
from duban.work.timeshare import time_share

YEAR_START, YEAR_END = date(2023, 1, 1), date(2023, 12, 31)
Q3 = RoundInput(period_end=date(2023, 9, 30), due=date(2023, 10, 10))
RETREAT = TargetInput(2000, "户", "不少于", "完成不少于2000户退租", "退租")


def no_reading(targets, items):
    """Stands in for the number reader where a test is about the rule, not the reading."""
    return [None] * len(targets)


def at(y, m, d, hh=12):
    return datetime(y, m, d, hh)


# --- 序时进度 -----------------------------------------------------------------

@pytest.mark.parametrize("end, expected", [
    (date(2023, 3, 31), 3 / 12), (date(2023, 6, 30), 6 / 12), (date(2023, 9, 30), 9 / 12),
    (date(2023, 12, 31), 1.0), (date(2022, 12, 31), 0.0), (date(2024, 3, 31), 1.0),
])
def test_time_share_counts_months_of_an_annual_task(end, expected):
    assert time_share(YEAR_START, YEAR_END, end) == pytest.approx(expected)


def test_time_share_mid_month_round_adds_days_of_that_month():
    assert time_share(YEAR_START, YEAR_END, date(2023, 6, 15)) == pytest.approx((5 + 15 / 30) / 12)


def test_time_share_of_a_task_that_starts_mid_year():
    # a half-year task from July: after September half of it has elapsed
    assert time_share(date(2023, 7, 1), YEAR_END, date(2023, 9, 30)) == pytest.approx(0.5)


def test_time_share_rejects_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        time_share(YEAR_END, YEAR_START, date(2023, 6, 30))


# --- reports and due dates --------------------------------------------------

def test_no_report_before_due_is_unassessed_and_after_due_is_missing():
    before = assess([RETREAT], YEAR_START, YEAR_END, Q3, [], at(2023, 10, 10, 23))
    after = assess([RETREAT], YEAR_START, YEAR_END, Q3, [], at(2023, 10, 11, 0))
    assert before.status is Status.UNASSESSED
    assert after.status is Status.MISSING and after.status.label == "未报送"


def test_a_draft_is_not_a_report():
    draft = ReportInput("draft", items=["已完成签约2000户"], achievements=[2000])
    assert assess([RETREAT], YEAR_START, YEAR_END, Q3, [draft], at(2023, 11, 1)).status is Status.MISSING


def test_a_round_without_due_date_never_makes_missing():
    open_round = RoundInput(period_end=date(2023, 9, 30), due=None)
    assert assess([RETREAT], YEAR_START, YEAR_END, open_round, [], at(2030, 1, 1)).status is Status.UNASSESSED


# --- quantified targets against 序时进度 ---------------------------------------

@pytest.mark.parametrize("achieved, expected", [
    (2000, Status.DONE), (2400, Status.DONE),
    (1700, Status.AHEAD),        # 85 % at 75 %
    (1500, Status.ON_TRACK),     # exactly 75 %
    (1400, Status.ON_TRACK),     # 70 %: inside the 5-point tolerance
    (1380, Status.BEHIND),       # 69 %
    (690, Status.BEHIND),
])
def test_entered_amount_against_time_share(achieved, expected):
    report = ReportInput("submitted", items=["……"], achievements=[achieved])
    result = assess([RETREAT], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5), read_achievements=no_reading)
    assert result.status is expected
    assert result.suggested is False and result.basis == "targets"
    assert result.time_share == pytest.approx(0.75)
    assert result.share == pytest.approx(achieved / 2000)


def test_tolerance_is_a_parameter():
    report = ReportInput("submitted", achievements=[1400])
    strict = assess([RETREAT], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5), tolerance=0.0)
    assert DEFAULT_TOLERANCE == 0.05 and strict.status is Status.BEHIND


def test_the_same_amount_is_ahead_early_and_behind_late_in_the_year():
    report = ReportInput("submitted", achievements=[1000])
    q1 = assess([RETREAT], YEAR_START, YEAR_END, RoundInput(date(2023, 3, 31)), [report], at(2023, 4, 5))
    q3 = assess([RETREAT], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5))
    assert (q1.status, q3.status) == (Status.AHEAD, Status.BEHIND)


def test_several_targets_take_the_lowest_share():
    repair = TargetInput(1000, "户", "不少于", "不少于1000户修缮", "修缮")
    report = ReportInput("submitted", achievements=[1900, 300])
    result = assess([RETREAT, repair], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5))
    assert result.status is Status.BEHIND and result.share == pytest.approx(0.3)


def test_rates_and_caps_are_not_compared_with_time_share():
    rate = TargetInput(5, "%", None, "按照5%比例压减一般性支出")
    cap = TargetInput(4, "%", "以内", "城镇调查失业率控制在4%以内")
    report = ReportInput("submitted", items=["压减工作已完成方案设计，正在组织实施"], achievements=[5, 3.9])
    result = assess([rate, cap], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5))
    assert result.basis == "text" and result.status is Status.ON_TRACK and result.suggested


def test_amounts_read_from_text_are_only_suggested():
    report = ReportInput("submitted", items=["已完成签约690户"])
    result = assess([RETREAT], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5),
                    read_achievements=lambda targets, items: [690])
    assert result.status is Status.BEHIND and result.suggested and result.label == "欠进度（建议）"


def test_the_newest_handed_in_version_counts():
    v1 = ReportInput("returned", version=1, achievements=[600])
    v2 = ReportInput("submitted", version=2, achievements=[1600])
    v3 = ReportInput("draft", version=3, achievements=[100])
    result = assess([RETREAT], YEAR_START, YEAR_END, Q3, [v3, v1, v2], at(2023, 10, 5))
    assert result.status is Status.ON_TRACK and result.share == pytest.approx(0.8)


# --- reviewer's call and text cues -------------------------------------------

def test_reviewer_status_wins_over_numbers():
    report = ReportInput("approved", achievements=[690], reviewer_status="on_track")
    result = assess([RETREAT], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5))
    assert result.status is Status.ON_TRACK and result.basis == "reviewer" and not result.suggested


@pytest.mark.parametrize("items, expected", [
    (["建议已全部办复"], Status.DONE),
    (["项目已完成竣工验收"], Status.DONE),
    (["已完成签约690户，正在组织居民搬家交房"], Status.ON_TRACK),
    (["项目推进中"], None),  # boilerplate: no checkable fact, for the office to send back
    (["先农坛腾退已完成120户（计划150户）"], Status.ON_TRACK),
    (["已完成80%"], Status.ON_TRACK),
    (["已完成方案设计", "正在进行工程建设"], Status.ON_TRACK),
    (["该项目尚未启动"], Status.BEHIND),
    (["召开专题会议研究"], None),
    ([], None),
])
def test_text_cues(items, expected):
    assert status_from_text(items) is expected


def test_a_task_without_numbers_gets_a_suggested_status_from_its_text():
    report = ReportInput("submitted", items=["东华门大街整治提升项目已完工", "正在开展外立面改造"])
    result = assess([], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5), read_achievements=no_reading)
    assert (result.status, result.suggested, result.basis) == (Status.ON_TRACK, True, "text")


def test_a_report_with_no_cue_is_unassessed_not_no_progress():
    report = ReportInput("submitted", items=["召开专题会议研究部署"])
    result = assess([], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5), read_achievements=no_reading)
    assert result.status is Status.UNASSESSED and result.status.label == "未评估"
    assert result.status.light.colour == "grey"


# --- lights and summary ------------------------------------------------------

def test_every_status_has_a_light_among_the_five_colours():
    assert {STATUS_LIGHTS[s].colour for s in STATUS_ORDER} == {"green", "blue", "yellow", "red", "grey"}
    assert Status.MISSING.light.colour == "red" and Status.BEHIND.light.colour == "yellow"


def test_summary_counts_and_shares_as_notices_write_them():
    statuses = [Status.ON_TRACK] * 162 + [Status.BEHIND] * 40 + [Status.DONE] * 20 + [Status.MISSING] * 0 + \
        [Status.UNASSESSED] * 0 + [Status.AHEAD] * 0
    summary = summarize(statuses)
    assert summary.total == 222
    assert summary.phrase(Status.ON_TRACK) == "达进度162项，占73.0%"
    assert summary.sentence() == "共222项任务，其中已完成20项，占9.0%；达进度162项，占73.0%；欠进度40项，占18.0%。"
    data = summary.to_dict()
    assert sum(row["count"] for row in data["statuses"]) == 222


def test_summary_of_nothing():
    summary = summarize([])
    assert summary.total == 0 and summary.share(Status.DONE) == 0.0 and summary.sentence() == "暂无任务。"


# --- the engine's suggestion (issue 10 items 1–2) ----------------------------

def test_share_against_the_plan_the_text_states():
    report = ReportInput("submitted", items=["先农坛腾退已完成120户（计划150户），其余正在做工作"])
    result = assess([RETREAT], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5))
    assert result.status is Status.ON_TRACK and result.suggested and result.share == pytest.approx(0.8)
    assert "120" in result.reason


def test_a_percentage_of_the_work_below_100_is_not_done():
    report = ReportInput("submitted", items=["改造工程已完成80%"])
    result = assess([TargetInput(30, "个", None, "改造老旧小区30个")], YEAR_START, YEAR_END, Q3, [report],
                    at(2023, 10, 5))
    assert result.status is not Status.DONE and result.share == pytest.approx(0.8)


def test_a_percentage_of_the_annual_goal_above_100_is_done():
    report = ReportInput("submitted", items=["年度财政收入任务完成进度102.6%，完成市级考核目标。"])
    result = assess([], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5))
    assert result.status is Status.DONE and result.suggested


def test_boilerplate_stays_unassessed_with_the_reason():
    report = ReportInput("submitted", items=["高度重视，压实责任，持续推进。"])
    result = assess([RETREAT], YEAR_START, YEAR_END, Q3, [report], at(2023, 10, 5))
    assert result.status is Status.UNASSESSED and "可核查" in result.reason
