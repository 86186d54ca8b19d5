"""Government work reports (``work_report.py``): the plan part, its main expected targets
and every quantified commitment."""
from __future__ import annotations

from duban.parse.document import work_report_document
from duban.parse.engine import Context, Reading, strategy


@strategy("work_report", "政府工作报告")
def work_report(ctx: Context, settings: dict) -> Reading | None:
    from duban.parse import work_report as wr

    if not wr.looks_like_work_report(ctx.lines):
        return None
    return Reading(work_report_document(ctx.lines, ctx.source), evidence=1.0)
