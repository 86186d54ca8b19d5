"""Task tables in layouts the seeds do not show: other headers, other districts, other shapes.

Each document under ``layouts/`` was written for these tests in a layout seen in
published tables elsewhere; the expected values are read off the document by hand.
"""
from __future__ import annotations

from pathlib import Path

from duban.parse import parse_file, parse_text

LAYOUTS = Path(__file__).parent / "layouts"


def test_tab_plan_with_source_lead_co_and_deadline_columns():
    doc = parse_file(LAYOUTS / "plan_tab.txt")
    assert doc.kind == "task_plan"
    assert doc.title == "2024年区政府重点工作任务分解表"
    assert doc.year == 2024
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert [t.ref for t in doc.tasks] == ["政府工作报告第3条", "政府工作报告第4条", None]
    assert doc.tasks[0].units == ["区交通局", "区财政局", "各镇人民政府"]  # lead first, then co-units
    assert doc.tasks[1].deadline == "2024-12-31"
    assert doc.tasks[2].deadline == "2024-06-30"
    assert all(t.progress == [] for t in doc.tasks)


def test_pdf_text_with_one_line_header_and_wrapped_cells():
    doc = parse_file(LAYOUTS / "progress_pdf.txt")
    assert doc.kind == "progress_report"
    assert doc.year == 2022
    assert doc.period is not None and doc.period.end == "2022-03-31"
    first, second, third = doc.tasks
    assert first.ref == "市重点任务第12项" and first.ref_no == 12
    assert first.content.startswith("加快老旧小区综合整治") and first.content.endswith("同步推进加装电梯。")
    assert first.units == ["区住房城乡建设委", "街道办事处"]  # a name broken over two lines is joined
    assert first.progress == ["已完成 86 个小区的方案设计；", "加装电梯已开工 40 部。"]  # 一是 / 二是
    assert second.progress == ["一季度，全区新增达标小区 52 个。", "开展桶前值守 1200 人次。"]
    assert third.units == ["交通支队", "区公安分局"]  # the repeated header row is not a task
    assert third.progress == ["一季度查处违法停车行为 3 万起。"]


def test_performance_rows_pair_each_goal_with_its_completion():
    doc = parse_file(LAYOUTS / "perf_rows.txt")
    assert doc.kind == "performance_report"
    assert doc.period is not None and doc.period.label == "全年"
    first = doc.tasks[0]
    assert first.name == "营商环境优化" and first.content == "营商环境优化"
    assert [g.text for g in first.goals] == ["企业开办时间压缩至1个工作日以内", "政务服务满意度不低于95%"]
    assert [g.progress for g in first.goals] == ["已实现企业开办1个工作日办结。", "满意度达到97.3%。"]
    assert first.progress == []
    assert [(q.value, q.unit) for q in doc.tasks[1].targets] == [(35, "微克/立方米")]


def test_numbered_list_with_responsible_unit_lines():
    doc = parse_file(LAYOUTS / "list_plan.txt")
    assert doc.kind == "task_plan"
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert doc.tasks[0].content == "新建幼儿园2所，新增学位900个。"
    assert doc.tasks[0].units == ["县教育局"]
    assert doc.tasks[0].deadline == "2024-09-30"
    assert doc.tasks[1].content == "改造农村薄弱学校15所。"
    assert doc.tasks[1].units == ["县教育局", "县财政局", "各乡镇人民政府"]
    assert doc.tasks[2].units == ["县卫生健康局", "各乡镇卫生院"]
    assert [(q.value, q.unit) for q in doc.tasks[0].targets] == [(2, "所"), (900, "个")]


def test_html_paragraph_tags_in_tab_separated_cells_split_progress():
    text = ("序号\t项目内容\t主责单位\t进展情况\n"
            "1\t<p>市重点任务第 5 项 推进背街小巷整治 200 条。</p>\t区城管委 各街道\t"
            "<p>1.已完成 120 条。</p> <p>2.其余正在施工。</p>\n")
    doc = parse_text(text, source="inline.txt")
    task = doc.tasks[0]
    assert task.ref == "市重点任务第5项"
    assert task.content == "推进背街小巷整治 200 条。"
    assert task.units == ["区城管委", "各街道"]
    assert task.progress == ["已完成 120 条。", "其余正在施工。"]


def test_pipe_table_takes_the_latest_progress_column_and_its_period():
    doc = parse_file(LAYOUTS / "pipes_two_periods.txt")
    assert doc.kind == "progress_report"
    assert doc.period is not None and doc.period.label == "1-11月"  # no year printed: no dates
    first, second = doc.tasks
    assert first.content == "改造提升农贸市场6个。"
    assert first.units == ["区商务局", "各街道办事处"]
    assert first.progress == ["已完成5个，第6个进入收尾。"]  # 1-11月, not 1-10月 and not 是否达序
    assert second.progress == ["已建成410个。"]
    assert [(q.value, q.unit) for q in first.targets] == [(6, "个")]


def test_one_cell_per_line_with_a_goal_worded_task_column_and_a_person_column():
    doc = parse_file(LAYOUTS / "vertical_person_column.txt")
    assert doc.kind == "task_plan"  # 目标任务 with no task-name column is the task itself
    assert doc.year == 2025
    assert [t.seq for t in doc.tasks] == [1, 2]
    first, second = doc.tasks
    assert first.content == "地区生产总值增长6.5%。"  # the section line 一、经济发展指标 is not a task
    assert first.units == ["县发改局", "县统计局", "各乡镇"]  # not the official 刘某
    assert second.units == ["县农业农村局", "县财政局"]
    assert [(q.value, q.unit) for q in second.targets] == [(20000, "亩")]


def test_wrapped_header_line_whose_spacing_was_lost_joins_the_words_that_are_no_header_word_alone():
    text = ("2025年镇重点工作任务表\n"
            "序号 重点任务 牵头 配合 完成\n"
            "单位 单位 时限\n"
            "1\n建成镇区污水管网8公里。\n镇建设办\n镇财政所\n2025年11月底前\n"
            "2\n新增农村公益性岗位40个。\n镇社会事务办\n各村民委员会\n2025年6月底前\n")
    doc = parse_text(text, source="inline.txt")
    assert [t.seq for t in doc.tasks] == [1, 2]
    assert [t.units for t in doc.tasks] == [["镇建设办", "镇财政所"], ["镇社会事务办", "各村民委员会"]]
    assert [t.deadline for t in doc.tasks] == ["2025-11-30", "2025-06-30"]


def test_chinese_numbered_row_with_only_a_text_is_a_section_heading():
    text = ("2025年区重点任务清单\n"
            "序号\t重点任务\t责任单位\t完成时限\n"
            "一\t产业发展\t\t\n"
            "二\t新增规上工业企业15家。\t区经济发展局\t2025年12月底前\n"
            "三\t建成区级人才公寓300套。\t区住房保障中心\t2025年10月底前\n")
    doc = parse_text(text, source="inline.txt")
    assert [t.seq for t in doc.tasks] == [2, 3]
    assert [t.units for t in doc.tasks] == [["区经济发展局"], ["区住房保障中心"]]


def test_title_printed_on_two_lines_is_joined_and_gives_the_year():
    """The issuer and year on the first line, no title word there (``…2024年…重点工作``)."""
    text = "\n".join([
        "附件",
        "",
        "河西县人民政府2024年为民办好的重点工作",
        "",
        "分工落实方案",
        "",
        "为切实办好重点工作，现将任务分工如下。",
        "",
        "1.新建城乡公交候车亭60个。",
        "牵头单位:县交通运输局",
        "责任单位:河西经开区,各乡镇人民政府",
        "",
        "2.改造农村户厕1500户。",
        "牵头单位:县农业农村局",
        "责任单位:各乡镇人民政府",
    ])
    doc = parse_text(text, source="plan.txt")
    assert doc.title == "河西县人民政府2024年为民办好的重点工作分工落实方案"
    assert doc.year == 2024
    assert doc.tasks[0].units == ["县交通运输局", "河西经开区", "各乡镇人民政府"]
    assert doc.warnings == []  # a zone (经开区) is a unit


def test_a_date_or_an_issuer_line_above_the_title_does_not_join_it():
    rows = ["序号\t工作任务\t责任单位\t完成时限", "1\t新建城市绿道12公里。\t区园林绿化局\t2024年10月底"]
    for above in ("2024年3月15日", "河西区人民政府办公室"):
        doc = parse_text("\n".join([above, "重点工作任务分解表", *rows]), source="plan.txt")
        assert doc.title == "重点工作任务分解表"
