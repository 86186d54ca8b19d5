"""Table layouts: a header (a row of cells, one line of words, or one word per line) and
the rows under it, real or rebuilt from a line stream (``table.py``)."""
from __future__ import annotations

from duban.parse import columns as C
from duban.parse.document import table_document
from duban.parse.engine import Context, Reading, strategy
from duban.parse.table import find_table


@strategy("table", "任务表（表头 + 行）")
def header_table(ctx: Context, settings: dict) -> Reading | None:
    table = find_table(ctx.blocks)
    if not table or not table.records:
        return None
    known = sum(1 for r in table.roles if r not in (C.OTHER, C.STATUS)) / max(len(table.roles), 1)
    doc = table_document(ctx.blocks, table, ctx.source)
    if not doc.tasks:
        return None
    return Reading(doc, evidence=0.6 + 0.4 * known, notes=[f"表头：{table.header.text[:60]}"])
