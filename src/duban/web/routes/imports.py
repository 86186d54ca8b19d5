"""导入 (the office): upload a document, correct the engine's reading as a table, confirm.

The upload is kept by its content hash until confirmed, so the confirmation can
store exactly what ``duban import`` would have stored when nothing was changed.
"""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.db import StoreError
from duban.store.models import Plan, SourceDocument, User
from duban.web.deps import get_db, require_admin
from duban.web.render import flash, page
from duban.work import intake
from duban.work.blobs import BlobStore, default_blob_dir

router = APIRouter(tags=["导入"], include_in_schema=False)
ROW_FIELDS = ("seq", "ref", "content", "units", "targets", "deadline", "progress")
HEAD_FIELDS = ("kind", "title", "year", "period_label", "period_start", "period_end", "deadline")


def blobs(request: Request) -> BlobStore:
    return BlobStore(default_blob_dir(request.app.state.settings.database_url))


def _recent(db: Session) -> list[dict]:
    rows = db.execute(select(SourceDocument, Plan.title).join(Plan, Plan.id == SourceDocument.plan_id, isouter=True)
                      .order_by(SourceDocument.id.desc()).limit(10))
    return [{"doc": d, "plan": title} for d, title in rows]


def _form_page(request: Request, db: Session, error: str | None = None, status_code: int = 200):
    return page(request, "import.html", {"recent": _recent(db), "error": error,
                                         "orgs": intake.organizations(db)}, status_code=status_code)


@router.get("/import")
def import_form(request: Request, db: Session = Depends(get_db), user: User = Depends(require_admin)):
    return _form_page(request, db)


def _review(request: Request, db: Session, draft: intake.Draft, org: str, plan: str, error: str | None = None,
            status_code: int = 200):
    return page(request, "import_review.html", {"draft": draft, "org": org, "plan_title": plan, "error": error,
                                                "orgs": intake.organizations(db), "kinds": intake.KIND_LABELS},
                status_code=status_code)


@router.post("/import")
async def import_upload(request: Request, file: UploadFile | None = File(None), text: str = Form(""),
                        org: str = Form(""), plan_title: str = Form(""), db: Session = Depends(get_db),
                        user: User = Depends(require_admin)):
    settings = request.app.state.settings
    if file is not None and file.filename:
        limit = int(settings.max_file_mb * 1024 * 1024)
        data = await file.read(limit + 1)
        name = file.filename.replace("\\", "/").rsplit("/", 1)[-1]
    elif text.strip():
        data, name = text.encode("utf-8"), intake.PASTED
    else:
        return await run_in_threadpool(_form_page, request, db, "请选择文件，或粘贴任务表的文字", 400)
    draft, _ = await run_in_threadpool(intake.read_upload, data, name, settings.max_file_mb)
    if len(data) <= settings.max_file_mb * 1024 * 1024:
        await run_in_threadpool(blobs(request).put, data)
    return await run_in_threadpool(_review, request, db, draft, org, plan_title)


def _posted_draft(form) -> intake.Draft:
    draft = intake.Draft(file_name=str(form.get("file_name") or intake.PASTED)[:500],
                         file_sha256=str(form.get("file_sha256") or ""),
                         **{k: str(form.get(k) or "") for k in HEAD_FIELDS})
    columns = {k: [str(v) for v in form.getlist(k if k != "deadline" else "row_deadline")] for k in ROW_FIELDS}
    extras = [str(v) for v in form.getlist("extra")]
    for i in range(max((len(v) for v in columns.values()), default=0)):
        try:
            extra = json.loads(extras[i]) if i < len(extras) and extras[i] else {}
        except ValueError:
            extra = {}
        draft.rows.append(intake.Row(**{k: (v[i] if i < len(v) else "") for k, v in columns.items()},
                                     extra=extra if isinstance(extra, dict) else {}))
    for key in ("indicators", "commitments"):
        try:
            value = json.loads(str(form.get(key) or "[]"))
        except ValueError:
            value = []
        setattr(draft, key, value if isinstance(value, list) else [])
    return draft


@router.post("/import/confirm")
async def import_confirm(request: Request, db: Session = Depends(get_db), user: User = Depends(require_admin)):
    form = await request.form()
    draft = _posted_draft(form)
    org, plan = str(form.get("org") or "").strip(), str(form.get("plan_title") or "").strip()
    data = blobs(request).get(draft.file_sha256)
    settings = request.app.state.settings
    original = None
    if data is not None:
        _, original = await run_in_threadpool(intake.read_upload, data, draft.file_name, settings.max_file_mb)
    try:
        result = await run_in_threadpool(intake.confirm, request.app.state.sessions, draft, original,
                                         org_name=org, plan_title=plan, actor=user.username)
    except StoreError as exc:
        return await run_in_threadpool(_review, request, db, draft, org, plan, str(exc), 400)
    flash(request, f"{draft.file_name}：{result.message}")
    if result.round_id:
        return RedirectResponse(f"/rounds/{result.round_id}", status_code=303)
    if result.plan_id:
        return RedirectResponse(f"/tasks?plan_id={result.plan_id}", status_code=303)
    return RedirectResponse("/import", status_code=303)
