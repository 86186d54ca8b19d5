"""The progress table as a Word document an office could send as is.

A4 landscape; title in 小标宋, body in 仿宋, header in 黑体 (Chinese names go in the
``w:eastAsia`` slot of ``rFonts`` — Word ignores them in ``w:ascii``); the header row
repeats on every page (``w:tblHeader``); a row is never split over two pages
(``w:cantSplit``); page numbers ``— N —`` in the footer; fixed column widths.
"""
from __future__ import annotations

import io
import math

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from duban.export.fonts import OFFICIAL, FontSet
from duban.export.table import ExportTable

TITLE_PT = 20
NOTE_PT = 12
HEADER_PT = 12
BODY_PT = 12
FOOTER_PT = 14
BODY_LINE_PT = 16
MARGIN_CM = {"top": 2.5, "bottom": 2.3, "left": 2.2, "right": 2.2}

PAGE_LINES = 26  # body lines (16 pt apart) that fit below the header row on an A4 landscape page
ALIGN = {"left": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER}


def set_run_font(run, east_asian: str, size_pt: float, latin: str, bold: bool = False) -> None:
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = latin
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")  # quotes “” and ， take the Chinese font, not Times New Roman


def set_style_font(style, east_asian: str, size_pt: float, latin: str) -> None:
    style.font.name = latin
    style.font.size = Pt(size_pt)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)


def tight(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before: float = 0, after: float = 0,
          line_pt: float = BODY_LINE_PT) -> None:
    """Exact line spacing: CJK fonts' own line gap (Noto's is 1.45 em) would waste a third of each page."""
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = Pt(line_pt)


def set_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Cm(MARGIN_CM["top"]), Cm(MARGIN_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGIN_CM["left"]), Cm(MARGIN_CM["right"])
    section.footer_distance = Cm(1.2)


def add_page_number_footer(document, fonts: FontSet) -> None:
    """``— N —`` centred, in 宋体 四号, as in official documents."""
    paragraph = document.sections[0].footer.paragraphs[0]
    tight(paragraph, WD_ALIGN_PARAGRAPH.CENTER, line_pt=FOOTER_PT * 1.3)

    def text_run(text: str):
        run = paragraph.add_run(text)
        set_run_font(run, fonts.number, FOOTER_PT, fonts.number)
        return run

    def field_char(kind: str) -> None:
        run = text_run("")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._element.append(char)

    text_run("— ")
    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    text_run("")._element.append(instr)
    field_char("separate")
    text_run("1")
    field_char("end")
    text_run(" —")


def mark_row(row, *, header: bool, keep_whole: bool = True) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if keep_whole:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def estimated_lines(cells, widths_cm, size_pt: float = BODY_PT) -> int:
    """How many lines the tallest cell of a row needs, counting a CJK character as one em.

    Word clips a row marked "can't split" that is taller than a page, so only rows
    that fit get the mark.
    """
    tallest = 0
    for paragraphs, width in zip(cells, widths_cm):
        per_line = max(1.0, (width - 0.4) / (size_pt * 0.03528))  # em per line; 0.4 cm of cell margins
        lines = sum(math.ceil(max(1.0, sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)) / per_line)
                    for text in paragraphs or ("",))
        tallest = max(tallest, lines)
    return tallest


def vmerge(cell, restart: bool) -> None:
    merge = OxmlElement("w:vMerge")
    if restart:
        merge.set(qn("w:val"), "restart")
    cell._tc.get_or_add_tcPr().append(merge)


def fill_cell(cell, paragraphs, *, fonts: FontSet, align, size=BODY_PT, east_asian=None, bold=False) -> None:
    first = cell.paragraphs[0]
    for index, text in enumerate(paragraphs or ("",)):
        paragraph = first if index == 0 else cell.add_paragraph()
        tight(paragraph, align)
        if text:
            set_run_font(paragraph.add_run(text), east_asian or fonts.body, size, fonts.latin, bold)


def fixed_layout(table, widths_cm: list[float]) -> None:
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    for grid_col, w in zip(table._tbl.tblGrid.gridCol_lst, widths_cm):
        grid_col.w = Cm(w)


def build_docx(table: ExportTable, fonts: FontSet = OFFICIAL) -> bytes:
    document = new_document()
    set_page(document)
    set_style_font(document.styles["Normal"], fonts.body, BODY_PT, fonts.latin)
    for line in table.title_lines:
        paragraph = document.add_paragraph()
        tight(paragraph, WD_ALIGN_PARAGRAPH.CENTER, after=6, line_pt=TITLE_PT * 1.5)
        set_run_font(paragraph.add_run(line), fonts.title, TITLE_PT, fonts.latin, bold=fonts.title_bold)
    for note in table.notes:
        paragraph = document.add_paragraph()
        tight(paragraph, WD_ALIGN_PARAGRAPH.LEFT, after=4)
        set_run_font(paragraph.add_run(note), fonts.body, NOTE_PT, fonts.latin)

    widths = [c.width_cm for c in table.columns]
    aligns = [ALIGN[c.align] for c in table.columns]
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    fixed_layout(grid, widths)

    header = grid.rows[0]
    mark_row(header, header=True)
    for cell, column, width in zip(header.cells, table.columns, widths):
        cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        fill_cell(cell, (column.header,), fonts=fonts, align=WD_ALIGN_PARAGRAPH.CENTER, size=HEADER_PT,
                  east_asian=fonts.heading)

    head_width = table.head_width
    for row in table.rows:
        for index, line in enumerate(row.lines):
            new_row = grid.add_row()
            fits = estimated_lines(row.head + line, widths) <= PAGE_LINES
            mark_row(new_row, header=False, keep_whole=fits)
            cells = new_row.cells
            for col, cell in enumerate(cells):
                cell.width = Cm(widths[col])
                if col < head_width:
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                    if len(row.lines) > 1:
                        vmerge(cell, restart=index == 0)
                    if index == 0:
                        fill_cell(cell, row.head[col], fonts=fonts, align=aligns[col])
                else:
                    fill_cell(cell, line[col - head_width], fonts=fonts, align=aligns[col])
    add_page_number_footer(document, fonts)
    if table.title_lines:
        document.core_properties.title = table.title_lines[0]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(table: ExportTable) -> bytes:
    return build_docx(table, OFFICIAL)
