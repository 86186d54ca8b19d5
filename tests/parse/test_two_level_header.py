"""A task table whose header has two levels: a word over two columns (``责任分工`` over
``牵头单位 | 配合单位``), the other header cells merged down over both rows.

The same invented county table is built as a web page (rowspan/colspan), a Word
document (vMerge/gridSpan) and an Excel sheet (merged ranges), the way offices
publish it; each column takes the lower word's role, so the units are found.
"""
from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from openpyxl import Workbook

from duban.parse import parse_bytes

TITLE = "某县2025年政府工作报告重点任务分工方案"
ROWS = [
    ("1", "新开工重点项目45个，完成固定资产投资80亿元。", "县发展和改革局", "县财政局、各镇人民政府", "2025年12月底前"),
    ("2", "改造老旧小区16个，新建养老服务站8个。", "县住房和城乡建设局", "县民政局", "2025年11月底前"),
    ("3", "新增城镇就业2600人。", "县人力资源和社会保障局", "各镇人民政府", "2025年12月底前"),
]


def html_page() -> bytes:
    body = "".join(
        f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{d}</td><td>{e}</td></tr>" for a, b, c, d, e in ROWS[:2])
    last = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(*ROWS[2])
    return (f"<html><head><meta charset='utf-8'></head><body><h1>{TITLE}</h1><table border='1'>"
            "<tr><th rowspan='2'>序号</th><th rowspan='2'>重点任务</th><th colspan='2'>责任分工</th>"
            "<th rowspan='2'>完成时限</th></tr><tr><th>牵头单位</th><th>配合单位</th></tr>"
            f"<tr><td colspan='5'>一、扩大有效投资</td></tr>{body}"
            f"<tr><td colspan='5'>二、增进民生福祉</td></tr>{last}</table></body></html>").encode()


def word_document() -> bytes:
    doc = WordDocument()
    doc.add_paragraph(TITLE)
    table = doc.add_table(rows=2 + len(ROWS), cols=5)
    for c, word in enumerate(["序号", "重点任务", "责任分工", "", "完成时限"]):
        table.cell(0, c).text = word
    table.cell(1, 2).text, table.cell(1, 3).text = "牵头单位", "配合单位"
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))  # one cell over both header rows
    table.cell(0, 2).merge(table.cell(0, 3))  # 责任分工 over two columns
    for r, row in enumerate(ROWS, start=2):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def excel_sheet() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "重点任务", "责任分工", None, "完成时限"])
    sheet.append([None, None, "牵头单位", "配合单位", None])
    for col in "ABE":
        sheet.merge_cells(f"{col}2:{col}3")
    sheet.merge_cells("C2:D2")
    for row in ROWS:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "build"), [("plan.html", html_page), ("plan.docx", word_document),
                                             ("plan.xlsx", excel_sheet)])
def test_two_level_header_gives_lead_and_co_units(name, build):
    doc = parse_bytes(build(), name)
    assert doc.kind == "task_plan"
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert doc.tasks[0].units == ["县发展和改革局", "县财政局", "各镇人民政府"]  # lead, then co-units
    assert doc.tasks[1].units == ["县住房和城乡建设局", "县民政局"]
    assert doc.tasks[2].units == ["县人力资源和社会保障局", "各镇人民政府"]
    assert [t.deadline for t in doc.tasks] == ["2025-12-31", "2025-11-30", "2025-12-31"]
    assert doc.tasks[0].content == "新开工重点项目45个，完成固定资产投资80亿元。"
    assert not any("未识别出责任单位" in w for w in doc.warnings)


def test_lower_word_without_a_role_under_a_named_sibling_is_not_given_the_parent_role():
    """``完成情况`` over ``完成进度 | 存在问题``: the second column is not a second progress column."""
    from duban.parse import columns as C

    top = ["序号", "工作任务", "责任单位", "完成情况", "完成情况"]
    bottom = ["序号", "工作任务", "责任单位", "完成进度", "存在问题"]
    assert C.stack_header(top, bottom) == ["序号", "工作任务", "责任单位", "完成进度", "存在问题"]
    assert C.header_roles(C.stack_header(top, bottom))[3:] == [C.PROGRESS, None]


def test_a_data_row_under_a_header_is_not_a_second_header_level():
    from duban.parse import columns as C

    top = ["序号", "重点任务", "责任分工", "责任分工", "完成时限"]
    assert C.stack_header(top, list(ROWS[0])) is None
