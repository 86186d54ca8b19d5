"""Quantity extraction: the contract's rules, the seed floor, and text from elsewhere."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from duban.parse.quantity import extract_quantities

sys.path.insert(0, str(Path(__file__).parent))
from quantity_scoring import score_targets  # noqa: E402  (a helper beside this file)


def triples(text: str) -> list[tuple]:
    return [(q.value, q.unit, q.qualifier) for q in extract_quantities(text)]


def test_seed_targets_meet_the_issue_floor():
    f1 = score_targets()
    assert f1.value >= 0.97, "\n".join(f1.misses)


@pytest.mark.parametrize("text, expected", [
    # folding and conversion (contract examples)
    ("拆除违建5万平方米", [(50000, "平方米", None)]),
    ("实际利用外资不少于5.9亿美元", [(590000000, "美元", "不少于")]),
    ("惠及两万户居民", [(20000, "户", None)]),
    ("安排资金一点二亿元", [(120000000, "元", None)]),
    ("地区生产总值增长5%左右", [(5, "%", "左右")]),
    ("增速保持在5%—5.5%", [(5, "%", None)]),
    ("各镇创建1-2个示范村", [(1, "个", None)]),
    ("建设三至五个社区食堂", [(3, "个", None)]),
    ("降尘量控制在5.1吨/平方公里·月以内", [(5.1, "吨/平方公里·月", "以内")]),
    ("筹集保障性租赁住房 3 万套(间)", [(30000, "套", None)]),
    ("开展技能培训1.5万人次", [(15000, "人次", None)]),
    ("城镇调查失业率下降0.3个百分点", [(0.3, "个百分点", None)]),
    ("百分之九十的村实现通客车", [(90, "%", None)]),
    ("新增就业１２００人", [(1200, "人", None)]),  # full-width digits
    # qualifiers and their synonyms
    ("至少建设1个特色商圈", [(1, "个", "不少于")]),
    ("达标率大于或等于95%", [(95, "%", "不低于")]),
    ("合格率≥98%", [(98, "%", "不低于")]),
    ("开展督查2次及以上", [(2, "次", "以上")]),
    ("力争新引进企业200家", [(200, "家", "力争")]),
    ("粮食播种面积稳定在80万亩以上", [(800000, "亩", "以上")]),
    ("PM2.5年均浓度控制在35微克/立方米以内", [(35, "微克/立方米", "以内")]),
    # the source lost the measure word: keep the number, never guess the unit
    ("完成1200居民搬迁", [(1200, None, None)]),
    ("转型提升住宿业企业30", [(30, None, None)]),
    ("新建30项目", [(30, None, None)]),
    ("检查企业3.2万家次，抽检食品5000批次", [(32000, "家次", None), (5000, "批次", None)]),
    ("安排资金1000余万元", [(10000000, "元", None)]),
    ("一般公共预算支出1,234.5亿元", [(123450000000, "元", None)]),
    ("带动消费超过30亿元", [(3000000000, "元", "以上")]),
    ("投资5000万元以上项目30个", [(30, "个", None)]),  # 5000万元以上 is a size class
    ("建成110千伏变电站2座", [(2, "座", None)]),  # 110千伏 is a voltage class
    ("开行中欧班列200列", [(200, "列", None)]),
    ("办理时限压缩至3个工作日", [(3, "个工作日", None)]),
    # several in one sentence, in text order
    ("新开工项目 40 个，完工 20 个，新建学校3所", [(40, "个", None), (20, "个", None), (3, "所", None)]),
])
def test_quantities_are_read(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text", [
    # years, dates, periods
    "2023年底前完成", "实施《规划（2021-2025年）》", "10月28日召开", "1-6月份进展顺利", "前三季度完成",
    "2024 中国文化金融峰会", "到二〇三五年基本实现",
    # ordinals, phases, rankings
    "第8项任务", "举办第二届论坛", "推进三期工程", "完善二环绿道", "首批试点", "位居全市第三",
    "保持城六区前列", "开展第五次全国经济普查",
    # titles and plan names
    "落实《三年行动计划（2023-2025年）》", "实施三年行动计划", "开局十四五", "学习二十大精神",
    "八五普法", "建党100周年",
    # slogans and fixed phrases
    "坚定捍卫“两个确立”", "增强四个意识、坚定四个自信、做到两个维护", "提高“四个服务”水平",
    "做实“六字文章”", "打造一刻钟便民生活圈", "实行一店一策", "持续抓好五大商圈建设",
    "纠治四风", "压缩三公经费", "落实中央八项规定精神", "打通最后一公里", "推进一网通办",
    "一窗办理、一日办结", "打好三大攻坚战", "做好“三农”工作", "服务一带一路建设",
    "统筹推进五位一体总体布局", "构建一核两翼格局", "打造“3+1”产业体系", "重点抓好八个方面工作",
    "落实三重一大制度", "推动两纵两横景观", "一批重点项目", "一体化发展", "争创一流", "深入一线",
    "打造一支过硬队伍", "落实“双随机”监管", "提升七种能力", "完成三分之一", "十分重要",
    # names, codes, addresses, hotlines
    "建设5G基站", "推动1+4政策落地", "新世界K11开业", "C2C4B14地块", "修缮53号院", "东堂子胡同46修缮",
    "畅通12345热线", "提升120急救能力", "发展24小时便利店", "PM2.5浓度下降", "4.0版政策",
    "东四三至八条", "每3万人", "市区两级",
    "世界500强企业", "数十个项目", "开展3·15活动", "304省道改造", "建设地铁3号线、12号线",
    "实施G6京藏高速改造", "落实“七有”“五性”要求", "构建“1+3+N”服务体系", "两年内实现全覆盖",
    "推进二级以上医院检查结果互认", "完善“一委一办一平台”机制", "落实“两个毫不动摇”",
    "抓好“三个一批”", "吸引90后青年人才", "提供7×24服务", "打造15分钟便民生活圈", "建设24小时城市书房", "统筹“五子”联动",
])
def test_non_quantities_are_ignored(text):
    assert extract_quantities(text) == []


def test_targets_listed_with_a_pause_mark_each_keep_their_own_part_of_the_clause():
    text = "新增专项债务限额1200亿元、比上年增加150亿元；一般公共服务支出控制在85亿元以内、较上年压减3%。"
    assert [q.text for q in extract_quantities(text)] == [
        "新增专项债务限额1200亿元", "比上年增加150亿元", "一般公共服务支出控制在85亿元以内", "较上年压减3%"]


@pytest.mark.parametrize(("text", "clause"), [
    ("城乡居民人均可支配收入分别增长6%、6.5%以上。", "城乡居民人均可支配收入分别增长6%、6.5%以上"),  # one name, two amounts
    ("新建、改扩建中小学校12所。", "新建、改扩建中小学校12所"),  # the list before the amount has no figure
])
def test_amounts_of_one_name_share_their_clause(text, clause):
    assert {q.text for q in extract_quantities(text)} == {clause}


def test_text_is_the_verbatim_clause_and_offsets_point_into_the_input():
    text = "深入推进疏解整治促提升，拆除违建5万平方米，保持新增违建动态清零。"
    [q] = extract_quantities(text)
    assert q.text == "拆除违建5万平方米"
    assert text[q.start] == "5"
    assert q.metric and "违建" in q.metric


def test_to_dict_follows_the_contract():
    [q] = extract_quantities("城镇登记失业率控制在 4%以内")
    assert q.to_dict() == {"text": "城镇登记失业率控制在 4%以内", "metric": q.metric, "value": 4, "unit": "%",
                           "qualifier": "以内"}


def test_decimal_values_keep_their_precision():
    [q] = extract_quantities("生态环境状况指数大于等于44.0")
    assert q.value == 44.0 and q.unit is None and q.qualifier == "不低于"
    [q] = extract_quantities("新增1.35亿元")
    assert q.value == 135000000 and isinstance(q.value, int)
