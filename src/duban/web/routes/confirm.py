"""逐项确认系统建议 (the office): each machine suggestion of a round with its reason, confirmed in bulk."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from duban.store.models import User
from duban.web.deps import get_db, now, require_admin
from duban.web.render import flash, page
from duban.work import dashboard
from duban.work.confirm import confirm_suggestions, suggestions

router = APIRouter(tags=["审核"])


@router.get("/review/confirm", summary="逐项确认系统建议：某轮次每项系统建议的状态及理由")
def confirm_page(request: Request, plan_id: int | None = None, round_id: int | None = None,
                 format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
                 db: Session = Depends(get_db), user: User = Depends(require_admin)):
    sel = dashboard.select(db, plan_id, round_id)
    rows = suggestions(db, sel.round.id, now(request)) if sel.round else []
    data = {"plan_id": sel.plan.id if sel.plan else None, "round_id": sel.round.id if sel.round else None,
            "suggestions": [s.to_dict() for s in rows]}
    return page(request, "review_confirm.html", {"sel": sel, "rows": rows}, data)


@router.post("/review/confirm", summary="确认选中的系统建议（记入操作记录）")
def confirm_save(request: Request, round_id: int = Form(...), plan_id: int = Form(...),
                 pick: list[str] = Form(default=[]), db: Session = Depends(get_db),
                 user: User = Depends(require_admin)):
    back = f"/review/confirm?plan_id={plan_id}&round_id={round_id}"
    if not pick:
        flash(request, "未选择任何系统建议，没有更改", "warning")
        return RedirectResponse(back, status_code=303)
    result = confirm_suggestions(db, actor=user.username, round_id=round_id, keys=pick, now=now(request))
    flash(request, result.message(), "warning" if result.skipped else "notice")
    return RedirectResponse(back, status_code=303)
