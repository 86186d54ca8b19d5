"""The progress table as a Word document an office could send as is.

A4 landscape; title in 小标宋, body in 仿宋, header in 黑体 (Chinese names go in the
``w:eastAsia`` slot of ``rFonts`` — Word ignores them in ``w:ascii``); then the
``截至…`` / ``填报日期：…`` line; page numbers ``— N —`` in the footer; fixed column widths.
Pages are planned by ``paging``: each page is its own table under the header row,
separated by a page break, and a task cut at a page's foot goes on under its
``…（续）`` label — no half-empty page, no blank merged cell on the next page.
Document properties name the organization and the moment of export.
"""
from __future__ import annotations

import io
from copy import deepcopy
from datetime import datetime

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table

from duban.export.fonts import OFFICIAL, FontSet
from duban.export.paging import Metrics, Piece, paginate
from duban.export.table import ExportTable

TITLE_PT = 20
NOTE_PT = 12
HEADER_PT = 12
BODY_PT = 12
FOOTER_PT = 14
BODY_LINE_PT = 16
MARGIN_CM = {"top": 2.5, "bottom": 2.3, "left": 2.2, "right": 2.2}

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


def mark_row(row, *, header: bool) -> None:
    """The header row repeats on every page and is never split (body rows are cut by ``paging``)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


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


DOCX_METRICS = Metrics(font_pt=BODY_PT, line_pt=BODY_LINE_PT, cell_pad_cm=0.4, row_pad_pt=3.0)
PAGE_BODY_PT = (21.0 - MARGIN_CM["top"] - MARGIN_CM["bottom"]) / 0.03528  # A4 landscape between the margins
SAFETY_PT = BODY_LINE_PT  # a line kept free on every page: the measures are estimates
TITLE_LINE_PT, TITLE_AFTER_PT, NOTE_AFTER_PT = TITLE_PT * 1.5, 6, 4


def header_pt(table: ExportTable, metrics: Metrics = DOCX_METRICS) -> float:
    lines = max(metrics.lines(c.header, c.width_cm) for c in table.columns)
    return lines * BODY_LINE_PT + metrics.row_pad_pt


def page_room(table: ExportTable) -> tuple[float, float]:
    """Points left for task rows on the first page (under title, notes and date line) and on the others."""
    rows = PAGE_BODY_PT - header_pt(table) - SAFETY_PT
    above = len(table.title_lines) * (TITLE_LINE_PT + TITLE_AFTER_PT)
    above += (len(table.notes) + (1 if table.date_line else 0)) * (BODY_LINE_PT + NOTE_AFTER_PT)
    return rows - above, rows


def set_properties(document, title: str, author: str, when: datetime | None) -> None:
    """Author, title and dates from the organization and the moment of export (not python-docx's
    2013 template), and no template thumbnail (a blank preview in file browsers)."""
    props = document.core_properties
    when = (when or datetime.now()).replace(microsecond=0)
    props.title, props.author, props.last_modified_by = title, author, author
    props.subject = props.keywords = props.comments = props.category = ""
    props.created = props.modified = when
    props.revision = 1
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def add_text_line(document, text: str, fonts: FontSet, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = document.add_paragraph()
    tight(paragraph, align, after=NOTE_AFTER_PT)
    set_run_font(paragraph.add_run(text), fonts.body, NOTE_PT, fonts.latin)


def add_date_line(document, date_line: tuple[str, str], width_cm: float, fonts: FontSet) -> None:
    """``截至…`` at the left margin of the table, ``填报日期：…`` at its right edge (a right tab)."""
    paragraph = document.add_paragraph()
    tight(paragraph, WD_ALIGN_PARAGRAPH.LEFT, after=NOTE_AFTER_PT)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(width_cm), WD_TAB_ALIGNMENT.RIGHT)
    left, right = date_line
    set_run_font(paragraph.add_run(f"{left}\t{right}" if right else left), fonts.body, NOTE_PT, fonts.latin)


def add_page_break(document):
    """A one-point paragraph holding a page break, between the tables of two pages."""
    paragraph = document.add_paragraph()
    tight(paragraph, WD_ALIGN_PARAGRAPH.LEFT, line_pt=1)
    run = paragraph.add_run()
    run.font.size = Pt(1)
    run.add_break(WD_BREAK.PAGE)
    return paragraph


def new_grid(document, table: ExportTable, fonts: FontSet):
    widths = [c.width_cm for c in table.columns]
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
    return grid


def add_piece(grid, piece: Piece, table: ExportTable, fonts: FontSet) -> None:
    """One task's part on a page: head and tail cells merged over its sub-rows."""
    widths = [c.width_cm for c in table.columns]
    aligns = [ALIGN[c.align] for c in table.columns]
    hw, tw = table.head_width, table.tail_width
    ncols = len(widths)
    many = len(piece.lines) > 1
    for index, line in enumerate(piece.lines):
        cells = grid.add_row().cells
        for col, cell in enumerate(cells):
            cell.width = Cm(widths[col])
            merged = col < hw or col >= ncols - tw
            if merged:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                if many:
                    vmerge(cell, restart=index == 0)
                if index == 0:
                    text = piece.head[col] if col < hw else piece.tail[col - (ncols - tw)]
                    fill_cell(cell, text, fonts=fonts, align=aligns[col])
            else:
                fill_cell(cell, line[col - hw], fonts=fonts, align=aligns[col])


def build_docx(table: ExportTable, fonts: FontSet = OFFICIAL) -> bytes:
    document = new_document()
    set_page(document)
    set_style_font(document.styles["Normal"], fonts.body, BODY_PT, fonts.latin)
    for line in table.title_lines:
        paragraph = document.add_paragraph()
        tight(paragraph, WD_ALIGN_PARAGRAPH.CENTER, after=TITLE_AFTER_PT, line_pt=TITLE_LINE_PT)
        set_run_font(paragraph.add_run(line), fonts.title, TITLE_PT, fonts.latin, bold=fonts.title_bold)
    for note in table.notes:
        add_text_line(document, note, fonts)
    if table.date_line:
        add_date_line(document, table.date_line, sum(c.width_cm for c in table.columns), fonts)
    first, others = page_room(table)
    pages = paginate(table, DOCX_METRICS, first, others) or [[]]
    header_only = None
    for number, page in enumerate(pages):
        if number:  # the next page's table: a copy of the first one's header row (building it costs more)
            tbl = deepcopy(header_only)
            add_page_break(document)._p.addnext(tbl)
            grid = Table(tbl, document._body)
        else:
            grid = new_grid(document, table, fonts)
            header_only = deepcopy(grid._tbl)
        for piece in page:
            add_piece(grid, piece, table, fonts)
    add_page_number_footer(document, fonts)
    set_properties(document, "".join(table.title_lines[:1]), table.author, table.created)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(table: ExportTable) -> bytes:
    return build_docx(table, OFFICIAL)
