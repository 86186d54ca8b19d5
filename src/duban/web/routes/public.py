"""政务公开 inside the server: published rounds only, to anyone, without logging in.

The export area's static public site (``duban publish``) is the full tracker; these
pages are the live view of the same published data, and the access rule is the
same: nothing of a round that is not published, whatever URL is tried.
"""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.models import Round, Task
from duban.web.deps import get_db, now
from duban.web.render import page
from duban.web.routes.dashboard import chart_json
from duban.work import dashboard
from duban.work.tasks import story_dict, task_story

router = APIRouter(tags=["公开"])


@router.get("/open", summary="公开：已公开轮次的任务状态统计与任务列表")
def public_home(request: Request, plan_id: int | None = None, round_id: int | None = None,
                format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
                db: Session = Depends(get_db)):
    moment = now(request)
    board = dashboard.build(db, plan_id, round_id, moment, public=True)
    data = board.to_dict()
    data["tasks"] = [s.to_dict() for s in board.statuses]
    return page(request, "public.html", {"board": board,
                                         "charts": chart_json(board, moment.date())}, data)


@router.get("/open/tasks/{task_id}", summary="公开：任务详情（仅已公开轮次的进展）")
def public_task(request: Request, task_id: int, format: Literal["html", "json"] = "html",
                db: Session = Depends(get_db)):
    task = db.get(Task, task_id)
    published = task is not None and db.scalar(select(Round.id).where(
        Round.plan_id == task.plan_id, Round.state == "published").limit(1))
    if not published:
        raise HTTPException(404, "没有这个公开任务")
    story = task_story(db, task, None, now(request), public=True)
    data = story_dict(story)
    return page(request, "public_task.html", {"story": story, "public": True}, data)
