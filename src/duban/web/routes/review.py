"""审核 (the office): the reports waiting for review, approve or return with a comment, confirm the status."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.models import Plan, ProgressReport, Round, Task, User
from duban.store.services.progress import latest_report
from duban.web.deps import get_db, now, require_admin
from duban.web.render import page
from duban.work import evidence, ledger
from duban.work.reporting import review_report
from duban.work.rounds import assess_task

router = APIRouter(tags=["审核"])


@router.get("/review", summary="待审核的进展（各报送中或已关闭轮次）")
def review_list(request: Request, state: Literal["submitted", "returned", "approved"] = "submitted",
                format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
                db: Session = Depends(get_db), user: User = Depends(require_admin)):
    rows = []
    for rnd in db.scalars(select(Round).where(Round.state.in_(("open", "closed"))).order_by(Round.id)):
        for task_id, versions in ledger.reports_of_round(db, rnd.id).items():
            for report in ledger.latest_versions(versions).values():
                if report.state == state:
                    rows.append({"report": report, "task": db.get(Task, task_id), "round": rnd})
    data = [{"report_id": r["report"].id, "version": r["report"].version, "task_id": r["task"].id,
             "task": ledger.task_label(r["task"]), "round": r["round"].label,
             "unit": r["report"].unit.name if r["report"].unit else None, "author": r["report"].author,
             "at": r["report"].created_at} for r in rows]
    return page(request, "review_list.html", {"rows": rows, "state": state}, data)


@router.get("/review/{report_id}", summary="审核一份进展")
def review_form(request: Request, report_id: int, format: Literal["html", "json"] = "html",
                db: Session = Depends(get_db), user: User = Depends(require_admin)):
    report = db.get(ProgressReport, report_id)
    if report is None or report.state == "draft":
        raise HTTPException(404, "没有这份进展")
    latest = latest_report(session=db, task_id=report.task_id, round_id=report.round_id, unit_id=report.unit_id)
    task, rnd = report.task, report.round
    plan = db.get(Plan, task.plan_id)
    versions = [v for v in ledger.reports_of_round(db, rnd.id, [task.id]).get(task.id, []) if v.state != "draft"]
    assessment, _ = assess_task(task, plan, rnd, [v for v in versions if v.id <= latest.id], now(request))
    entered = {a.get("target_id"): a.get("value") for a in latest.achievements or []}
    data = {"report_id": latest.id, "version": latest.version, "state": latest.state, "items": latest.items,
            "suggested_status": assessment.status.value, "suggested": assessment.suggested,
            "reason": assessment.reason}
    return page(request, "review_form.html", {"report": latest, "task": task, "round": rnd, "plan": plan,
                                              "assessment": assessment, "entered": entered,
                                              "units": ledger.ordered_units(task),
                                              "attachments": evidence.attachments(db, task.id, rnd.id, latest.unit_id)},
                data)


@router.post("/review/{report_id}", summary="审核通过或退回（带意见），并确认状态")
def review_save(report_id: int, decision: Literal["approve", "return"] = Form(...), comment: str = Form(""),
                status: str = Form(""), base_version: int = Form(...),
                db: Session = Depends(get_db), user: User = Depends(require_admin)):
    report = review_report(db, user=user, report_id=report_id, decision=decision, comment=comment,
                           status=status or None, base_version=base_version)
    return RedirectResponse(f"/review?state=submitted&done={report.id}", status_code=303)
