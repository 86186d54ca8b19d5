"""The progress table as an Excel workbook: same columns, wrapped text, frozen header.

Title rows are merged across the table, the header row is frozen on screen and
repeated on printed pages, and row heights are estimated from the text so the
file looks right in Excel (which does not grow a row to fit wrapped text that
openpyxl wrote).
"""
from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from duban.export.fonts import OFFICIAL
from duban.export.table import ExportTable

CM_TO_CHARS = 4.2  # Excel column width units (characters of the default font) per centimetre, roughly
BODY_PT = 11
LINE_PT = 15
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def cell_lines(paragraphs, width_chars: float) -> int:
    """Lines a cell's paragraphs take at ``width_chars`` (a CJK character is two width units)."""
    per_line = max(1.0, width_chars - 1)
    return sum(max(1, math.ceil(sum(2.0 if ord(ch) > 0x2E7F else 1.0 for ch in text) / per_line))
               for text in paragraphs or ("",))


def sheet_title(table: ExportTable) -> str:
    return "绩效任务" if table.layout == "performance" else "进展情况"


def render_xlsx(table: ExportTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(table)
    ncols = len(table.columns)
    last_col = get_column_letter(ncols)
    body_font = Font(name=OFFICIAL.body, size=BODY_PT)
    widths = [round(c.width_cm * CM_TO_CHARS, 1) for c in table.columns]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    row_no = 0
    for line in table.title_lines:
        row_no += 1
        sheet.cell(row_no, 1, line).font = Font(name=OFFICIAL.title, size=18)
        sheet.cell(row_no, 1).alignment = Alignment(horizontal="center", vertical="center")
        sheet.merge_cells(f"A{row_no}:{last_col}{row_no}")
        sheet.row_dimensions[row_no].height = 30
    for note in table.notes:
        row_no += 1
        sheet.cell(row_no, 1, note).font = body_font
        sheet.merge_cells(f"A{row_no}:{last_col}{row_no}")

    row_no += 1
    header_row = row_no
    for col, column in enumerate(table.columns, 1):
        cell = sheet.cell(row_no, col, column.header)
        cell.font = Font(name=OFFICIAL.heading, size=BODY_PT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = GRID
    sheet.row_dimensions[row_no].height = 22

    aligns = [Alignment(horizontal="center" if c.align == "center" else "left", vertical="center"
                        if c.align == "center" else "top", wrap_text=True) for c in table.columns]
    head_width = table.head_width
    for row in table.rows:
        first = row_no + 1
        for line in row.lines:
            row_no += 1
            cells = list(row.head) + list(line) if row_no == first else [()] * head_width + list(line)
            for col, paragraphs in enumerate(cells, 1):
                cell = sheet.cell(row_no, col, "\n".join(paragraphs) if paragraphs else None)
                cell.font, cell.alignment, cell.border = body_font, aligns[col - 1], GRID
            lines = max(cell_lines(p, w) for p, w in zip(list(row.head) + list(line), widths))
            sheet.row_dimensions[row_no].height = min(409, max(LINE_PT, lines * LINE_PT + 4))
        if row_no > first:  # a performance task over several goal rows: 序号 and 任务名称 merged
            for col in range(1, head_width + 1):
                letter = get_column_letter(col)
                sheet.merge_cells(f"{letter}{first}:{letter}{row_no}")

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "— &P —"
    if table.title_lines:
        book.properties.title = table.title_lines[0]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
