"""报送轮次: open a round, see who has not reported, chase, close and publish."""
from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.models import Round, Unit, User
from duban.web.deps import get_db, now, require_admin, require_staff
from duban.web.render import flash, page
from duban.work import chase, dashboard
from duban.work import rounds as round_work
from duban.work.states import RoundState
from duban.work.statuscache import cached_statuses

router = APIRouter(tags=["轮次"])


def round_dict(r: Round) -> dict:
    return {"id": r.id, "plan_id": r.plan_id, "label": r.label, "start": r.start, "end": r.end, "due": r.due,
            "state": r.state}


@router.get("/rounds", summary="报送轮次列表")
def round_list(request: Request, plan_id: int | None = None,
               format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
               db: Session = Depends(get_db), user: User = Depends(require_staff)):
    sel = dashboard.select(db, plan_id, None)
    rows = []
    for rnd in sel.rounds:
        statuses = cached_statuses(db, sel.plan.id, rnd.id, now(request))
        rows.append({"round": rnd, "tasks": len(statuses), "handed_in": sum(1 for s in statuses if s.handed_in_at)})
    data = [{**round_dict(r["round"]), "tasks": r["tasks"], "handed_in": r["handed_in"]} for r in rows]
    return page(request, "rounds.html", {"sel": sel, "rows": rows, "today": now(request).date()}, data)


@router.post("/rounds", summary="开启新的报送轮次")
def round_open(request: Request, plan_id: int = Form(...), label: str = Form(..., min_length=1, max_length=50),
               end: date = Form(...), due: date = Form(...),
               db: Session = Depends(get_db), user: User = Depends(require_admin)):
    rnd = round_work.open_round(db, actor=user.username, plan_id=plan_id, label=label, end=end, due=due,
                                start=date(end.year, 1, 1))
    return RedirectResponse(f"/rounds/{rnd.id}", status_code=303)


def _round_or_404(db: Session, round_id: int) -> Round:
    rnd = db.get(Round, round_id)
    if rnd is None:
        raise HTTPException(404, "没有这个轮次")
    return rnd


@router.get("/rounds/{round_id}", summary="轮次详情：未报送单位与任务")
def round_detail(request: Request, round_id: int, format: Literal["html", "json"] = "html",
                 db: Session = Depends(get_db), user: User = Depends(require_staff)):
    rnd = _round_or_404(db, round_id)
    statuses = cached_statuses(db, rnd.plan_id, rnd.id, now(request), suggestions=True)
    suggested = sum(1 for s in statuses if s.suggested)  # awaiting a person's confirmation
    missing: dict[str, list] = {}
    for s in statuses:
        if s.handed_in_at is None:
            missing.setdefault(s.unit_name or "（未指定单位）", []).append(s)
    pending = round_work.pending_reviews(db, rnd.id) if rnd.state != RoundState.PUBLISHED else []
    data = {**round_dict(rnd), "missing": {unit: [s.to_dict() for s in rows] for unit, rows in missing.items()},
            "scorecard": [u.to_dict() for u in round_work.scorecard(statuses)],
            "pending_review": [r.id for r in pending], "suggestions": suggested}
    return page(request, "round.html", {"round": rnd, "plan": rnd.plan, "missing": missing, "pending": pending,
                                        "scores": round_work.scorecard(statuses), "suggested": suggested}, data)


@router.post("/rounds/{round_id}/close", summary="截止报送（停止填报；已报送的进展仍可审核）")
def round_close(round_id: int, db: Session = Depends(get_db), user: User = Depends(require_admin)):
    _round_or_404(db, round_id)
    round_work.close_round(db, actor=user.username, round_id=round_id)
    return RedirectResponse(f"/rounds/{round_id}", status_code=303)


@router.post("/rounds/{round_id}/reopen", summary="重新开放已截止的轮次")
def round_reopen(round_id: int, db: Session = Depends(get_db), user: User = Depends(require_admin)):
    _round_or_404(db, round_id)
    round_work.reopen_round(db, actor=user.username, round_id=round_id)
    return RedirectResponse(f"/rounds/{round_id}", status_code=303)


@router.post("/rounds/{round_id}/publish",
             summary="公开轮次（审核通过的进展对公众可见）；有待审核进展时须先审核，或 pending=approve/exclude 统一处理")
def round_publish(request: Request, round_id: int, background: BackgroundTasks,
                  pending: Literal["approve", "exclude"] | None = Form(None), db: Session = Depends(get_db),
                  user: User = Depends(require_admin)):
    _round_or_404(db, round_id)
    round_work.publish_round(db, actor=user.username, round_id=round_id, pending=pending)
    db.commit()  # before the rebuild below reads the database in its own session
    # after the response: the public site follows at once, without making the office wait for it
    background.add_task(request.app.state.public_site.ensure_fresh, force_check=True)
    return RedirectResponse(f"/rounds/{round_id}", status_code=303)


def remind_summary(sent: list, settings) -> tuple[str, str]:
    """One honest line: how many units were chased and how many of them were actually reached."""
    if not sent:
        return "notice", "没有需要催办的单位：均已报送，或今天已催办过（失败的可再次催办）。"
    reached = [s for s in sent if any(d.ok for d in s.deliveries)]
    failed = [s for s in sent if any(not d.ok and not d.skipped for d in s.deliveries)]
    silent = [s for s in sent if s not in reached and s not in failed]
    parts = [f"已催办{len(sent)}个单位", f"送达{len(reached)}个"]
    if failed:
        parts.append(f"发送失败{len(failed)}个（可再次点击催办重试）")
    if silent:
        why = "未配置邮件或机器人" if not (settings.smtp_host or settings.webhook_url) else "没有邮箱地址"
        parts.append(f"未送达{len(silent)}个（{why}，单位只能在登录后看到提醒，请电话联系）")
    return ("notice" if len(reached) == len(sent) and not failed else "warning"), "，".join(parts) + "。"


@router.post("/rounds/{round_id}/remind", summary="催办：向所有未报送单位发送提醒（任何一天都可；同一单位同一天只发一次）")
def round_remind(request: Request, round_id: int, db: Session = Depends(get_db),
                 user: User = Depends(require_admin)):
    rnd = _round_or_404(db, round_id)
    if rnd.state != RoundState.OPEN:
        raise HTTPException(400, f"只能对{RoundState.OPEN.label}的轮次催办")
    settings = request.app.state.settings
    sent = chase.chase_now(db, settings, rnd, now(request).date(), user.username)
    db.commit()
    flash(request, *remind_summary(sent, settings)[::-1])
    return RedirectResponse(f"/rounds/{round_id}/reminders", status_code=303)


@router.get("/rounds/{round_id}/reminders", summary="催办记录：每个单位、每个渠道是否送达")
def round_reminders(request: Request, round_id: int, format: Literal["html", "json"] = "html",
                    db: Session = Depends(get_db), user: User = Depends(require_staff)):
    rnd = _round_or_404(db, round_id)
    rows = chase.deliveries(db, rnd.id)
    settings = request.app.state.settings
    channels = [c for c, on in (("邮件", settings.smtp_host), ("机器人", settings.webhook_url)) if on]
    data = [{"day": r.day, "unit": r.unit_name, "outcome": r.outcome, "channels": r.channels,
             "recipients": r.recipients, "attempts": r.attempts} for r in rows]
    return page(request, "reminders.html", {"round": rnd, "plan": rnd.plan, "rows": rows, "channels": channels}, data)


@router.get("/rounds/{round_id}/remind-sheet", summary="打印催办单：每个未报送单位一页")
def round_remind_sheet(request: Request, round_id: int, db: Session = Depends(get_db),
                       user: User = Depends(require_staff)):
    rnd = _round_or_404(db, round_id)
    today = now(request).date()
    owed = chase.outstanding(db, rnd, today)
    units = {u.id: u for u in db.scalars(select(Unit).where(Unit.id.in_({r.unit_id for r in owed})))}
    return page(request, "remind_sheet.html", {"round": rnd, "plan": rnd.plan, "owed": owed, "units": units,
                                               "today": today})
