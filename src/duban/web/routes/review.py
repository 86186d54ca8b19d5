"""审核 (the office): the reports waiting for review, approve or return with a comment, confirm the status."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.db import StoreError, write_transaction
from duban.store.models import Plan, ProgressReport, Round, Task, User
from duban.store.services.progress import latest_report
from duban.web.deps import get_db, now, require_admin
from duban.web.render import flash, page
from duban.web.routes.mytasks import previous_items
from duban.work import evidence, ledger
from duban.work.reporting import AccessDenied, ReportConflict, review_blocked, review_report
from duban.work.rounds import assess_task
from duban.work.states import ReportState, RoundState
from duban.work.statuscache import cached_statuses
from duban.work.textdiff import changed_share, diff_texts

router = APIRouter(tags=["审核"])

# the review list's tabs: handed-in reports are the office's queue (待审核), the others go by their state's word
QUEUES = {ReportState.SUBMITTED: "待审核", ReportState.RETURNED: ReportState.RETURNED.label,
          ReportState.APPROVED: ReportState.APPROVED.label}
Queue = Literal[ReportState.SUBMITTED, ReportState.RETURNED, ReportState.APPROVED]


def review_rows(db: Session, state: str, moment) -> list[dict]:
    """The latest version of every report in ``state`` in open or closed rounds, with the system's suggestion."""
    rows = []
    reviewable = select(Round).where(Round.state.in_((RoundState.OPEN, RoundState.CLOSED))).order_by(Round.id)
    for rnd in db.scalars(reviewable):
        statuses = {s.task_id: s for s in cached_statuses(db, rnd.plan_id, rnd.id, moment)}
        for task_id, versions in ledger.reports_of_round(db, rnd.id).items():
            for report in ledger.latest_versions(versions).values():
                if report.state == state:
                    rows.append({"report": report, "task": db.get(Task, task_id), "round": rnd,
                                 "suggestion": statuses.get(task_id)})
    return sorted(rows, key=lambda r: (r["round"].id, r["task"].position, r["task"].id, r["report"].unit_id or 0))


def handed_in(db: Session, rnd: Round, task: Task) -> list[ProgressReport]:
    """Every version of the task's reports in the round but drafts, which stay the unit's own."""
    return [v for v in ledger.reports_of_round(db, rnd.id, [task.id]).get(task.id, []) if v.state != ReportState.DRAFT]


@router.get("/review", summary="待审核的进展：按单位、状态、系统建议状态筛选")
def review_list(request: Request, state: Queue = ReportState.SUBMITTED,
                unit_id: int | None = None,
                suggested: Literal["done", "ahead", "on_track", "behind", "missing", "unassessed", ""] = "",
                format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
                db: Session = Depends(get_db), user: User = Depends(require_admin)):
    everything = review_rows(db, state, now(request))
    units = sorted({(r["report"].unit_id, r["report"].unit.name) for r in everything if r["report"].unit},
                   key=lambda u: u[1])
    rows = [r for r in everything if (unit_id is None or r["report"].unit_id == unit_id)
            and (not suggested or (r["suggestion"] and r["suggestion"].status.value == suggested))]
    data = [{"report_id": r["report"].id, "version": r["report"].version, "task_id": r["task"].id,
             "task": ledger.task_label(r["task"]), "round": r["round"].label,
             "unit": r["report"].unit.name if r["report"].unit else None, "author": r["report"].author,
             "at": r["report"].created_at,
             "suggested_status": r["suggestion"].status.value if r["suggestion"] else None,
             "reason": r["suggestion"].reason if r["suggestion"] else None} for r in rows]
    return page(request, "review_list.html", {"rows": rows, "state": state, "queues": QUEUES, "units": units,
                                              "filters": {"unit_id": unit_id, "suggested": suggested}}, data)


@router.post("/review/bulk", summary="批量审核通过（状态按系统建议，或逐项确认的状态）")
def review_bulk(request: Request, report: list[str] = Form(default=[]), db: Session = Depends(get_db),
                user: User = Depends(require_admin)):
    """Each value is ``report_id:version``; a report changed since the list was drawn is skipped, not approved."""
    approved, skipped = 0, []
    moment = now(request)
    write_transaction(db)  # before the first read: what is approved is what was read
    for value in report:
        try:
            report_id, version = (int(x) for x in value.split(":", 1))
        except ValueError:
            continue
        row = db.get(ProgressReport, report_id)
        if row is None:
            continue
        task, rnd = row.task, row.round
        versions = handed_in(db, rnd, task)
        assessment, _ = assess_task(task, db.get(Plan, task.plan_id), rnd, versions, moment)
        try:
            with db.begin_nested():
                review_report(db, user=user, report_id=report_id, decision="approve", comment="",
                              status=assessment.status.value, base_version=version)
            approved += 1
        except (ReportConflict, StoreError, AccessDenied):
            skipped.append(ledger.task_label(task, 16))
    message = f"已批量通过{approved}份进展（状态按系统建议）"
    if skipped:
        message += f"；{len(skipped)}份已被修改或不能审核，未处理：{'、'.join(skipped[:5])}"
    flash(request, message, "warning" if skipped else "notice")
    return RedirectResponse(f"/review?state={ReportState.SUBMITTED}", status_code=303)


@router.get("/review/{report_id}", summary="审核一份进展")
def review_form(request: Request, report_id: int, format: Literal["html", "json"] = "html",
                db: Session = Depends(get_db), user: User = Depends(require_admin)):
    report = db.get(ProgressReport, report_id)
    if report is None or report.state == ReportState.DRAFT:
        raise HTTPException(404, "没有这份进展")
    latest = latest_report(session=db, task_id=report.task_id, round_id=report.round_id, unit_id=report.unit_id)
    task, rnd = report.task, report.round
    plan = db.get(Plan, task.plan_id)
    versions = handed_in(db, rnd, task)
    assessment, _ = assess_task(task, plan, rnd, [v for v in versions if v.id <= latest.id], now(request))
    entered = {a.get("target_id"): a.get("value") for a in latest.achievements or []}
    before = previous_items(db, task, rnd, latest.unit_id)
    text, old = "\n".join(str(i) for i in latest.items or []), "\n".join(before)
    diff = diff_texts(old, text) if before else None
    queue = [r["report"].id for r in review_rows(db, ReportState.SUBMITTED, now(request))]
    here = queue.index(latest.id) if latest.id in queue else None
    neighbours = {"prev": queue[here - 1] if here else None,
                  "next": queue[here + 1] if here is not None and here + 1 < len(queue) else
                  (queue[0] if here is None and queue else None),
                  "position": (here + 1) if here is not None else None, "total": len(queue)}
    data = {"report_id": latest.id, "version": latest.version, "state": latest.state, "items": latest.items,
            "suggested_status": assessment.status.value, "suggested": assessment.suggested,
            "reason": assessment.reason}
    return page(request, "review_form.html", {"report": latest, "task": task, "round": rnd, "plan": plan,
                                              "assessment": assessment, "entered": entered,
                                              "units": ledger.ordered_units(task),
                                              "attachments": evidence.attachments(db, task.id, rnd.id, latest.unit_id),
                                              "diff": diff, "changed": changed_share(old, text) if before else None,
                                              "neighbours": neighbours, "blocked": review_blocked(latest)},
                data)


@router.post("/review/{report_id}", summary="审核通过或退回（带意见），并确认状态")
def review_save(request: Request, report_id: int, decision: Literal["approve", "return"] = Form(...),
                comment: str = Form(""), status: str = Form(""), base_version: int = Form(...),
                next_after: bool = Form(False),
                db: Session = Depends(get_db), user: User = Depends(require_admin)):
    report = review_report(db, user=user, report_id=report_id, decision=decision, comment=comment,
                           status=status or None, base_version=base_version)
    queue = [r["report"].id for r in review_rows(db, ReportState.SUBMITTED, now(request))]
    flash(request, f"已{'审核通过' if decision == 'approve' else '退回'}：{ledger.task_label(report.task, 24)}")
    if next_after and queue:
        return RedirectResponse(f"/review/{queue[0]}", status_code=303)
    return RedirectResponse(f"/review?state={ReportState.SUBMITTED}", status_code=303)
