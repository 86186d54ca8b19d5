"""Documents the parser was not written against: other places, years and layouts.

Each file under ``unseen/`` (or built from ``unseen/office_docs.py`` into a real
.docx/.xlsx) was invented for these tests in a layout published by Chinese local
governments: web pages with sub-heading rows and a ref column, Word tables with
lead-official and co-unit columns, Excel sheets without 序号, PDF text with a
different column set, numbered lists in other numbering styles. The expected values
were read off each document by hand.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from duban.parse import parse_file

UNSEEN = Path(__file__).parent / "unseen"
sys.path.insert(0, str(UNSEEN))
import office_docs  # noqa: E402  (data beside this file)


def targets(task) -> list[tuple]:
    return [(q.value, q.unit, q.qualifier) for q in task.targets]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    from factories.documents import write

    folder = tmp_path_factory.mktemp("unseen")
    return lambda name, items: parse_file(write(folder / name, items))


def test_city_web_page_with_ref_column_sub_headings_and_lead_co_units():
    doc = parse_file(UNSEEN / "html_city_progress.html")
    assert doc.kind == "progress_report"
    assert doc.title == "2023年市政府工作报告重点任务1-9月落实情况"
    assert doc.year == 2023
    assert doc.period.label == "1-9月" and doc.period.end == "2023-09-30"
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4]  # 一、经济发展 / 二、城市建设 are not tasks
    assert [t.ref for t in doc.tasks] == ["省政府工作报告第12项", "省政府工作报告第15项", None, "省政府工作报告第21项"]
    assert [t.ref_no for t in doc.tasks] == [12, 15, None, 21]
    first, second, third, fourth = doc.tasks
    assert first.content == "实施重大项目攻坚行动，全年实施市级重点项目300个以上，完成投资1200亿元。"
    assert first.units == ["市发展改革委", "市财政局", "各区县人民政府"]
    assert second.units == ["市工业和信息化局", "各区县人民政府", "滨海经济技术开发区管委会"]
    assert fourth.units == ["市公安局公安交通管理局", "市交通运输局"]
    assert first.progress == ["1-9月，全市300个市级重点项目完成投资986亿元，占年度计划的82.2%。", "新开工项目78个。"]
    assert third.progress == ["已开工改造老旧小区112个，完工68个；", "新建城市道路11.3公里。"]
    assert targets(first) == [(300, "个", "以上"), (120000000000, "元", None)]
    assert targets(third) == [(120, "个", None), (18000, "户", None), (15, "公里", None)]
    assert [t.deadline for t in doc.tasks] == ["2023-12-31", "2023-12-31", "2023-11-30", "2023-10-31"]


def test_county_word_plan_with_sub_heading_rows_in_number_or_task_cell(office):
    doc = office("county_plan.docx", office_docs.COUNTY_PLAN_DOCX)
    assert doc.kind == "task_plan"
    assert doc.title == "清河县2024年政府工作报告重点工作任务分解表"
    assert doc.year == 2024 and doc.period is None
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4, 5, 6]
    assert doc.tasks[1].content == "新培育省级“专精特新”中小企业8家以上。"  # not followed by （二）扎实推进乡村振兴
    assert doc.tasks[0].units == ["县工业和信息化局", "县发展改革局", "各乡镇人民政府"]  # lead, then co-units
    assert doc.tasks[3].units == ["县农业农村局", "县自然资源局", "县财政局"]
    assert doc.tasks[4].units == ["县人力资源社会保障局", "各乡镇人民政府", "县就业服务中心"]
    assert all("某某" not in u for t in doc.tasks for u in t.units)  # the lead official is not a unit
    assert targets(doc.tasks[2]) == [(520000, "亩", "以上"), (410000000, "斤", None)]
    assert targets(doc.tasks[4]) == [(3200, "人", None), (4, "%", "以内")]
    assert [t.deadline for t in doc.tasks] == ["2024-12-31", "2024-11-30", "2024-10-31", "2024-12-31", None, "2024-12-31"]


def test_monthly_excel_sheet_without_numbers_and_a_noted_units_header(office):
    doc = office("monthly.xlsx", office_docs.MONTHLY_XLSX)
    assert doc.kind == "progress_report"
    assert doc.title == "2024年4月份重点工作推进情况"
    assert doc.period is not None and (doc.period.label, doc.period.start, doc.period.end) == ("4月", "2024-04-01", "2024-04-30")
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4]  # one task per row, numbered in order
    assert [t.units for t in doc.tasks] == [["区市场监管局", "区投资促进局"], ["区商务局"],
                                            ["区卫生健康委", "各街道办事处"], ["区人力资源和社会保障局"]]
    assert doc.tasks[2].progress == ["新增托位120个；", "已完成5个卫生服务站改造。"]
    assert doc.tasks[3].progress == ["累计培训1860人次。"]  # 下步工作计划 and 备注 are not progress
    assert targets(doc.tasks[0]) == [(8000, "户", None), (20, "个", None)]


def test_pdf_text_plan_with_lead_co_and_deadline_columns():
    doc = parse_file(UNSEEN / "pdf_plan.txt")
    assert doc.kind == "task_plan"
    assert doc.title == "2023年东湖区政府工作报告重点任务分工方案"
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4, 5]
    assert [(t.ref, t.ref_no) for t in doc.tasks] == [("市任务第3条", 3), (None, None), (None, None),
                                                     ("市任务第7条", 7), (None, None)]
    assert doc.tasks[0].content == "深化“放管服”改革，政务服务事项网上可办率达到 98%以上，企业开办时间压缩至 1 个工作日以内。"
    assert doc.tasks[0].units == ["区政务服务数据管理局", "区市场监管局", "区司法局"]
    assert doc.tasks[2].units == ["区住房城乡建设局", "各街道办事处", "区国有资产监督管理办公室"]
    assert [t.deadline for t in doc.tasks] == ["2023-06-30", "2023-09-30", "2023-12-31", None, "2023-10-31"]
    assert targets(doc.tasks[0]) == [(98, "%", "以上"), (1, "个工作日", "以内")]
    assert targets(doc.tasks[4]) == [(8, "家", None), (30, "个", None)]  # 15 分钟便民生活圈 is a slogan


def test_numbered_list_with_full_width_dots_and_inline_lead_and_co_units():
    doc = parse_file(UNSEEN / "list_city_inline.txt")
    assert doc.kind == "task_plan"
    assert doc.title == "南阳湖市2024年政府工作报告重点任务分工方案"
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4, 5, 6]
    assert doc.tasks[0].units == ["市发展改革委", "市统计局", "各县市区人民政府", "各开发区管委会"]
    assert (doc.tasks[2].ref, doc.tasks[2].ref_no) == ("省政府工作报告第12项", 12)
    assert doc.tasks[2].content == "实施“智改数转”项目200项，新建5G基站1500个。"
    assert doc.tasks[4].units == ["市人力资源社会保障局", "市财政局", "人行南阳湖市分行"]
    # the closing note is not part of the last task
    assert doc.tasks[5].content == "新改建农村公路300公里，实施城市道路“白改黑”工程45条。"
    assert targets(doc.tasks[5]) == [(300, "公里", None), (45, "条", None)]
    assert targets(doc.tasks[4]) == [(65000, "人", None), (1000000000, "元", None)]


def test_list_numbered_in_brackets_with_ascii_colon_label_lines():
    doc = parse_file(UNSEEN / "list_county_lines.txt")
    assert doc.kind == "task_plan"
    assert doc.title == "平山县2023年重点工作任务清单"
    assert doc.deadline is None  # each task has its own 完成时限; no document-wide one
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4, 5]
    assert [t.deadline for t in doc.tasks] == ["2023-12-31", "2023-10-31", "2023-11-30", "2023-09-30", "2023-08-31"]
    assert doc.tasks[1].units == ["县工业园区管委会", "县自然资源局"]
    assert doc.tasks[4].units == ["县教育和体育局", "县民政局"]
    assert doc.tasks[4].content == "新建城区第三小学，新增学位1620个；建成乡镇敬老院2所。"
    assert targets(doc.tasks[0]) == [(85, "个", None), (12000000000, "元", "以上")]
    assert targets(doc.tasks[4]) == [(1620, "个", None), (2, "所", None)]


def test_performance_table_with_scores_and_goals_numbered_on_one_line():
    doc = parse_file(UNSEEN / "perf_scores.txt")
    assert doc.kind == "performance_report"
    assert doc.title == "西城县2023年度县直单位绩效考核指标完成情况表"
    assert doc.period is not None and doc.period.label == "全年" and doc.period.end == "2023-12-31"
    assert [t.name for t in doc.tasks] == ["招商引资", "农村人居环境整治", "安全生产"]  # 考核指标 is the name
    first, second, third = doc.tasks
    assert [g.text for g in first.goals] == ["引进亿元以上项目12个；", "实际到位资金45亿元。"]
    assert [g.progress for g in first.goals] == ["引进亿元以上项目14个，完成率116.7%。", "实际到位资金47.3亿元。"]
    assert [g.text for g in second.goals] == ["完成农村户厕改造2000座。", "农村生活垃圾无害化处理率达到95%以上。"]
    assert len(third.goals) == 1 and third.goals[0].progress.startswith("未发生较大以上")
    assert targets(first) == [(12, "个", None), (4500000000, "元", None)]
    assert targets(second) == [(2000, "座", None), (95, "%", "以上")]
    assert targets(third) == [(10, "%", None)]
    assert all(t.progress == [] for t in doc.tasks)  # scores (10, 7.5) are neither goals nor progress


def test_tab_table_with_ref_column_section_lines_and_no_numbers():
    doc = parse_file(UNSEEN / "tab_ref_column.txt")
    assert doc.kind == "task_plan"
    assert doc.title == "2022年度海陵区落实市政府工作报告任务清单"
    assert doc.period is None
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4]
    assert [(t.ref, t.ref_no) for t in doc.tasks] == [("市任务第3条", 3), ("市任务第5条", 5), ("市任务第18条", 18), (None, None)]
    assert doc.tasks[0].content == "完成规上工业总产值增长10%，新增规上工业企业30家。"
    assert doc.tasks[2].units == ["区民政局", "各街道办事处"]
    assert doc.tasks[3].content == "改造提升菜市场5个。"  # an empty ref cell does not continue the task above
    assert doc.tasks[3].units == ["区商务局", "区市场监管局"]
    assert targets(doc.tasks[2]) == [(6, "个", None), (400, "张", "不少于")]
    assert [t.deadline for t in doc.tasks] == ["2022-12-31", "2022-09-30", "2022-11-30", "2022-10-31"]


def test_web_page_flattened_one_cell_per_line_with_remarks_and_section_lines():
    doc = parse_file(UNSEEN / "web_dump_progress.txt")
    assert doc.kind == "progress_report"
    assert doc.title == "江北区2024年上半年重点任务推进情况"
    assert doc.period is not None and (doc.period.label, doc.period.end) == ("上半年", "2024-06-30")
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4]
    first, second, third, fourth = doc.tasks
    assert first.progress == ["已推出“开办餐饮店”等集成服务事项18项。", "上半年办件量同比增长21%。"]  # not 序时推进
    assert second.units == ["区经济和信息化局", "区科技局", "区财政局"]
    assert second.progress == ["上半年新培育市级专精特新企业11家。"]  # not 二、提升城市品质
    assert third.units == ["区住房和城乡建设委员会", "区城市管理局", "各街道办事处"]
    assert third.progress == ["3个片区均已开工；", "新增绿道9.6公里。"]
    assert fourth.units == ["区交通运输委员会", "江北区公安分局交巡警支队"]
    assert fourth.progress == ["已新增公共停车位1350个。"]
    assert targets(third) == [(3, "个", None), (20, "公里", None)]


def test_gb2312_web_page_with_a_two_row_header():
    doc = parse_file(UNSEEN / "html_two_row_header.html")
    assert doc.kind == "progress_report"
    assert doc.title == "红河州2021年州政府工作报告重点任务第三季度推进情况"
    assert doc.period is not None and (doc.period.start, doc.period.end) == ("2021-07-01", "2021-09-30")
    assert [t.seq for t in doc.tasks] == [1, 2, 3]  # the second header row (牵头单位/配合单位) is not a task
    assert [t.units for t in doc.tasks] == [["州人力资源社会保障局", "各县市人民政府"],
                                            ["州农业农村局", "州财政局", "州自然资源局"],
                                            ["州卫生健康委", "州发展改革委"]]
    assert doc.tasks[1].progress == ["已建设高标准农田16.3万亩；", "秋粮长势良好。"]  # （一）（二）
    assert targets(doc.tasks[0]) == [(25000, "人", None), (5.5, "%", "以内")]
    assert targets(doc.tasks[1]) == [(200000, "亩", None), (1900000, "吨", "以上")]


def test_excel_sheet_with_a_form_line_spaced_header_words_and_real_dates(tmp_path):
    doc = parse_file(office_docs.write_sheet(tmp_path / "half.xlsx", office_docs.HALF_YEAR_XLSX))
    assert doc.kind == "progress_report"
    assert doc.title == "2024年市政府重点工作任务进展情况表（截至6月30日）"
    assert doc.period is not None and (doc.period.label, doc.period.end) == ("1-6月", "2024-06-30")
    assert doc.deadline is None  # 填报时间 is when the form was filled, not a deadline
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert [t.deadline for t in doc.tasks] == ["2024-12-31", "2024-11-30", "2024-06-30"]
    assert doc.tasks[0].units == ["市住房城乡建设局", "各区人民政府"]
    assert doc.tasks[0].progress == ["已开工保障性租赁住房3120套，开工率62.4%；", "筹集人才公寓560套。"]
    assert doc.tasks[2].progress == ["已获批省级绿色建筑示范项目3个。"]  # 已完成 is the status column
    assert targets(doc.tasks[1]) == [(150, "个", None), (300, "部", None)]


def test_prefecture_work_report_as_a_web_page():
    doc = parse_file(UNSEEN / "work_report_prefecture_2024.html")
    assert doc.kind == "work_report"
    assert doc.title == "2024年青川州人民政府工作报告"
    assert doc.year == 2024
    assert [(i.name, i.change, i.value, i.unit, i.qualifier) for i in doc.indicators] == [
        ("地区生产总值", "增长", 6, "%", "以上"),
        ("一般公共预算收入", "增长", 5, "%", None),
        ("城镇调查失业率", "控制在", 5.5, "%", "以内"),
        ("居民消费价格涨幅", None, 3, "%", "左右"),
        # 城乡…分别增长5%和7%: one target per amount (as the dev gold reads 01 Licheng)
        ("城镇居民人均可支配收入", "增长", 5, "%", None),
        ("农村居民人均可支配收入", "增长", 7, "%", None),
        ("单位地区生产总值能耗", "完成", None, None, None),
    ]
    # the review (1020亿元, 25万亩, 260个…), slogans (三个着力, 一极两区三地), the size class
    # 5000万元以上, the hotline 12345 and 第二届 give nothing
    assert [(q.value, q.unit, q.qualifier) for q in doc.commitments] == [
        (6, "%", "以上"), (5, "%", None), (5.5, "%", "以内"), (3, "%", "左右"), (5, "%", None), (7, "%", None),
        (280, "个", "以上"), (62000000000, "元", "力争"), (100, "个", None), (300, "个", "不少于"),
        (10, "场次", None), (5, "个", None), (8000000000, "元", None), (15, "家", "左右"),
        (25000, "人", None), (12, "所", None), (3600, "个", None), (10, "件", None), (760, "元", None), (560, "元", None),
        (10, "%", "以上"),
    ]


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_town_quarter_report_with_a_goal_column_beside_the_task(office, suffix):
    doc = office("town" + suffix, office_docs.TOWN_QUARTER_DOCX)
    # a 工作目标 column beside 重点任务 does not make a performance table
    assert doc.kind == "progress_report"
    assert doc.period is not None and (doc.period.label, doc.period.end) == ("一季度", "2024-03-31")
    assert [t.content for t in doc.tasks] == ["推进农村人居环境整治", "加强社会治安综合治理", "实施城镇燃气管网改造"]
    assert all(t.goals == [] for t in doc.tasks)
    assert [t.units for t in doc.tasks] == [["镇农业综合服务中心", "各村民委员会"],
                                            ["县公安局柳河派出所", "镇综治中心"],
                                            ["镇人民政府", "县住房和城乡建设局"]]
    assert doc.tasks[1].progress == ["一季度刑事案件同比下降7.2%。"]  # the header 2024年一季度进展情况 is progress
    assert [targets(t) for t in doc.tasks] == [[(500, "座", None), (200, "户", None)], [(5, "%", "以上")],
                                               [(8, "公里", None)]]


@pytest.mark.parametrize("cell, names", [
    ("各县（市、区）人民政府", ["各县（市、区）人民政府"]),  # a separator inside brackets splits nothing
    ("市农业农村局（市乡村振兴局）、市水利局", ["市农业农村局（市乡村振兴局）", "市水利局"]),
    ("市教育局牵头，市财政局配合", ["市教育局", "市财政局"]),  # role words after the names
    ("各街道、各社区等", ["各街道", "各社区"]),
    ("区公安分局东华门派出所", ["区公安分局东华门派出所"]),
    ("市公安局公安交通管理局", ["市公安局公安交通管理局"]),
    ("团市委、市妇联、市残联", ["团市委", "市妇联", "市残联"]),
    ("高新区管委会，经开区管委会", ["高新区管委会", "经开区管委会"]),
    ("各区政府、各有关单位", ["各区政府", "各有关单位"]),
])
def test_unit_cells_of_other_places(cell, names):
    from duban.parse.units import split_units

    assert split_units(cell) == names


def test_tab_ledger_with_group_rows_and_sub_numbered_tasks():
    doc = parse_file(UNSEEN / "tab_sub_numbered.txt")
    assert doc.kind == "progress_report"
    # 1 优化营商环境 / 2 推进城市更新 only name the groups of 1.1, 1.2, 2.1
    assert [t.content for t in doc.tasks] == ["企业开办全流程压缩至1个工作日内。", "新增市场主体5000户。", "完成老旧小区改造30个。"]
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert [t.units for t in doc.tasks] == [["区市场监管局"], ["区市场监管局"], ["区住建委"]]
    assert [t.progress for t in doc.tasks] == [["已实现。"], ["新增2100户。"], ["已开工18个。"]]
    assert targets(doc.tasks[1]) == [(5000, "户", None)]


def test_list_numbered_with_chinese_numerals():
    doc = parse_file(UNSEEN / "list_cn_numbered.txt")
    assert doc.kind == "task_plan"
    assert doc.title == "某区2024年为民办实事项目" and doc.year == 2024
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert [t.units for t in doc.tasks] == [["区卫生健康委"], ["区城管委", "各街道办事处"], ["区园林绿化局"]]
    assert [targets(t) for t in doc.tasks] == [[(500, "个", None)], [(50, "条", None)], [(8, "处", None)]]


def test_pdf_text_with_header_words_wrapped_onto_a_second_line():
    doc = parse_file(UNSEEN / "pdf_wrapped_header.txt")
    assert doc.kind == "task_plan"
    assert doc.title == "云泽市2025年政府工作报告重点任务分工方案" and doc.year == 2025
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4, 5]  # the two header lines repeated on page 2 are no task
    first = doc.tasks[0]
    assert first.content == "统筹推进城市地下管网改造，全年更新改造燃气、供水、排水管网 260 公里以上。"
    assert first.units == ["市住房城乡建设局", "市水务局", "市城市管理局"]  # 牵头/单位 and 配合/单位 columns
    assert doc.tasks[1].units == ["市人力资源社会保障局", "各区县人民政府"]
    assert doc.tasks[4].units == ["市林业局", "市自然资源和规划局"]
    assert [t.deadline for t in doc.tasks] == ["2025-11-30", "2025-12-31", "2025-09-30", "2025-08-31", "2025-12-31"]
    assert targets(doc.tasks[3]) == [(9, "所", None), (2700, "个", None)]


def test_web_page_flattened_one_word_per_line_with_wrapped_header_words():
    doc = parse_file(UNSEEN / "web_dump_wrapped_header.txt")
    assert doc.kind == "progress_report"  # 工作 / 进展 is one progress column
    assert doc.title == "云泽市2025年一季度重点任务推进情况"
    assert doc.period is not None and (doc.period.label, doc.period.end) == ("一季度", "2025-03-31")
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert [t.units for t in doc.tasks] == [["市住房城乡建设局", "各区人民政府"], ["市发展改革委", "国网云泽供电公司"],
                                            ["市交通运输局", "市公交集团"]]
    assert [t.deadline for t in doc.tasks] == ["2025-11-30", "2025-12-31", "2025-10-31"]
    assert doc.tasks[1].progress == ["已建成公共充电桩640个。", "换电站完成选址9座。"]
    assert targets(doc.tasks[0]) == [(140, "个", None), (120, "部", None)]


@pytest.mark.parametrize("name, items", [
    ("wrapped.docx", office_docs.WRAPPED_HEADER_DOCX),
    ("wrapped.xlsx", office_docs.WRAPPED_HEADER_DOCX),
    ("wrapped.pdf", office_docs.WRAPPED_HEADER_DOCX),
    ("in_cell.xlsx", office_docs.WRAPPED_CELLS_XLSX),
])
def test_office_table_with_header_words_wrapped_onto_a_second_row(office, name, items):
    doc = office(name, items)
    assert doc.kind == "task_plan"
    assert doc.title == "云泽市临江区2025年重点工作任务分解表"
    assert [t.seq for t in doc.tasks] == [1, 2, 3]  # the row 单位 / 单位 / 时限 is part of the header
    assert [t.units for t in doc.tasks] == [["区住房城乡建设局", "区文化旅游局", "滨江街道办事处"],
                                            ["区城市管理局", "区大数据中心"], ["区卫生健康局", "区教育局", "区妇联"]]
    assert [t.deadline for t in doc.tasks] == ["2025-12-31", "2025-09-30", "2025-10-31"]
    assert doc.tasks[1].content == "建成区级城市运行管理服务平台。"


def test_tab_table_numbering_its_tasks_in_chinese_numerals():
    doc = parse_file(UNSEEN / "tab_cn_numbered.txt")
    assert doc.kind == "task_plan"
    assert doc.title == "云泽市2025年政府工作报告重点任务清单"
    assert [t.seq for t in doc.tasks] == list(range(1, 12))  # 一 … 十一; 一、稳住经济增长基本盘 is a heading
    assert doc.tasks[0].content == "全年实施市级重大项目210个，完成年度投资860亿元。"
    assert doc.tasks[3].units == ["市商务局"]  # a task without co-units is still a task
    assert doc.tasks[10].content == "完成农村户厕改造5000座。"
    assert doc.tasks[10].units == ["市农业农村局", "市卫生健康委"]
    assert doc.tasks[10].deadline == "2025-09-30"
    assert [t.deadline for t in doc.tasks[4:8]] == ["2025-10-31", "2025-12-31", "2025-11-30", "2025-12-31"]
    assert targets(doc.tasks[8]) == [(8, "所", None), (9600, "个", None)]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pdf"])
def test_office_progress_table_numbering_tasks_with_chinese_numerals(office, suffix):
    doc = office("cn_numbered" + suffix, office_docs.CN_NUMBERED_DOCX)
    assert doc.kind == "progress_report"
    assert doc.period is not None and (doc.period.label, doc.period.end) == ("上半年", "2025-06-30")
    assert [t.seq for t in doc.tasks] == [1, 2, 3, 4]  # 一、交通基础设施建设 / 二、公共交通服务提升 are headings
    assert [t.content for t in doc.tasks][:2] == ["建成城市快速路东环段12公里。", "改造农村公路危桥18座。"]
    assert [t.units for t in doc.tasks] == [["市交通建设投资集团"], ["市公路事业发展中心", "各区县交通运输局"],
                                            ["市公交集团"], ["市交通综合执法支队"]]
    assert [t.deadline for t in doc.tasks] == ["2025-12-31", "2025-10-31", "2025-12-31", None]
    assert doc.tasks[2].progress == ["已开通线路3条；", "已更新车辆62辆。"]
    assert doc.tasks[3].progress == ["上半年查处违规经营案件214起。"]
