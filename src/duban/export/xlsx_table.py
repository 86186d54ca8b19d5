"""The progress table as an Excel workbook: same columns, wrapped text, frozen header.

Title rows are merged across the table, the header row is frozen on screen and
repeated on printed pages, and row heights are estimated from the text so the
file looks right in Excel (which does not grow a row to fit wrapped text that
openpyxl wrote). Pages are laid out here as for Word (``paging``): columns are as
wide as in the Word table, printed at 100 %, with a page break after each planned
page, so a task that breaks over a page repeats its merged label with ``（续）``.
序号 is a number; every text is a string cell, never a formula (``escape``).
"""
from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from duban.export.escape import xlsx_text
from duban.export.fonts import OFFICIAL
from duban.export.paging import Metrics, Piece, paginate
from duban.export.table import SEQ, ExportTable

BODY_PT = 11
LINE_PT = 16.5
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
XLSX_METRICS = Metrics(font_pt=BODY_PT, line_pt=LINE_PT, cell_pad_cm=0.35, row_pad_pt=5.0)
MARGIN_IN = {"left": 0.6, "right": 0.6, "top": 0.7, "bottom": 0.7, "header": 0.3, "footer": 0.3}
PAGE_BODY_PT = (210 / 25.4 - MARGIN_IN["top"] - MARGIN_IN["bottom"]) * 72  # A4 landscape between the margins
TITLE_ROW_PT, NOTE_ROW_PT = 30, 18
SAFETY_PT = LINE_PT


def excel_width(width_cm: float) -> float:
    """Excel's column width (characters of the default font's digit, 7 px at 96 dpi, plus 5 px
    of padding) that prints ``width_cm`` wide at 100 %."""
    return round((width_cm / 2.54 * 96 - 5) / 7, 2)


def sheet_title(table: ExportTable) -> str:
    return "绩效任务" if table.layout == "performance" else "进展情况"


def header_pt(table: ExportTable) -> float:
    return max(XLSX_METRICS.lines(c.header, c.width_cm) for c in table.columns) * LINE_PT + 7


def page_room(table: ExportTable) -> tuple[float, float]:
    rows = PAGE_BODY_PT - header_pt(table) - SAFETY_PT
    above = len(table.title_lines) * TITLE_ROW_PT + (len(table.notes) + bool(table.date_line)) * NOTE_ROW_PT
    return rows - above, rows


def cell_value(text: str, role: str):
    """序号 as a number (so Excel sorts and sums it); any other text as text, never a formula."""
    if role == SEQ and text.isdigit() and len(text) < 10:
        return int(text)
    return text


def put(sheet, row: int, col: int, paragraphs, role: str, font, alignment):
    cell = sheet.cell(row, col)
    text = "\n".join(paragraphs) if paragraphs else None
    value = cell_value(text, role) if text else None
    if isinstance(value, str):
        xlsx_text(cell, value)
    else:
        cell.value = value
    cell.font, cell.alignment, cell.border = font, alignment, GRID
    return cell


def piece_heights(piece: Piece, table: ExportTable) -> list[float]:
    """Each sub-row's height in points; the last grows when the merged cells need more."""
    m = XLSX_METRICS
    cols = table.columns
    hw, tw = table.head_width, table.tail_width
    line_cols = cols[hw:len(cols) - tw]
    heights = [max((m.cell_lines(c, col.width_cm) for c, col in zip(line, line_cols)), default=1) * LINE_PT
               + m.row_pad_pt for line in piece.lines]
    merged = [(c, col) for c, col in zip(piece.head, cols[:hw])]
    merged += [(c, col) for c, col in zip(piece.tail, cols[len(cols) - tw:])]
    need = max((m.cell_lines(c, col.width_cm) for c, col in merged), default=1) * LINE_PT + m.row_pad_pt
    if sum(heights) < need:
        heights[-1] += need - sum(heights)
    return [min(409.0, h) for h in heights]


def set_properties(book, table: ExportTable) -> None:
    when = (table.created or datetime.now()).replace(microsecond=0)
    props = book.properties
    props.title = "".join(table.title_lines[:1]) or None
    props.creator = props.lastModifiedBy = table.author or None
    props.created = props.modified = when


def render_xlsx(table: ExportTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(table)
    ncols = len(table.columns)
    last_col = get_column_letter(ncols)
    body_font = Font(name=OFFICIAL.body, size=BODY_PT)
    for index, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = excel_width(column.width_cm)

    row_no = 0
    for line in table.title_lines:
        row_no += 1
        cell = put(sheet, row_no, 1, (line,), "", Font(name=OFFICIAL.title, size=18),
                   Alignment(horizontal="center", vertical="center"))
        cell.border = Border()
        sheet.merge_cells(f"A{row_no}:{last_col}{row_no}")
        sheet.row_dimensions[row_no].height = TITLE_ROW_PT
    for note in table.notes:
        row_no += 1
        put(sheet, row_no, 1, (note,), "", body_font, Alignment(vertical="center")).border = Border()
        sheet.merge_cells(f"A{row_no}:{last_col}{row_no}")
        sheet.row_dimensions[row_no].height = NOTE_ROW_PT
    if table.date_line:
        row_no += 1
        left, right = table.date_line
        put(sheet, row_no, 1, (left,), "", body_font, Alignment(vertical="center")).border = Border()
        sheet.merge_cells(f"A{row_no}:{get_column_letter(max(1, ncols - 2))}{row_no}")
        if right:
            put(sheet, row_no, ncols - 1, (right,), "", body_font,
                Alignment(horizontal="right", vertical="center")).border = Border()
            sheet.merge_cells(f"{get_column_letter(ncols - 1)}{row_no}:{last_col}{row_no}")
        sheet.row_dimensions[row_no].height = NOTE_ROW_PT

    row_no += 1
    header_row = row_no
    for col, column in enumerate(table.columns, 1):
        put(sheet, row_no, col, (column.header,), "", Font(name=OFFICIAL.heading, size=BODY_PT, bold=True),
            Alignment(horizontal="center", vertical="center", wrap_text=True))
    sheet.row_dimensions[row_no].height = header_pt(table)

    aligns = [Alignment(horizontal="center" if c.align == "center" else "left", vertical="center"
                        if c.align == "center" else "top", wrap_text=True) for c in table.columns]
    roles = [c.role for c in table.columns]
    hw, tw = table.head_width, table.tail_width
    first_pt, next_pt = page_room(table)
    pages = paginate(table, XLSX_METRICS, first_pt, next_pt)
    for number, page in enumerate(pages):
        if number:
            sheet.row_breaks.append(Break(id=row_no))
        for piece in page:
            first = row_no + 1
            for index, (line, height) in enumerate(zip(piece.lines, piece_heights(piece, table))):
                row_no += 1
                merged = list(piece.head) + [()] * len(line) + list(piece.tail) if index == 0 \
                    else [()] * hw + [()] * len(line) + [()] * tw
                cells = merged[:hw] + list(line) + merged[hw + len(line):]
                for col, paragraphs in enumerate(cells, 1):
                    put(sheet, row_no, col, paragraphs, roles[col - 1], body_font, aligns[col - 1])
                sheet.row_dimensions[row_no].height = height
            if row_no > first:  # a task over several goal rows: its head and tail merged over them
                for col in list(range(1, hw + 1)) + list(range(ncols - tw + 1, ncols + 1)):
                    letter = get_column_letter(col)
                    sheet.merge_cells(f"{letter}{first}:{letter}{row_no}")

    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    # Laid out at full size (the table is narrower than the page); fit-to-width only guards a reader
    # whose default font is wider than Calibri, where the whole table shrinks instead of splitting.
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(**MARGIN_IN)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "— &P —"
    set_properties(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
