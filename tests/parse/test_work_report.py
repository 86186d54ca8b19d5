"""Work reports: the plan part, its indicators and commitments.

The seeds are scored against the gold labels; three invented reports from other
places, years and layouts (tests/parse/data/work_report_*.txt) check the same rules
on headings, target lists and slogans the seeds do not have. Their expected values
were written by hand from the text.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from duban.parse.work_report import looks_like_work_report, parse_work_report

sys.path.insert(0, str(Path(__file__).parent))
from quantity_scoring import SAMPLES, score_work_reports  # noqa: E402  (a helper beside this file)

DATA = Path(__file__).parent / "data"


def lines(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").splitlines()


def pairs(quantities) -> list[tuple]:
    return [(q.value, q.unit) for q in quantities]


def test_seed_work_reports_meet_the_issue_floors():
    scores = score_work_reports()
    assert scores["indicators"].value >= 0.95, scores["indicators"].misses
    assert scores["commitments"].value >= 0.93, scores["commitments"].misses
    assert scores["year"].value == 1.0, scores["year"].misses


def test_city_report_with_semicolon_targets_and_a_self_building_part():
    result = parse_work_report(lines("work_report_city_2024.txt"))
    assert result.title == "2024年临江市人民政府工作报告"
    assert result.year == 2024
    assert [(i.name, i.change, i.value, i.unit, i.qualifier) for i in result.indicators] == [
        ("地区生产总值", "增长", 5.5, "%", "左右"),
        ("一般公共预算收入", "增长", 6, "%", None),
        ("规模以上工业增加值", "增长", 7, "%", "以上"),
        ("固定资产投资", "增长", 8, "%", None),
        ("社会消费品零售总额", "增长", 6.5, "%", "左右"),
        ("城镇调查失业率", "控制在", 5.5, "%", "以内"),
        ("居民消费价格涨幅", None, 3, "%", "左右"),
        ("居民人均可支配收入", "增长", None, None, None),
        ("单位地区生产总值能耗", "下降", 3, "%", None),
        ("粮食产量", "稳定在", 1200000, "吨", "以上"),
    ]
    # review figures (3560亿元, 5.6万人, 98个…) and slogans give nothing; the
    # self-building part after the plan (一般性支出压减5%以上) still counts.
    assert pairs(result.commitments) == [
        (5.5, "%"), (6, "%"), (7, "%"), (8, "%"), (6.5, "%"), (5.5, "%"), (3, "%"), (3, "%"),
        (1200000, "吨"),
        (600, "个"), (135000000000, "元"), (150, "个"), (120, "家"), (10, "家"),
        (3800000, "亩"), (250000, "亩"), (120, "公里"), (35000, "亩"), (20, "家"), (30, "个"),
        (58000, "人"), (20000, "人次"), (3000, "个"), (12, "所"), (126, "个"), (4000, "套"),
        (1500, "张"), (30, "个"), (45, "个"), (15, "条"), (2000, "个"),
        (32, "微克/立方米"), (90, "%"), (100000, "亩"),
        (5, "%"),
    ]


def test_county_report_skips_the_five_year_part_and_reads_numbered_sections():
    result = parse_work_report(lines("work_report_county_2023.txt"))
    assert result.title == "云溪县政府工作报告"
    assert result.year == 2023  # no year in the plan heading: the delivery date under the title
    assert [(i.name, i.change, i.value, i.unit) for i in result.indicators] == [
        ("地区生产总值", "增长", 6.5, "%"),
        ("一般公共预算收入", "增长", 5, "%"),
        ("城镇新增就业", None, 12000, "人"),
        ("城镇登记失业率", "控制在", 4.5, "%"),
        ("农村居民人均可支配收入", "增长", 7.5, "%"),
        ("粮食播种面积", "稳定在", 800000, "亩"),
        ("节能减排", "完成", None, None),
    ]
    assert pairs(result.commitments) == [
        (6.5, "%"), (5, "%"), (12000, "人"), (4.5, "%"), (7.5, "%"), (800000, "亩"),
        (150, "个"), (12000000000, "元"), (30, "个"), (8000000000, "元"),
        (65000, "亩"), (85, "公里"), (12000, "亩"), (320, "户"), (1500, "人次"), (5, "个"), (100, "个"),
        (2400, "个"), (2, "所"), (6, "个"), (126, "个"), (500, "个"), (300, "个"), (10, "家"),
        (10, "%"),
    ]
    # nothing from 今后五年 (年均增长7%左右, 6万人, 30万亩) nor from the review
    assert (60000, "人") not in pairs(result.commitments)
    assert (300000, "亩") not in pairs(result.commitments)


def test_report_in_parts_with_one_target_per_line_and_an_outline_note():
    result = parse_work_report(lines("work_report_province_2022.txt"))
    assert result.year == 2022
    assert [(i.name, i.change, i.value, i.unit, i.qualifier) for i in result.indicators] == [
        ("地区生产总值", "增长", 6, "%", "左右"),
        ("一般公共预算收入", "增长", 5, "%", None),
        ("城镇新增就业", None, 80000, "人", "以上"),
        ("城镇调查失业率", "控制在", 5.5, "%", "以内"),
        ("居民人均可支配收入", "增长", None, None, None),
        ("单位地区生产总值能耗", "降低", None, None, None),
    ]
    assert pairs(result.commitments) == [
        (6, "%"), (5, "%"), (80000, "人"), (5.5, "%"),
        (10, "个"), (300, "家"), (2.8, "%"), (2, "个"), (10, "%"), (200, "列"),
        (800, "个"), (200000000000, "元"), (12000, "个"), (18, "公里"), (2, "家"), (10, "%"),
        (3, "所"), (5000, "个"), (15000, "套"), (230, "个"), (46000, "户"), (3.2, "人"), (20, "个"),
        (3, "%"),
    ]
    # the third part explains the five-year outline: its 5500亿元 and 68% are not this year's plan
    assert (550000000000, "元") not in pairs(result.commitments)


def test_unnumbered_parts_where_the_review_is_titled_like_a_plan():
    result = parse_work_report(lines("work_report_district_2025.txt"))
    assert result.title == "政府工作报告"  # printed with spaces between the characters
    assert result.year == 2025
    assert [(i.name, i.change, i.value, i.unit) for i in result.indicators] == [
        ("地区生产总值", "增长", 5, "%"),
        ("区级一般公共预算收入", "增长", 3, "%"),
        ("城镇调查失业率", "控制在", 5.5, "%"),
        ("生态环境质量", "改善", None, None),
    ]
    # 2024年主要工作 is last year's review (5.2%, 1.2万户, 168亿元, 45个, 12处): not committed;
    # 5000万元以上 is the size class of the 20 projects
    assert pairs(result.commitments) == [
        (5, "%"), (3, "%"), (5.5, "%"),
        (15, "家"), (40, "家"), (20, "个"),
        (600, "个"), (20, "家"), (100, "部"), (2000, "个"),
        (10, "%"),
    ]


def test_targets_sharing_one_predicate_are_split():
    text = ["政府工作报告", "一、2022年工作回顾", "略。", "二、2023年主要任务",
            "主要预期目标是：地区生产总值增长5%左右，万元GDP能耗降幅和细颗粒物年均浓度达到市级要求，"
            "固定资产投资建安投资完成市下达任务。"]
    result = parse_work_report(text)
    assert [(i.name, i.change) for i in result.indicators] == [
        ("地区生产总值", "增长"), ("万元GDP能耗降幅", "达到"), ("细颗粒物年均浓度", "达到"),
        ("固定资产投资", "完成"), ("建安投资", "完成")]


def test_targets_printed_one_per_sentence():
    text = ["政府工作报告", "一、2023年工作回顾", "略。", "二、2024年工作安排",
            "今年的主要预期目标是：地区生产总值增长6%左右。一般公共预算收入增长5%。"
            "城镇调查失业率控制在5.5%以内。居民收入增长和经济增长同步。"
            "围绕上述目标，改造老旧小区120个，新增就业1.2万人。"]
    result = parse_work_report(text)
    assert [(i.name, i.change, i.value) for i in result.indicators] == [
        ("地区生产总值", "增长", 6), ("一般公共预算收入", "增长", 5), ("城镇调查失业率", "控制在", 5.5),
        ("居民收入", "增长", None)]
    assert pairs(result.commitments) == [(6, "%"), (5, "%"), (5.5, "%"), (120, "个"), (12000, "人")]


def test_a_page_break_inside_a_sentence_does_not_split_a_quantity():
    text = ["某区政府工作报告", "一、2023年工作回顾", "略。", "二、2024年工作安排",
            "实施城市更新，改造老旧小区", "", "126个，新建停车位 2000", "个。"]
    assert pairs(parse_work_report(text).commitments) == [(126, "个"), (2000, "个")]


def test_a_report_dumped_as_one_line_is_cut_at_its_part_headings():
    text = ["某市人民政府工作报告 一、2023年工作回顾 全年新增就业1.1万人，改造老旧小区80个。"
            "二、2024年主要任务 主要预期目标是：地区生产总值增长5%左右。改造老旧小区120个，"
            "新增就业1.2万人。三、关于《某市国民经济和社会发展第十四个五年规划纲要》中期评估的说明 "
            "到2025年，城镇化率达到70%。"]
    result = parse_work_report(text)
    assert result.year == 2024
    assert pairs(result.indicators) == [(5, "%")]
    assert pairs(result.commitments) == [(5, "%"), (120, "个"), (12000, "人")]


def test_without_a_plan_part_nothing_is_committed():
    text = ["某县政府工作报告", "一、2023年工作回顾", "全年新增就业1.1万人，完成投资120亿元。"]
    result = parse_work_report(text)
    assert result.commitments == [] and result.indicators == []
    assert result.year == 2024


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("work_report_*.txt")))
def test_invented_reports_look_like_work_reports(name):
    assert looks_like_work_report(lines(name))


def test_seeds_are_classified():
    verdicts = {p.name[:3]: looks_like_work_report(p.read_text(encoding="utf-8").splitlines())
                for p in sorted(SAMPLES.glob("*.txt"))}
    assert verdicts == {"000": False, "001": True, "002": False, "003": True, "004": False}


def test_a_task_list_named_after_a_work_report_is_not_one():
    text = ["2024年市政府工作报告重点任务分工方案", "序号\t任务\t牵头单位",
            "1\t新增就业1万人\t区人力社保局", "2\t改造老旧小区30个\t区住建委"]
    assert not looks_like_work_report(text)
    untitled = ["一、2023年工作回顾", "全年新增就业1.1万人。", "二、2024年主要任务", "新增就业1.2万人。"]
    assert looks_like_work_report(untitled)


def test_a_news_item_going_back_to_last_year_after_the_targets():
    text = ["某区描绘2025年发展蓝图",
            "经济社会发展主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长3%。今年将新建口袋公园20个。",
            "过去一年，全区地区生产总值增长6%，新增就业1.2万人。",
            "围绕目标，新开工项目30个。"]
    assert looks_like_work_report(text)
    result = parse_work_report(text)
    assert result.year == 2025
    assert pairs(result.commitments) == [(5.5, "%"), (3, "%"), (20, "个"), (30, "个")]  # not 6% nor 1.2万人


def test_a_news_item_comparing_this_years_plan_with_last_year_still_commits_it():
    """``比上年增加`` compares the plan with last year; it is no sentence about last year's results."""
    text = ["某省政府工作报告解读",
            "今年发展主要预期目标是：地区生产总值增长5%左右，城镇新增就业60万人以上。",
            "今年财政赤字规模860亿元、比上年增加40亿元；一般公共预算支出达到9800亿元、比上年增长3%。",
            "去年全省新增就业62万人。"]
    result = parse_work_report(text)
    assert pairs(result.commitments) == [(5, "%"), (600000, "人"), (86000000000, "元"), (4000000000, "元"),
                                         (980000000000, "元"), (3, "%")]  # not last year's 62万人
    texts = [q.text for q in result.commitments[2:]]
    assert texts == ["今年财政赤字规模860亿元", "比上年增加40亿元", "一般公共预算支出达到9800亿元", "比上年增长3%"]


def test_a_news_item_restating_a_target_to_explain_it_commits_it_once():
    text = ["某市政府工作报告提出今年目标",
            "今年全市发展主要预期目标是：地区生产总值增长6%左右，城镇新增就业8万人以上。",
            "地区生产总值预期目标为6%左右，考虑了稳就业、防风险等需要，与规划目标相衔接。"]
    result = parse_work_report(text)
    assert pairs(result.commitments) == [(6, "%"), (80000, "人")]
