"""督办看板: counts and shares by status, the unit scorecard, the lagging list, charts."""
from __future__ import annotations

import json
from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from duban.store.models import User
from duban.web.deps import get_db, now, require_staff
from duban.web.render import page
from duban.work import dashboard, deadline

router = APIRouter(tags=["看板"])
PENDING_LABEL = "系统建议待确认"
PENDING_COLOUR = "#e3d38a"


def chart_options(board: dashboard.Dashboard, overdue: bool) -> dict:
    """The ECharts data the page draws: status donut, per-unit bars, status shares over rounds."""
    rows = board.summary.to_dict()["statuses"]
    units = board.units[:15]
    pending = board.summary.pending  # suggestions are 未评估 until confirmed: their own pale slice of it
    donut = [{"name": r["label"], "value": r["count"] - (pending if r["status"] == "unassessed" else 0),
              "itemStyle": {"color": r["hex"]}} for r in rows]
    donut.append({"name": PENDING_LABEL, "value": pending, "itemStyle": {"color": PENDING_COLOUR}})
    return {
        "donut": donut,
        "units": {"names": [u.unit_name for u in units], "on_time": [u.on_time for u in units],
                  "late": [u.handed_in - u.on_time for u in units],
                  "missing": [u.tasks - u.handed_in for u in units], "lagging": [u.lagging for u in units],
                  # not handed in is red only once the due date has passed; before it, just not yet
                  "missing_label": "未报送" if overdue else "尚未报送",
                  "missing_colour": "#cf222e" if overdue else "#8c959f"},
        "history": {"rounds": [r.label for r, _ in board.history],
                    "series": [{"name": r["label"], "color": r["hex"],
                                "data": [round(s.to_dict()["statuses"][i]["share"] * 100, 1) for _, s in board.history]}
                               for i, r in enumerate(rows)]},
    }


def chart_json(board: dashboard.Dashboard, today: date) -> str:
    """Safe inside a <script> element: no ``</`` can close it early."""
    rnd = board.selection.round
    overdue = bool(rnd and rnd.due and rnd.due < today)
    return json.dumps(chart_options(board, overdue), ensure_ascii=False).replace("</", "<\\/")


@router.get("/dashboard", summary="看板：某计划某轮次的状态统计、单位记分卡、滞后任务")
def dashboard_page(request: Request, plan_id: int | None = None, round_id: int | None = None,
                   format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
                   db: Session = Depends(get_db), user: User = Depends(require_staff)):
    moment = now(request)
    board = dashboard.build(db, plan_id, round_id, moment)
    rnd = board.selection.round
    due = deadline.deadline(board.statuses, rnd.due, moment.date()) if rnd else None
    data = {**board.to_dict(), "deadline": due.to_dict() if due else None}
    return page(request, "dashboard.html", {"board": board, "charts": chart_json(board, moment.date()),
                                            "deadline": due}, data)
