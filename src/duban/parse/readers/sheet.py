"""Excel .xlsx: every visible sheet's rows, merged ranges filled, values as printed.

``read_only`` mode would be faster but does not know merged ranges, and a task
table merges the 序号 and 任务名称 cells of a task's goal rows, so the full
model is loaded. Values are rendered as a person reads them in Excel: ``5``
not ``5.0``, ``23%`` for a percentage-formatted ``0.23``, dates as ``2021-12-31``.
"""
from __future__ import annotations

import datetime as dt
import io

import openpyxl

from duban.parse.blocks import Block
from duban.parse.readers.grid import Slot, captions_before_table, grid_blocks


def read_xlsx(data: bytes) -> list[Block]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue  # hidden sheets hold lookup lists for drop-downs, not the document
        blocks.extend(captions_before_table(grid_blocks(sheet_grid(sheet), drop_empty_columns=True)))
    return blocks


def sheet_grid(sheet) -> list[list[Slot]]:
    cover: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                cover[(row, col)] = (merged.min_row, merged.min_col)
    max_row, max_col = sheet.max_row, sheet.max_column
    texts: dict[tuple[int, int], Slot] = {}
    grid: list[list[Slot]] = []
    for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col), start=1):
        line: list[Slot] = []
        for c, cell in enumerate(row, start=1):
            origin = cover.get((r, c), (r, c))
            if origin not in texts:
                value = cell.value if origin == (r, c) else sheet.cell(*origin).value
                fmt = cell.number_format if origin == (r, c) else sheet.cell(*origin).number_format
                texts[origin] = Slot(render(value, fmt), origin if origin in cover.values() else None)
            line.append(texts[origin])
        grid.append(line)
    return grid


def render(value: object, number_format: str = "General") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return f"{_number(value * 100)}%"
        return _number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{round(value, 10):.10g}"
