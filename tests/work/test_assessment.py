"""Issue 10 items 1–2: the assessment engine against hand labels, and on texts it has not seen.

The seeds' three progress documents are scored with the same scorer as
``shared/eval/score_assessment.py`` (copied to ``tests/data/assessment``) through
``duban assess --json``'s own code path. The invented progress texts below are
written in the shapes real progress tables use (plans stated in the text, district
quotas, percentages of the work, restated requirements, boilerplate) with wording
the seeds do not have; their expected values were read off the texts by hand.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from duban.parse import parse_file
from duban.work.assessment import assess_document, assess_progress
from duban.work.progress_reading import Target
from tests.scoring import load_scorer

DATA = Path(__file__).resolve().parents[1] / "data" / "assessment"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "duban" / "samples"
# issue 10's floors are achievements 0.85, links 0.75, verdict 0.85, unspecific 0.80, done precision 1.0;
# these sit just under what the engine measures now (README), so that a regression fails
FLOORS = {"achievements": 0.92, "links": 0.85, "verdict": 0.95, "unspecific": 0.90, "done_precision": 1.0}


@pytest.fixture(scope="module")
def figures():
    score = load_scorer(DATA / "score_assessment.py", "duban_assessment_score")
    total = score.Totals()
    for gold_file in sorted(DATA.glob("*.json")):
        pred = assess_document(parse_file(SAMPLES / f"{gold_file.stem}.txt").to_dict())
        pred = json.loads(json.dumps(pred, ensure_ascii=False))
        total.add(score.score_pair(json.loads(gold_file.read_text(encoding="utf-8")), pred))
    return total.figures()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_seed_floor(figures, name):
    assert figures[name] >= FLOORS[name], f"{name} {figures[name]:.3f} < {FLOORS[name]}"


def test_contract_shape():
    doc = assess_document(parse_file(SAMPLES / "002_5c75b5f45944da13.txt").to_dict())
    assert doc["schema"] == "duban.assessment/1" and doc["source"] == "002_5c75b5f45944da13.txt"
    task = next(t for t in doc["tasks"] if t["seq"] == 5)
    signed = next(a for a in task["achievements"] if a["value"] == 690)
    assert signed["unit"] == "户" and signed["cumulative"] is True
    assert signed["target"]["value"] == 2000 and "690" in signed["text"]
    assert task["verdict"] == "in_progress" and task["specific"] is True and "690" in task["why"]
    assert all(a["value"] != 1214 for a in task["achievements"])  # 涉及户数1214户 is scope


def _one(progress, targets=(), aim="", goals=()):
    return assess_progress(1, [Target(*t) for t in targets], progress, goals, aim)


def test_plan_stated_in_progress_is_the_denominator():
    r = _one(["先农坛片区腾退已完成120户（计划150户），剩余30户正在做工作。"],
             [("完成不少于2000户申请式退租", 2000, "户")])
    values = [a.value for a in r.achievements]
    assert values == [120] and r.verdict == "in_progress"
    assert r.share == pytest.approx(0.8)  # 120 of the district's own 150, not of 2000


def test_district_quota_in_progress_text():
    r = _one(["全市任务5万套，我区年度任务1200套，截至9月底已开工建设900套。"],
             [("全市建设筹集保障性住房5万套", 50000, "套")])
    assert [a.value for a in r.achievements] == [900]
    assert r.share == pytest.approx(0.75)


def test_percentage_of_work_below_100_is_never_done():
    r = _one(["南区地块改造已完成80%，全部完成装修。"], [("改造老旧小区30个", 30, "个")])
    assert r.verdict == "in_progress" and r.share == pytest.approx(0.8)
    r = _one(["已完成年度目标的55%。"], [("筹集公租房300套", 300, "套")])
    assert r.verdict == "in_progress"
    assert all(a.target is None for a in r.achievements)  # a share of the work answers no counted target


def test_percentage_of_annual_goal_above_100_is_met():
    goals = [("一般公共预算收入完成年度预算", "截至12月底，年度财政收入任务完成进度102.6%，已完成市级考核目标。")]
    r = _one([], [], goals=goals)
    assert r.verdict == "done"


def test_boilerplate_is_sent_back():
    r = _one(["高度重视，加强领导，压实责任，认真谋划部署，持续推动各项工作落地见效。"])
    assert (r.verdict, r.specific, r.achievements) == ("unclear", False, [])
    assert "可核查" in r.why


def test_not_started():
    r = _one(["受规划调整影响，该项目尚未启动，正在与市级部门沟通。"], [("新建体育公园1处", 1, "处")])
    assert r.verdict == "not_started" and r.specific is True


def test_all_done_and_ongoing():
    assert _one(["交办的42件群众来信已全部办结。"]).verdict == "done"
    r = _one(["完成道路大修3.2公里，其余路段正在施工。"], [("完成道路大修5公里", 5, "公里")])
    assert r.verdict == "in_progress" and r.achievements[0].target.value == 5


def test_context_numbers_are_not_achievements():
    r = _one(["排查共涉及小区46个，预计年底前可完成整治30个，目前已完成整治12个，剩余问题8处正在推进。"],
             [("完成30个小区整治", 30, "个")])
    assert [(a.value, a.target.value if a.target else None) for a in r.achievements] == [(12, 30)]


def test_restated_requirement_after_actual_value():
    r = _one(["网上办理率达到92.5%，已完成网上办理率90%的指标要求。"], [("网上办理率达到90%", 90, "%")])
    assert [a.value for a in r.achievements] == [92.5]
    assert r.achievements[0].target.value == 90


def test_wan_folded_and_units_kept():
    r = _one(["累计发放消费券1.2万张，带动消费3.5亿元。"])
    assert [(a.value, a.unit) for a in r.achievements] == [(12000, "张"), (350000000, "元")]


# Shapes from a published municipal progress bulletin (rural revitalisation indicators, 2020),
# reworded: a yearly quota stated in the text, an excess, "all built", and a forecast.

def test_quota_in_text_and_excess_is_done():
    r = _one(["困难群众危房改造，全年任务为3800户，实际改造4559户，超额完成任务。"],
             [("完成困难群众危房改造3800户", 3800, "户")])
    assert [(a.value, a.unit) for a in r.achievements] == [(4559, "户")]
    assert r.achievements[0].target.value == 3800
    assert r.verdict == "done" and r.share == pytest.approx(4559 / 3800)


def test_all_built_is_done_and_forecast_is_not():
    assert _one(["污水处理设施建设，全年任务为770个村，已全部建设完成。"]).verdict == "done"
    r = _one(["全市已改造户厕31万座，两个区正按计划推进，预计年底完成计划任务。"])
    assert r.verdict == "in_progress"
    assert [a.value for a in r.achievements] == [310000]


def test_several_plans_each_with_its_actual():
    r = _one(["全年计划新创建示范农场80个，截至10月实际完成95个。"], [("新创建示范农场80个", 80, "个")])
    assert [a.value for a in r.achievements] == [95] and r.achievements[0].target.value == 80


def test_completion_column_of_bare_numbers():
    """A 完成情况 column holding only numbers, one per target (a municipal 实事 completion table)."""
    r = _one(["5210", "96"], [("新增5000张养老床位", 5000, "张"), ("新增100个长者食堂", 100, "个")])
    assert [(a.value, a.unit, a.target.value) for a in r.achievements] == [(5210, "张", 5000), (96, "个", 100)]
    assert r.verdict == "in_progress" and r.specific
    r = _one(["5210", "104"], [("新增5000张养老床位", 5000, "张"), ("新增100个长者食堂", 100, "个")])
    assert r.verdict == "done" and "5210张（目标5000张）" in r.why


def test_investment_against_its_target_and_a_closing_sentence():
    r = _one(["截至6月底，累计完成投资12.5亿元，占年度计划的52%。"], [("完成投资24亿元", 2400000000, "元")])
    assert r.achievements[0].value == 1250000000 and r.achievements[0].target is not None
    assert r.verdict == "in_progress" and r.share == pytest.approx(12.5 / 24)
    assert _one(["经区政府常务会审议，该项任务已完成。"]).verdict == "done"
    assert _one(["已完成方案设计，施工单位已进场。"]).verdict == "in_progress"


# Shapes of the real progress tables in tests/work/real (崇川, 开化, 苍南) and of common bulletin
# wording, reworded: what is finished is a part or a step, not the task.

def test_a_part_or_a_step_finished_is_not_the_task():
    assert _one(["一期已完工，二期主体施工。"]).verdict == "in_progress"
    r = _one(["3所学校均已完成设计，1所已开工。"], [("新建学校3所", 3, "所")])
    assert r.verdict == "in_progress" and all(a.target is None for a in r.achievements)
    r = _one(["已建成投用8家卫生院中的6家，其余2家已完工待验收。"], [("建成投用8家卫生院", 8, "家")])
    assert [a.value for a in r.achievements] == [6, 2] and r.verdict == "in_progress"
    assert _one(["已开工。"]).specific is True


def test_the_whole_year_reported_done_in_words():
    assert _one(["已提前完成全年目标任务。"]).verdict == "done"
    assert _one(["基本完成年度目标任务。"]).verdict != "done"
    assert _one(["已完成年度任务的90%。"]).verdict == "in_progress"
    assert _one(["全年任务已完成，累计完成120户，完成率120%。"]).verdict == "done"


def test_a_level_to_keep_is_not_met_by_one_quarter():
    targets = [("空气优良率保持在98%以上", 98, "%")]
    r = _one(["一季度，AQI优良率为100%。"], targets)
    assert r.achievements[0].target.value == 98 and r.verdict == "in_progress"
    assert "目前已达到" in r.why and "全年保持" in r.why  # the office reads why it is not done yet
    assert _one(["全年AQI优良率为99.2%。"], targets).verdict == "done"


def test_sub_targets_heading_an_item_are_not_achievements():
    r = _one(["新增租房补贴600户，补贴发放户不低于3300户：新增租房补贴户979户，补贴实发3650户。"])
    assert [a.value for a in r.achievements] == [979, 3650]
    r = _one(["累计完成改造600户，其中：东区300户，西区300户。"])
    assert 600 in [a.value for a in r.achievements]


def test_a_list_shares_the_verb_before_its_first_number():
    r = _one(["明确21个楼门院治理示范点和7个议事厅示范点点位，并报市相关部门备案。"])
    assert r.achievements == []


def test_a_total_then_the_part_done():
    r = _one(["整治点位4100个，目前已完成2763个。"], [("整治点位1万个", 10000, "个")])
    assert [(a.value, a.target.value) for a in r.achievements] == [(2763, 10000)]


def test_each_amount_answers_the_target_its_own_item_names():
    r = _one(["已建成建筑垃圾中转站7个、分类池17个。"],
             [("新建建筑垃圾中转站8个", 8, "个"), ("建筑垃圾分类池20个", 20, "个")])
    assert [(a.value, a.target.value) for a in r.achievements] == [(7, 8), (17, 20)]
    r = _one(["在46个小区，建成38个厢房。"], [("新增达标小区210个", 210, "个")])
    assert next(a for a in r.achievements if a.value == 38).target is None


def test_one_period_or_event_of_a_duty_is_not_the_duty():
    assert _one(["圆满完成春节、两会期间安全保障任务。"], aim="加强安全生产监管").verdict == "in_progress"
    assert _one(["超额完成一季度招商引资任务。"]).verdict == "in_progress"
    assert _one(["各街道均已完成自查。"], aim="开展安全隐患排查整治").verdict == "in_progress"


def test_a_grade_in_the_words_picks_the_target_of_that_grade():
    """Shape of 咸宁's 上半年 notice: projects graded by investment size, each grade its own target."""
    targets = [("投资10亿元以上项目10个", 10, "个"), ("亿元以上项目100个", 100, "个")]
    r = _one(["引进亿元及以上项目107个，10亿元以上项目25个。"], targets)
    assert [(a.value, a.target.value) for a in r.achievements] == [(107, 100), (25, 10)]


def test_a_progress_cell_of_only_a_share_of_the_work():
    """苍南's 当前进度 column holds only a percentage and a note: 100 % or more is done unless the note
    says something is left."""
    assert _one(["100%"]).verdict == "done" and _one(["已完成100%"]).verdict == "done"
    assert _one(["98.4%"]).verdict == "in_progress"
    assert _one(["100%(剩余2家待验收)"]).verdict == "in_progress"
    assert _one(["主体工程完成100%，装修完成60%"]).verdict == "in_progress"


def test_a_comma_list_with_no_verb_of_its_own_continues_the_scope():
    r = _one(["梳理区级民生项目清单55项，街道级清单322项，其他单位清单547项，发放服务卡4000余张。"])
    assert [a.value for a in r.achievements] == [4000]
    assert _one(["将27项区级工作任务进行细化、明确责任单位。"]).achievements == []


def test_a_share_of_a_count_just_given_is_not_the_rate_the_target_measures():
    """开化: `空气质量为优天数60天(占66.7%)` is a share of the quarter's days, not the 优良率 of the target."""
    r = _one(["一季度，空气质量为优天数60天(占66.7%)，AQI优良率为100%。"], [("空气优良率保持在98%以上", 98, "%")])
    assert [(a.value, a.target.value if a.target else None) for a in r.achievements if a.unit == "%"] == \
        [(66.7, None), (100, 98)]


def test_a_status_cell_that_says_finished():
    assert _one(["已完成"]).verdict == "done" and _one(["已完工"]).verdict == "done"
    assert _one(["①已完成。②正在推进。"]).verdict == "in_progress"
    assert _one(["已完成", "正在推进"]).verdict == "in_progress"


# Shapes of 绍兴's 一季度 progress table (tests/work/real), reworded.

def test_changes_answer_a_growth_aim_in_their_own_direction():
    targets = [("结构性指标均实现10%以上增长", 10, "%"), ("项目落地率50%以上", 50, "%")]
    r = _one(["1-2月，水利设施投资增长12.5%，民间项目投资同比下降26.8%。"], targets,
             aim="确保有效投资增长高于经济增长、结构性指标均实现10%以上增长")
    assert [(a.value, a.target.value if a.target else None) for a in r.achievements] == [(12.5, 10), (26.8, None)]


def test_comparisons_ranks_and_criteria_are_not_amounts():
    r = _one(["固定资产投资高于全省平均水平1.7个百分点，居全省第6位，比去年同期提升5位，为全省唯一实现10%以上增长的地市。"])
    assert r.achievements == []
    assert [a.value for a in _one(["4个结构性指标中，2个实现增长。"]).achievements] == [2]


def test_a_rate_of_the_first_months_does_not_settle_the_year():
    r = _one(["1-2月，新兴产业增加值占比为46.3%。"], [("新兴产业增加值占比提升至44%", 44, "%")])
    assert r.achievements[0].target.value == 44 and r.verdict == "in_progress"
    r = _one(["截至9月底，已建成5G基站500个。"], [("新建5G基站400个", 400, "个")])
    assert r.verdict == "done"  # a count reached early stays reached


def test_a_wider_areas_figure_is_context_only_in_a_lower_units_report():
    r = _one(["全市任务5万套，我区年度任务1200套，截至9月底已开工建设900套。"])
    assert [a.value for a in r.achievements] == [900]
    r = _one(["1-2月，全市固定资产投资同比下降12.7%。"], aim="确保固定资产投资增长10%以上")
    assert [a.value for a in r.achievements] == [12.7]  # a city's own report


def test_two_amounts_of_one_sentence_spread_over_two_targets():
    targets = [("新增市场租房补贴户5000户", 5000, "户"), ("补贴发放户不低于2万户", 20000, "户")]
    r = _one(["新增市场租房补贴户979户，市场租房补贴实发3650户。"], targets)
    assert [(a.value, a.target.value) for a in r.achievements] == [(979, 5000), (3650, 20000)]
    r = _one(["新增市场租房补贴户5200户，市场租房补贴实发21000户。"], targets)
    assert r.verdict == "in_progress"  # a link found by elimination alone does not make the task done


def test_on_schedule_is_not_finished():
    goals = [("完成年度招商任务", "已达到序时进度要求。"), ("优化营商环境", "已实现企业开办1个工作日办结。")]
    assert _one([], goals=goals).verdict == "in_progress"
    goals = [("完成年度招商任务", "截至12月底，已完成全年招商任务。"), ("优化营商环境", "已实现企业开办1个工作日办结。")]
    assert _one([], goals=goals).verdict == "done"


def test_the_size_of_a_project_under_way_is_its_scope():
    r = _one(["石寺二中学生宿舍项目，建设面积1900平方米，正在进行三层施工。"], [("校舍改造总建筑面积9720平方米", 9720, "平方米")])
    assert r.achievements == []
    r = _one(["已竣工建筑面积5000平方米。"], [("校舍改造总建筑面积9720平方米", 9720, "平方米")])
    assert [a.value for a in r.achievements] == [5000]
