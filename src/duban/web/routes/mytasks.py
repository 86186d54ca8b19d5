"""我的任务 (reporters): the tasks due in open rounds, the report form, save draft, submit, resubmit."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.db import StoreError
from duban.store.models import Plan, ProgressReport, Round, Task, User
from duban.store.services.progress import latest_report
from duban.web.deps import get_db, now, require_reporter
from duban.web.render import page
from duban.web.routes.imports import blobs
from duban.work import chase, evidence, ledger
from duban.work.reporting import save_report, withdraw_report
from duban.work.rounds import target_inputs
from duban.work.states import ReportState, RoundState
from duban.work.status import achievements_from_text

router = APIRouter(tags=["填报"])


def open_rounds_for(db: Session, unit_id: int) -> list[tuple[Round, list[Task]]]:
    own = ledger.unit_task_query(unit_id)
    result = []
    for rnd in db.scalars(select(Round).where(Round.state == RoundState.OPEN).order_by(Round.due, Round.id)):
        tasks = list(db.scalars(select(Task).where(Task.plan_id == rnd.plan_id, Task.id.in_(own))
                                .order_by(Task.position, Task.id)))
        if tasks:
            result.append((rnd, tasks))
    return result


@router.get("/my", summary="我的任务：本单位在报送中轮次的任务及填报状态")
def my_tasks(request: Request, format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
             db: Session = Depends(get_db), user: User = Depends(require_reporter)):
    groups = []
    for rnd, tasks in open_rounds_for(db, user.unit_id):
        versions = ledger.reports_of_round(db, rnd.id, [t.id for t in tasks])  # one query, not one per task
        rows = [{"task": t, "report": ledger.latest_versions(versions.get(t.id, [])).get(user.unit_id)}
                for t in tasks]
        groups.append({"round": rnd, "plan": db.get(Plan, rnd.plan_id), "rows": rows})
    data = [{"round_id": g["round"].id, "round": g["round"].label, "due": g["round"].due, "plan": g["plan"].title,
             "tasks": [{"task_id": r["task"].id, "label": ledger.task_label(r["task"]),
                        "state": r["report"].state if r["report"] else None,
                        "version": r["report"].version if r["report"] else 0,
                        "comment": r["report"].reviewer_comment if r["report"] else None} for r in g["rows"]]}
            for g in groups]
    banners = chase.banners(db, user.unit_id, now(request).date())
    return page(request, "my.html", {"groups": groups, "banners": banners}, data)


def _task_and_round(db: Session, user: User, round_id: int, task_id: int) -> tuple[Task, Round]:
    task, rnd = db.get(Task, task_id), db.get(Round, round_id)
    if task is None or rnd is None or rnd.plan_id != task.plan_id \
            or task.id not in ledger.unit_task_ids(db, user.unit_id):
        raise HTTPException(404, "没有这个任务，或不属于本单位")
    return task, rnd


def previous_items(db: Session, task: Task, rnd: Round, unit_id: int) -> list[str]:
    """The unit's text from the round before, to start from instead of a blank form."""
    for earlier in reversed([r for r in ledger.rounds_of(db, rnd.plan_id) if r.id != rnd.id
                             and (r.end or r.due) and (rnd.end or rnd.due) and (r.end or r.due) < (rnd.end or rnd.due)]):
        versions = ledger.reports_of_round(db, earlier.id, [task.id]).get(task.id, [])
        handed = [v for v in versions if v.state != ReportState.DRAFT]
        if handed:
            return [str(i) for i in handed[-1].items or []]
    return []


def form_context(db: Session, user: User, task: Task, rnd: Round, report: ProgressReport | None,
                 posted: dict | None = None, errors: dict[str, str] | None = None) -> dict:
    """The form's values: what was just posted (kept after an error), else the stored report, else empty.

    Last round's text is shown beside the form, read-only, with a 沿用上期 button:
    it is never copied in silently, so old items are not handed in as new by accident.
    """
    sections = (report.sections or {}) if report else {}
    if posted is None:
        entered = {a.get("target_id"): a.get("value") for a in (report.achievements if report else []) or []}
        posted = {"items": [str(i) for i in report.items] if report else [],
                  "problems": "\n".join(sections.get("problems") or []), "plans": "\n".join(sections.get("plans") or []),
                  "percent": _plain(sections.get("percent")),
                  "achievements": {t.id: _plain(entered.get(t.id)) for t in task.targets}}
    items = [i for i in posted["items"] if i.strip()]
    suggested = achievements_from_text(target_inputs(task), items)  # the reading that suggests the status
    targets = [{"target": t, "value": posted["achievements"].get(t.id, ""), "suggested": s}
               for t, s in zip(task.targets, suggested)]
    return {"task": task, "round": rnd, "plan": db.get(Plan, rnd.plan_id), "report": report,
            "items": posted["items"] or [""], "problems": posted["problems"], "plans": posted["plans"],
            "percent": posted["percent"], "targets": targets, "units": ledger.ordered_units(task),
            "previous": previous_items(db, task, rnd, user.unit_id), "errors": errors or {},
            "attachments": evidence.attachments(db, task.id, rnd.id, user.unit_id), "accept": evidence.ACCEPT}


def _plain(value) -> str:
    """A stored number as the person typed it: 1200.0 → 1200."""
    return "" if value is None else f"{value:g}"


@router.get("/my/{round_id}/{task_id}", summary="填报表单")
def report_form(request: Request, round_id: int, task_id: int, format: Literal["html", "json"] = "html",
                db: Session = Depends(get_db), user: User = Depends(require_reporter)):
    task, rnd = _task_and_round(db, user, round_id, task_id)
    report = latest_report(session=db, task_id=task.id, round_id=rnd.id, unit_id=user.unit_id)
    context = form_context(db, user, task, rnd, report)
    context["banners"] = [b for b in chase.banners(db, user.unit_id, now(request).date()) if b.round_id == rnd.id]
    data = {"task_id": task.id, "round_id": rnd.id, "version": report.version if report else 0,
            "state": report.state if report else None, "items": [i for i in context["items"] if i],
            "problems": (report.sections or {}).get("problems", []) if report else [],
            "plans": (report.sections or {}).get("plans", []) if report else [],
            "percent": (report.sections or {}).get("percent") if report else None,
            "previous_items": context["previous"],
            "comment": report.reviewer_comment if report else None,
            "attachments": [{"id": a.id, "file_name": a.file_name, "size": a.size} for a in context["attachments"]],
            "targets": [{"target_id": t["target"].id, "text": t["target"].text, "value": t["value"] or None,
                         "suggested": t["suggested"]} for t in context["targets"]]}
    return page(request, "report_form.html", context, data)


def read_number(raw: str, unit: str | None = None, *, percent: bool = False) -> float | None:
    """A number as people type it (``1,200``, ``八十``, ``80%`` for a percentage); ValueError says why not."""
    text = raw.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        return None
    if percent or unit in ("%", "％"):
        text = text.rstrip("%％")
    elif unit and text.endswith(unit):
        text = text[: -len(unit)]
    try:
        value = float(text)
    except ValueError:
        try:
            import cn2an
            value = float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError, TypeError):
            hint = "（百分比请只填数字，如 80）" if "%" in text or "％" in text else ""
            raise ValueError(f"“{raw.strip()}”不是数字{hint}") from None
    if value < 0:
        raise ValueError("不能为负数")
    if percent and value > 100:
        raise ValueError("不能超过100")
    return value


@router.post("/my/{round_id}/{task_id}", summary="保存草稿或提交（base_version 不是最新版本时返回 409 和双方文本）")
async def report_save(request: Request, round_id: int, task_id: int, db: Session = Depends(get_db),
                      user: User = Depends(require_reporter)):
    # the form's field names depend on the task's targets, so it is read here; the database work
    # runs in the thread pool like every sync route, never on the event loop
    form = await request.form()
    uploads = [evidence.Upload(f.filename or "", await f.read()) for f in form.getlist("attachment")
               if getattr(f, "filename", None)]
    return await run_in_threadpool(_save_form, request, db, user, round_id, task_id, form, uploads)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _save_form(request: Request, db: Session, user: User, round_id: int, task_id: int, form, uploads):
    task, rnd = _task_and_round(db, user, round_id, task_id)
    posted = {"items": [str(v) for v in form.getlist("item")], "problems": str(form.get("problems") or ""),
              "plans": str(form.get("plans") or ""), "percent": str(form.get("percent") or ""),
              "achievements": {t.id: str(form.get(f"achievement_{t.id}") or "") for t in task.targets}}
    errors: dict[str, str] = {}
    achievements = {}
    for t in task.targets:
        try:
            achievements[t.id] = read_number(posted["achievements"][t.id], t.unit)
        except ValueError as exc:
            errors[f"achievement_{t.id}"] = f"完成值{exc}"
    try:
        percent = read_number(posted["percent"], percent=True)
    except ValueError as exc:
        errors["percent"], percent = f"完成百分比{exc}", None
    settings = request.app.state.settings
    already = len(evidence.attachments(db, task.id, rnd.id, user.unit_id))
    problem = evidence.check(uploads, settings.max_file_mb, already) if uploads else None
    if problem:
        errors["attachment"] = problem + "；请重新选择文件"
    try:
        base_version = int(form.get("base_version", "0"))
    except ValueError:
        base_version = -1
    if form.get("action") == "withdraw":
        withdraw_report(db, user=user, task=task, round_=rnd, base_version=base_version)
        return RedirectResponse(f"/my/{round_id}/{task_id}?saved={ReportState.WITHDRAWN}", status_code=303)
    submit = form.get("action") == "submit"
    if submit and not [i for i in posted["items"] if i.strip()]:
        errors["items"] = "提交前请至少填写一条工作进展"
    if not errors:
        sections = {"problems": _lines(posted["problems"]), "plans": _lines(posted["plans"]), "percent": percent}
        try:
            save_report(db, user=user, task=task, round_=rnd, items=posted["items"], achievements=achievements,
                        base_version=base_version, submit=submit,
                        sections={k: v for k, v in sections.items() if v not in (None, [])})
        except StoreError as exc:
            db.rollback()
            errors["items"] = str(exc)
    if errors:
        report = latest_report(session=db, task_id=task.id, round_id=rnd.id, unit_id=user.unit_id)
        context = form_context(db, user, task, rnd, report, posted, errors)
        return page(request, "report_form.html", context, status_code=400)
    if uploads:
        evidence.attach(db, blobs(request), user=user, task_id=task.id, round_id=rnd.id, unit_id=user.unit_id,
                        uploads=uploads)
    saved = ReportState.SUBMITTED if submit else ReportState.DRAFT
    return RedirectResponse(f"/my/{round_id}/{task_id}?saved={saved}", status_code=303)


@router.post("/my/{round_id}/{task_id}/attachments/{attachment_id}/remove", summary="删除佐证材料（保留记录）")
def attachment_remove(round_id: int, task_id: int, attachment_id: int, db: Session = Depends(get_db),
                      user: User = Depends(require_reporter)):
    _task_and_round(db, user, round_id, task_id)
    evidence.remove(db, user=user, attachment_id=attachment_id)
    return RedirectResponse(f"/my/{round_id}/{task_id}#attachments", status_code=303)
