"""导出 from the round and task pages: the official table (Word, Excel, PDF, CSV) and the 通报.

The bytes come from the export area's own functions — the registry for tables,
``build_notice``/``render_notice_docx`` for the notice — so a download is the same
file ``duban export`` and ``duban notice`` write.
"""
from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from duban.export.registry import get_exporter
from duban.export.store_table import counted_versions, items_of, round_document, table_from_store
from duban.export.table import ExportError, table_from_document
from duban.store.models import Round, User
from duban.web.deps import get_db, now, require_staff
from duban.web.render import message_page
from duban.work import dashboard, ledger
from duban.work.status import COUNTED_STATES
from duban.work.tasks import task_page

router = APIRouter(tags=["导出"])
TableFormat = Literal["docx", "xlsx", "pdf", "csv"]


def download(data: bytes, file_name: str, media_type: str) -> Response:
    ascii_name = file_name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def _round(db: Session, round_id: int) -> Round:
    rnd = db.get(Round, round_id)
    if rnd is None:
        raise HTTPException(404, "没有这个轮次")
    return rnd


def _safe(name: str) -> str:
    return "".join("_" if c in '\\/:*?"<>|' else c for c in name)


@router.get("/rounds/{round_id}/export", summary="导出本轮进展情况表（docx/xlsx/pdf/csv，与 duban export 相同）")
def round_export(request: Request, round_id: int, format: TableFormat = "docx", unit: str | None = None,
                 db: Session = Depends(get_db), user: User = Depends(require_staff)):
    rnd = _round(db, round_id)
    exporter = get_exporter(format)
    try:
        table = table_from_store(db, rnd.plan_id, rnd.id, unit or None)
        data = exporter.render(table)
    except ExportError as exc:
        return message_page(request, "无法导出", str(exc), 400)
    name = _safe(f"{rnd.plan.title}-{unit or ''}{rnd.label}进展情况表{exporter.suffix}")
    return download(data, name, exporter.media_type)


@router.get("/rounds/{round_id}/notice", summary="生成本轮督办通报（Word，与 duban notice 相同）")
def round_notice(request: Request, round_id: int, db: Session = Depends(get_db), user: User = Depends(require_staff)):
    from duban.export.notice import build_notice, render_notice_docx

    rnd = _round(db, round_id)
    try:
        data = render_notice_docx(build_notice(db, rnd.plan, rnd, now(request)))
    except ExportError as exc:
        return message_page(request, "无法生成通报", str(exc), 400)
    return download(data, _safe(f"{rnd.plan.title}-{rnd.label}督办通报.docx"), get_exporter("docx").media_type)


@router.get("/tasks/export", summary="导出筛选后的任务（正式表格版式）")
def tasks_export(request: Request, plan_id: int | None = None, round_id: int | None = None,
                 unit_id: int | None = None,
                 status: Literal["done", "ahead", "on_track", "behind", "missing", "unassessed", ""] = "",
                 q: str = Query("", max_length=100), format: TableFormat = "xlsx",
                 db: Session = Depends(get_db), user: User = Depends(require_staff)):
    sel = dashboard.select(db, plan_id, round_id)
    if sel.plan is None or sel.round is None:
        return message_page(request, "无法导出", "该计划还没有报送轮次，没有可导出的进展", 400)
    found = task_page(db, user=user, plan_id=sel.plan.id, round_id=sel.round.id, now=now(request), unit_id=unit_id,
                      status=status or None, keyword=q, page=1, per_page=1_000_000)
    wanted = {r.task_id for r in found.rows}
    tasks = [t for t in ledger.tasks_of(db, sel.plan.id) if t.id in wanted]
    if not tasks:
        return message_page(request, "无法导出", "没有符合条件的任务", 400)
    reports = ledger.reports_of_round(db, sel.round.id, [t.id for t in tasks])
    items = {t.id: items_of(t, counted_versions(reports.get(t.id, []), COUNTED_STATES)) for t in tasks}
    doc = round_document(sel.plan, sel.round, tasks, items)
    exporter = get_exporter(format)
    try:
        data = exporter.render(table_from_document(doc, title_lines=(
            sel.plan.title, f"{sel.round.label}进展情况表（筛选结果，{len(tasks)}项）")))
    except ExportError as exc:
        return message_page(request, "无法导出", str(exc), 400)
    return download(data, _safe(f"{sel.plan.title}-{sel.round.label}-筛选{len(tasks)}项{exporter.suffix}"),
                    exporter.media_type)
