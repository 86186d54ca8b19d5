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
    """Only rows and columns holding text are laid out, since one stray cell at ``XFD1048576``
    declares a sheet of 17 billion positions; cost follows the cells the file stores.

    A merged range repeats its first cell's text (one ``Slot``, so the grid knows it is
    one cell) into the rows that hold other text; a row with nothing but merged
    continuations adds nothing and is left out, so ``D3:D100000`` is one row, not 99,998. A column that is empty throughout still keeps a row with a merged title
    from reading as a caption, as in the full grid; one empty column stands for them all.
    """
    origin_of: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        origin = (merged.min_row, merged.min_col)
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                origin_of[(row, col)] = origin
    merged_origins = set(origin_of.values())
    texts: dict[tuple[int, int], Slot] = {}
    for position, cell in sheet._cells.items():  # openpyxl's stored cells; iter_rows would fill the gaps
        if origin_of.get(position, position) != position or cell.value is None:
            continue
        text = render(cell.value, cell.number_format)
        if text.strip():
            texts[position] = Slot(text, position if position in merged_origins else None)
    filled = dict(texts)
    for position, origin in origin_of.items():
        if origin in texts:
            filled[position] = texts[origin]
    # a row holding only the continuation of merges from above says nothing new (D3:D100000)
    rows = sorted({r for r, _ in texts} | {r for (r, c), o in origin_of.items() if o in texts and o[0] == r})
    cols = sorted({c for _, c in filled})
    spare = [Slot("", None)] if len(cols) < sheet.max_column else []
    empty = Slot("", None)
    return [[filled.get((r, c), empty) for c in cols] + spare for r in rows]


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
