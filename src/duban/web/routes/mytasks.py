"""我的任务 (reporters): the tasks due in open rounds, the report form, save draft, submit, resubmit."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.models import Plan, ProgressReport, Round, Task, User
from duban.store.services.progress import latest_report
from duban.web.deps import get_db, now, require_reporter
from duban.web.render import page
from duban.work import chase, ledger
from duban.work.achievement import extract_achievements
from duban.work.reporting import save_report

router = APIRouter(tags=["填报"])


def open_rounds_for(db: Session, unit_id: int) -> list[tuple[Round, list[Task]]]:
    own = ledger.unit_task_query(unit_id)
    result = []
    for rnd in db.scalars(select(Round).where(Round.state == "open").order_by(Round.due, Round.id)):
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
        handed = [v for v in versions if v.state != "draft"]
        if handed:
            return [str(i) for i in handed[-1].items or []]
    return []


def form_context(db: Session, user: User, task: Task, rnd: Round, report: ProgressReport | None,
                 items: list[str] | None = None, error: str | None = None) -> dict:
    if items is None:
        items = [str(i) for i in report.items] if report else previous_items(db, task, rnd, user.unit_id)
    entered = {a.get("target_id"): a.get("value") for a in (report.achievements if report else []) or []}
    suggested = extract_achievements(task.targets, items) if items else [None] * len(task.targets)
    targets = [{"target": t, "value": entered.get(t.id), "suggested": s}
               for t, s in zip(task.targets, suggested)]
    return {"task": task, "round": rnd, "plan": db.get(Plan, rnd.plan_id), "report": report,
            "items": items or [""], "targets": targets, "units": ledger.ordered_units(task), "error": error}


@router.get("/my/{round_id}/{task_id}", summary="填报表单")
def report_form(request: Request, round_id: int, task_id: int, format: Literal["html", "json"] = "html",
                db: Session = Depends(get_db), user: User = Depends(require_reporter)):
    task, rnd = _task_and_round(db, user, round_id, task_id)
    report = latest_report(session=db, task_id=task.id, round_id=rnd.id, unit_id=user.unit_id)
    context = form_context(db, user, task, rnd, report)
    context["banners"] = [b for b in chase.banners(db, user.unit_id, now(request).date()) if b.round_id == rnd.id]
    data = {"task_id": task.id, "round_id": rnd.id, "version": report.version if report else 0,
            "state": report.state if report else None, "items": context["items"],
            "comment": report.reviewer_comment if report else None,
            "targets": [{"target_id": t["target"].id, "text": t["target"].text, "value": t["value"],
                         "suggested": t["suggested"]} for t in context["targets"]]}
    return page(request, "report_form.html", context, data)


def _number(raw: str | None) -> float | None:
    raw = (raw or "").strip().replace(",", "").replace("，", "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise HTTPException(422, f"完成值“{raw}”不是数字") from None
    if value < 0:
        raise HTTPException(422, "完成值不能为负数")
    return value


@router.post("/my/{round_id}/{task_id}", summary="保存草稿或提交（base_version 不是最新版本时返回 409 和双方文本）")
async def report_save(request: Request, round_id: int, task_id: int, db: Session = Depends(get_db),
                      user: User = Depends(require_reporter)):
    # the form's field names depend on the task's targets, so it is read here; the database work
    # runs in the thread pool like every sync route, never on the event loop
    form = await request.form()
    return await run_in_threadpool(_save_form, db, user, round_id, task_id, form)


def _save_form(db: Session, user: User, round_id: int, task_id: int, form) -> RedirectResponse:
    task, rnd = _task_and_round(db, user, round_id, task_id)
    items = [str(v) for v in form.getlist("item")]
    achievements = {t.id: _number(form.get(f"achievement_{t.id}")) for t in task.targets}
    try:
        base_version = int(form.get("base_version", "0"))
    except ValueError:
        raise HTTPException(422, "base_version 必须是整数") from None
    submit = form.get("action") == "submit"
    save_report(db, user=user, task=task, round_=rnd, items=items, achievements=achievements,
                base_version=base_version, submit=submit)
    return RedirectResponse(f"/my/{round_id}/{task_id}?saved={'submitted' if submit else 'draft'}", status_code=303)
