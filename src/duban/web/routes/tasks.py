"""任务: the filtered, paged task list with status lights, and one task's page."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.models import Assignment, Task, Unit, User
from duban.web.deps import get_db, now, require_user
from duban.web.render import page
from duban.work import dashboard
from duban.work.reporting import can_see_task
from duban.work.status import Status
from duban.work.tasks import story_dict, task_page, task_story

router = APIRouter(tags=["任务"])


def plan_units(db: Session, plan_id: int) -> list[Unit]:
    return list(db.scalars(select(Unit).join(Assignment, Assignment.unit_id == Unit.id).join(
        Task, Task.id == Assignment.task_id).where(Task.plan_id == plan_id).distinct().order_by(Unit.name)))


@router.get("/tasks", summary="任务列表：按计划、轮次、单位、状态、关键词筛选，分页")
def task_list(request: Request, plan_id: int | None = None, round_id: int | None = None, unit_id: int | None = None,
              status: Literal["done", "ahead", "on_track", "behind", "missing", "unassessed", ""] = "",
              q: str = Query("", max_length=100, description="关键词（中文分词检索）"),
              page_no: int = Query(1, alias="page", ge=1),
              format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
              db: Session = Depends(get_db), user: User = Depends(require_user)):
    sel = dashboard.select(db, plan_id, round_id)
    context = {"sel": sel, "units": [], "result": None,
               "filters": {"unit_id": unit_id, "status": status, "q": q}}
    data = {"total": 0, "page": 1, "pages": 1, "tasks": []}
    if sel.plan is not None:
        result = task_page(db, user=user, plan_id=sel.plan.id, round_id=sel.round.id if sel.round else None,
                           now=now(request), unit_id=unit_id, status=status or None, keyword=q, page=page_no)
        context.update(result=result, units=plan_units(db, sel.plan.id) if user.role != "reporter" else [])
        data = result.to_dict()
    return page(request, "tasks.html", context, data)


@router.get("/tasks/{task_id}", summary="任务详情：内容、目标、责任单位、各轮进展及变化、操作记录")
def task_detail(request: Request, task_id: int, format: Literal["html", "json"] = "html",
                db: Session = Depends(get_db), user: User = Depends(require_user)):
    task = db.get(Task, task_id)
    if task is None or not can_see_task(db, user, task):
        raise HTTPException(404, "没有这个任务，或不属于本单位")  # the same answer: existence is not revealed
    story = task_story(db, task, user, now(request))
    return page(request, "task.html", {"story": story, "Status": Status}, story_dict(story))
