"""Numbered task lists: ``1. 任务……`` with ``责任单位：`` lines or brackets (``task_list.py``)."""
from __future__ import annotations

from duban.parse.document import list_document
from duban.parse.engine import Context, Reading, strategy
from duban.parse.task_list import find_task_list


@strategy("task_list", "编号任务清单（责任单位：…）")
def numbered_list(ctx: Context, settings: dict) -> Reading | None:
    tasks = find_task_list(ctx.lines)
    if not tasks:
        return None
    labelled = sum(1 for t in tasks if t.units) / len(tasks)
    return Reading(list_document(ctx.lines, tasks, ctx.source), evidence=labelled)
