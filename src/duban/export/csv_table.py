"""The table as CSV: UTF-8 with a byte-order mark so Excel on Windows opens it in Chinese.

One row per task with the table's own columns; a cell's paragraphs are joined by
line breaks (quoted, as CSV allows), a performance task's goals and completions
each joined in goal order. A field that a spreadsheet would run as a formula gets a
leading ``'`` (``escape.csv_field``).
"""
from __future__ import annotations

import csv
import io

from duban.export.escape import csv_row
from duban.export.table import ExportTable


def task_cells(table: ExportTable, row) -> list[str]:
    cells = ["\n".join(paragraphs) for paragraphs in row.head]
    for col in range(len(table.columns) - len(row.head) - len(row.tail)):
        cells.append("\n".join(p for line in row.lines for p in line[col]))
    cells += ["\n".join(paragraphs) for paragraphs in row.tail]
    return cells


def render_csv(table: ExportTable) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row(table.headers))
    for row in table.rows:
        writer.writerow(csv_row(task_cells(table, row)))
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
