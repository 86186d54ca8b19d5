"""政务公开 inside the server: the public tracker at ``/open``, one design and one data path with ``duban publish``.

Why the static build: the pages at ``/open/`` are the files ``duban publish`` writes
(kept current by ``SiteKeeper``, mounted in ``app.py``), so what the office sees in
the server is byte for byte what the district's portal serves. These routes add
what files cannot: ``/open`` itself, the old ``/open?plan_id=…`` and
``/open/tasks/N`` addresses (redirected to the static pages), and their JSON twins,
which apply the same rule as the pages — published rounds only, and only statuses
a person confirmed (``work.public_status``).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.export.site.data import org_year_slug
from duban.store.models import Plan, Round, Task
from duban.web.deps import get_db, now
from duban.work import dashboard
from duban.work.public_status import public_status
from duban.work.rounds import lagging, scorecard
from duban.work.states import RoundState
from duban.work.status import summarize
from duban.work.statuscache import cached_public_dicts, cached_public_statuses
from duban.work.tasks import story_dict, task_story

router = APIRouter(tags=["公开"])


def public_board(db: Session, plan_id: int | None, round_id: int | None, moment) -> dict:
    """The dashboard's figures for the public: published rounds, confirmed statuses (as the site shows them)."""
    sel = dashboard.select(db, plan_id, round_id, public=True)
    statuses, history = [], []
    for rnd in sel.rounds:
        rows = cached_public_statuses(db, sel.plan.id, rnd.id, moment)
        history.append((rnd, summarize(rows)))
        if sel.round is not None and rnd.id == sel.round.id:
            statuses = rows
    board = dashboard.Dashboard(sel, statuses, summarize(statuses), scorecard(statuses), lagging(statuses), history)
    data = board.to_dict()
    data["tasks"] = cached_public_dicts(db, sel.plan.id, sel.round.id, moment) if sel.round else []
    return data


@router.get("/open", summary="公开：政务公开网站首页；format=json 返回已公开轮次的任务状态统计与任务列表")
async def public_home(request: Request, plan_id: int | None = None, round_id: int | None = None,
                      format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
                      db: Session = Depends(get_db)):
    if format == "json" or "application/json" in request.headers.get("accept", ""):
        data = await run_in_threadpool(public_board, db, plan_id, round_id, now(request))
        return JSONResponse(jsonable_encoder(data))
    if plan_id is not None:
        plan = db.get(Plan, plan_id)
        if plan is not None and db.scalar(select(Round.id).where(Round.plan_id == plan_id,
                                                                 Round.state == RoundState.PUBLISHED).limit(1)):
            return RedirectResponse(f"/open/{org_year_slug(plan.org_id, plan.year)}.html#plan{plan_id}", 302)
    return RedirectResponse("/open/", 307)  # the site's relative links resolve from the folder


@router.get("/open/tasks/{task_id}", summary="公开：任务详情（仅已公开轮次的进展，仅经确认的状态）")
def public_task(request: Request, task_id: int, format: Literal["html", "json"] = "html",
                db: Session = Depends(get_db)):
    task = db.get(Task, task_id)
    published = task is not None and db.scalar(select(Round.id).where(
        Round.plan_id == task.plan_id, Round.state == RoundState.PUBLISHED).limit(1))
    if not published:
        raise HTTPException(404, "没有这个公开任务")
    if format != "json" and "application/json" not in request.headers.get("accept", ""):
        return RedirectResponse(f"/open/task/{task_id}.html", 302)
    story = task_story(db, task, None, now(request), public=True)
    for entry in story.entries:
        a = entry.assessment
        p = public_status(a.status, a.suggested, a.basis, a.share, a.time_share, a.reason)
        entry.assessment = replace(a, status=p.status, suggested=False, basis=p.basis, share=p.share, reason=p.reason)
    return JSONResponse(jsonable_encoder(story_dict(story)))
