"""Each reader on real files built here: what the segmenter receives from each format.

The expected blocks are what a person sees in the file: lines in reading order,
table rows with every column, merged cells repeated, in-cell paragraphs as ``\\n``.
"""
from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from factories.documents import Page, Table, docx_bytes, html_bytes, one_page_pdf, pdf_bytes, xlsx_bytes

from duban.parse.blocks import Block, ParseError
from duban.parse.readers import read_bytes
from duban.parse.readers.pdf_lines import is_page_number

HEADER = ["序号", "项目内容", "主责单位", "进展情况"]


def rows(blocks: list[Block]) -> list[tuple[str, ...]]:
    return [b.cells for b in blocks if b.is_row]


def lines(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if not b.is_row]


# --- plain text and CSV -------------------------------------------------------------------------------

def test_gbk_text_is_decoded_and_tab_lines_are_rows():
    text = "东城区重点任务进展情况表\n序号\t项目内容\t主责单位\n1\t推进老城保护\t区住建委\n"
    blocks = read_bytes(text.encode("gbk"), "表.txt")
    assert lines(blocks)[0] == "东城区重点任务进展情况表"
    assert rows(blocks) == [("序号", "项目内容", "主责单位"), ("1", "推进老城保护", "区住建委")]


def test_gb18030_only_characters_survive():
    text = "㐀字与𠀀字的单位：区文旅局"  # outside GBK, inside GB18030
    assert lines(read_bytes(text.encode("gb18030"), "a.txt")) == [text]


def test_csv_cells_keep_their_line_breaks():
    data = '序号,项目内容,进展情况\n1,"甲,乙","1.完成。\n2.推进。"\n'.encode("utf-8-sig")
    assert rows(read_bytes(data, "a.csv")) == [("序号", "项目内容", "进展情况"), ("1", "甲,乙", "1.完成。\n2.推进。")]


# --- HTML -----------------------------------------------------------------------------------------------

def test_html_drops_site_chrome_and_keeps_the_table():
    table = Table([HEADER, ["1", "市重点任务第8项 推进整治。", "区规分局\n区城管委", "1.已完成。\n2.已开工。"]])
    blocks = read_bytes(html_bytes(["2023年进展情况表", table]), "page.html")
    text = "\n".join(b.text for b in blocks)
    for chrome in ("首页", "登录个人中心", "政务服务", "移动版", "分享到", "主办单位", "京ICP备", "统计", "_hmt"):
        assert chrome not in text
    assert lines(blocks) == ["2023年进展情况表"]
    assert rows(blocks) == [tuple(HEADER), ("1", "市重点任务第8项 推进整治。", "区规分局\n区城管委", "1.已完成。\n2.已开工。")]


def test_html_gbk_page_with_meta_charset():
    page = Page(encoding="gb2312", chrome=False)
    blocks = read_bytes(html_bytes(["东城区政府工作报告", "全年拆除违法建设6.8万平方米。"], page), "report.htm")
    assert lines(blocks) == ["东城区政府工作报告", "全年拆除违法建设6.8万平方米。"]


def test_html_gbk_page_without_declared_charset_saved_as_txt():
    raw = "<html><body><h1>工作报告</h1><p>新增就业岗位<b>1万个</b>。<br>第二行</p></body></html>"
    assert lines(read_bytes(raw.encode("gbk"), "saved.txt")) == ["工作报告", "新增就业岗位1万个。", "第二行"]


def test_html_rowspan_and_colspan_fill_every_column():
    raw = """<html><body><table>
    <tr><th>序号</th><th>任务名称</th><th colspan="2">年度目标与完成情况</th></tr>
    <tr><td rowspan="2">3</td><td rowspan="2">国际交往中心</td><td>1.办好论坛</td><td>已举办<br>效果良好</td></tr>
    <tr><td>2.完成整治</td><td>已完成</td></tr>
    <tr><td colspan="4">二、民生保障</td></tr>
    </table></body></html>"""
    blocks = read_bytes(raw.encode(), "a.html")
    assert rows(blocks) == [
        ("序号", "任务名称", "年度目标与完成情况", "年度目标与完成情况"),
        ("3", "国际交往中心", "1.办好论坛", "已举办\n效果良好"),
        ("3", "国际交往中心", "2.完成整治", "已完成"),
    ]
    assert lines(blocks) == ["二、民生保障"]  # a row that is one cell across the table is a heading


def test_html_layout_table_is_read_as_regions_not_rows():
    raw = """<html><body><table><tr><td class="left-menu"><a>首页</a><a>通知</a></td>
    <td><p>进展情况表</p><table><tr><td>序号</td><td>内容</td></tr><tr><td>1</td><td>推进</td></tr></table></td>
    </tr></table></body></html>"""
    blocks = read_bytes(raw.encode(), "a.html")
    assert lines(blocks) == ["进展情况表"]
    assert rows(blocks) == [("序号", "内容"), ("1", "推进")]


def test_html_hidden_text_and_article_header():
    raw = """<html><body><header><a>网站首页</a></header><article><header><h2>关于进展的通报</h2></header>
    <div style="display:none">隐藏的文字</div><p>正文第一段。</p></article></body></html>"""
    assert lines(read_bytes(raw.encode(), "a.html")) == ["关于进展的通报", "正文第一段。"]


# --- Word -----------------------------------------------------------------------------------------------

def test_docx_keeps_body_order_of_paragraphs_and_tables():
    items = ["标题：进展情况表", Table([HEADER, ["1", "内容", "区商务局", "1.已完成。"]]), "附注：数据截至9月底"]
    blocks = read_bytes(docx_bytes(items), "a.docx")
    assert [b.text if not b.is_row else b.cells[0] for b in blocks] == ["标题：进展情况表", "序号", "1", "附注：数据截至9月底"]


def test_docx_merged_cells_repeat_and_cell_paragraphs_become_newlines():
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r, values in enumerate([["序号", "任务名称", "年度目标"], ["1", "疫情防控", "1.不发生聚集性疫情"],
                                ["", "", "2.接种率达到90%"], ["汇总说明", "", ""]]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(3, 0).merge(table.cell(3, 2))
    table.cell(2, 2).add_paragraph("第二段")
    buffer = io.BytesIO()
    document.save(buffer)
    blocks = read_bytes(buffer.getvalue(), "a.docx")
    assert rows(blocks) == [("序号", "任务名称", "年度目标"), ("1", "疫情防控", "1.不发生聚集性疫情"),
                            ("1", "疫情防控", "2.接种率达到90%\n第二段")]
    assert lines(blocks) == ["汇总说明"]


def test_docx_horizontal_merge_keeps_column_count():
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for c, value in enumerate(HEADER):
        table.cell(0, c).text = value
    table.cell(1, 0).text = "2"
    table.cell(1, 1).text = "合并的内容与单位"
    table.cell(1, 1).merge(table.cell(1, 2))
    table.cell(1, 3).text = "进展"
    buffer = io.BytesIO()
    document.save(buffer)
    assert rows(read_bytes(buffer.getvalue(), "a.docx"))[1] == ("2", "合并的内容与单位", "合并的内容与单位", "进展")


def test_docx_nested_table_is_flattened_into_its_cell():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "1"
    inner = table.cell(0, 1).add_table(rows=2, cols=2)
    for r, pair in enumerate([("指标", "目标值"), ("新增就业", "1万人")]):
        for c, value in enumerate(pair):
            inner.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    assert rows(read_bytes(buffer.getvalue(), "a.docx")) == [("1", "指标 目标值\n新增就业 1万人")]


def test_docx_automatic_list_numbers_are_part_of_the_text():
    document = docx.Document()
    document.add_paragraph("进展情况：")
    document.add_paragraph("完成老旧小区改造。", style="List Number")
    document.add_paragraph("新增停车位500个。", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    assert lines(read_bytes(buffer.getvalue(), "a.docx")) == ["进展情况：", "1.完成老旧小区改造。", "2.新增停车位500个。"]


# --- Excel ----------------------------------------------------------------------------------------------

def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_merged_ranges_numbers_and_line_breaks():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "2021年度绩效任务完成情况"
    sheet.merge_cells("A1:D1")
    sheet.append(["序号", "任务名称", "年度目标", "完成率"])
    sheet.append([1, "污染防治", "1.氮氧化物减少2.5%", 0.92])
    sheet.append([None, None, "2.完成治理\n评估", 1.0])
    sheet.append([2.0, "文化建设", "建设3个书屋", None])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    sheet["D3"].number_format = "0%"
    sheet["D4"].number_format = "0.0%"
    sheet.append([])
    blocks = read_bytes(_workbook_bytes(workbook), "a.xlsx")
    assert lines(blocks) == ["2021年度绩效任务完成情况"]
    assert rows(blocks) == [("序号", "任务名称", "年度目标", "完成率"),
                            ("1", "污染防治", "1.氮氧化物减少2.5%", "92%"),
                            ("1", "污染防治", "2.完成治理\n评估", "100%"),
                            ("2", "文化建设", "建设3个书屋", "")]


def test_xlsx_reads_every_visible_sheet_and_drops_empty_columns():
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.append(["序号", None, "内容"])
    first.append([1, None, "第一页任务"])
    second = workbook.create_sheet("续表")
    second.append(["序号", None, "内容"])
    second.append([2, None, "第二页任务"])
    hidden = workbook.create_sheet("下拉选项")
    hidden.append(["区商务局", "区住建委"])
    hidden.sheet_state = "hidden"
    assert rows(read_bytes(_workbook_bytes(workbook), "a.xlsx")) == [
        ("序号", "内容"), ("1", "第一页任务"), ("序号", "内容"), ("2", "第二页任务")]


# --- PDF ------------------------------------------------------------------------------------------------

LONG_CONTENT = ("推进核心区人口疏解安置房建设，推进核心区文物腾退保护利用，开展2000户平房院落申请式退租和1200户修缮，"
                "优化公共服务供给，不断补齐民生短板。")


def test_pdf_table_cells_join_wrapped_lines_and_keep_items():
    progress = "1.印发专项行动工作计划，简易楼腾退3栋，拆除违法建设71871平方米，住宿业整治提升10家。\n2.严格管控建筑规模，降低建筑密度"
    table = Table([HEADER, ["2", LONG_CONTENT, "区发改委\n区住建委", progress]])
    blocks = read_bytes(pdf_bytes(["东城区主责项目进展情况表", table]), "a.pdf")
    assert lines(blocks) == ["东城区主责项目进展情况表"]
    assert rows(blocks) == [tuple(HEADER), ("2", LONG_CONTENT, "区发改委\n区住建委", progress)]


def test_pdf_merged_cells_repeat_into_covered_rows():
    table = Table([["序号", "任务名称", "年度目标"], ["1", "疫情防控", "1.不发生聚集性疫情"], ["1", "疫情防控", "2.接种率达到90%"]],
                  merge_columns=(0, 1))
    assert rows(read_bytes(pdf_bytes([table], merge=True), "a.pdf")) == [
        ("序号", "任务名称", "年度目标"), ("1", "疫情防控", "1.不发生聚集性疫情"), ("1", "疫情防控", "2.接种率达到90%")]


def test_pdf_running_text_becomes_paragraphs_across_pages_without_page_numbers():
    paragraphs = [f"（{n}）第{n}部分。" + LONG_CONTENT * 3 for n in range(1, 13)]
    blocks = read_bytes(pdf_bytes(["东城区政府工作报告", *paragraphs], page_numbers=True), "report.pdf")
    assert not rows(blocks)
    assert lines(blocks) == ["东城区政府工作报告", *paragraphs]


def test_pdf_table_rows_span_pages_with_repeated_header():
    body = [[str(n), f"任务{n}：" + LONG_CONTENT, "区商务局", f"1.第{n}项已完成。"] for n in range(1, 16)]
    blocks = read_bytes(pdf_bytes([Table([HEADER, *body])]), "a.pdf")
    data = [r for r in rows(blocks) if r[0] != "序号"]
    assert [r[0] for r in data] == [str(n) for n in range(1, 16)]
    assert data == [tuple(r) for r in body]
    assert len([r for r in rows(blocks) if r[0] == "序号"]) > 1  # the header came back on a later page
    assert not any(is_page_number(text) for text in lines(blocks))


@pytest.mark.parametrize("text", ["— 3 —", "- 12 -", "第3页", "第 3 页 共 10 页", "3/10", "Page 2 of 9"])
def test_page_number_lines(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["3", "2023年", "1.完成", "第3项", "完成率3/4以上的任务"])
def test_not_page_number_lines(text):
    assert not is_page_number(text)


def test_encrypted_pdf_is_a_clear_error():
    with pytest.raises(ParseError, match="PDF 已加密"):
        read_bytes(pdf_bytes(["机密"], encrypt="pw"), "locked.pdf")


# --- dispatch by content ----------------------------------------------------------------------------------

def test_content_decides_over_a_wrong_suffix():
    assert rows(read_bytes(docx_bytes([Table([["序号", "内容"], ["1", "甲"]])]), "misnamed.txt")) == [
        ("序号", "内容"), ("1", "甲")]
    assert rows(read_bytes(xlsx_bytes([Table([["序号", "内容"], ["1", "甲"]])]), "download")) == [
        ("序号", "内容"), ("1", "甲")]


@pytest.mark.parametrize("stream, reason", [("WordDocument", "旧版 Word"), ("Workbook", "旧版 Excel"),
                                            ("EncryptedPackage", "已加密")])
def test_ole2_files_are_named(stream, reason):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(ParseError, match=reason):
        read_bytes(data, "a.docx")


def test_scanned_pdf_without_text_is_explained():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.rect(100, 100, 200, 200, fill=1)
    page.save()
    with pytest.raises(ParseError, match="扫描件"):
        read_bytes(buffer.getvalue(), "scan.pdf")


def test_pdf_unit_name_wrapped_in_a_narrow_column_is_joined():
    table = Table([HEADER, ["5", "推进大气污染治理。", "区商务局\n区生态环境局", "1.已完成。"]], col_widths=[30, 200, 48, 200])
    assert rows(read_bytes(pdf_bytes([table]), "a.pdf"))[1] == ("5", "推进大气污染治理。", "区商务局\n区生态环境局", "1.已完成。")


def test_pdf_unruled_table_rows_are_not_joined_into_one_paragraph():
    from reportlab.platypus import TableStyle

    body = [[str(n), f"第{n}项任务内容", "区住建委", f"第{n}项已按计划完成全部工作量并通过验收"] for n in range(1, 4)]
    table = Table([HEADER, *body], col_widths=[40, 120, 60, 275])
    data = pdf_bytes([table], table_style=TableStyle([]))
    found = lines(read_bytes(data, "a.pdf"))
    assert not rows(read_bytes(data, "a.pdf"))
    assert [line.split()[0] for line in found] == ["序号", "1", "2", "3"]
    assert found[1].split() == body[0]


def test_pdf_overprinted_bold_text_is_read_once():
    from factories.documents import cjk_font
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(cjk_font(), 14)
    for offset in (0, 0.3, 0.6):  # how some producers draw bold: the same glyphs shifted a little
        page.drawString(100 + offset, 700, "东城区政府工作报告")
    page.save()
    assert lines(read_bytes(buffer.getvalue(), "a.pdf")) == ["东城区政府工作报告"]


def test_xhtml_with_xml_declaration_and_no_suffix():
    raw = '<?xml version="1.0" encoding="gbk"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>区政府工作报告</p></body></html>'
    assert lines(read_bytes(raw.encode("gbk"), "download")) == ["区政府工作报告"]


def test_pdf_whose_glyphs_have_no_unicode_is_a_clear_error():
    # glyph names of the font's own making (/g1 …): nothing says which characters they draw
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            b"/Encoding << /Type /Encoding /Differences [65 /g1 /g2 /g3] >> >>")
    data = one_page_pdf(b"BT /F1 12 Tf 72 700 Td (ABCABCABC) Tj ET", font=font)
    with pytest.raises(ParseError, match="无法解码"):
        read_bytes(data, "unmapped.pdf")


def test_pdf_restricted_by_an_owner_password_only_is_read():
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = pdf_bytes(["只限制打印的公开文件"], encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    assert lines(read_bytes(data, "restricted.pdf")) == ["只限制打印的公开文件"]
