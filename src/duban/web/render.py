"""Pages and their JSON twins from one call: ``page(request, template, context, data)``.

Why one helper: every list page must answer ``?format=json`` with the same data
it shows, so the view builds the data once and this decides the representation.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from duban.web.deps import wants_json
from duban.web.security import CSRF_FIELD
from duban.work.accounts import ROLE_LABELS
from duban.work.dates import cn_date, cn_datetime
from duban.work.states import (
    ACTION_WORDS,
    ReportState,
    RoundState,
    state_label,
)
from duban.work.status import STATUS_LIGHTS, STATUS_ORDER, Status

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# a report's audit action is the state its new version took: named by the step's word (报送, 审核通过…)
AUDIT_ACTION_LABELS = {"report": "填报", **ACTION_WORDS, "create": "创建", "update": "修改", "import": "导入",
                       "remind": "催办", "confirm": "确认状态", "stated_status": "来源文件所印状态"}
AUDIT_ENTITY_LABELS = {"progress_report": "进展", "round": "轮次", "task": "任务", "user": "账号", "unit": "单位",
                       "plan": "计划", "source_document": "文件"}


def percent(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value * 100:.{digits}f}%"


def plan_name(plan) -> str:
    """The plan's title, with its year in front only when the title does not already say it."""
    year = str(plan.year) if plan.year else ""
    return plan.title if not year or year in plan.title else f"{year}年 {plan.title}"


def status_of(value) -> Status:
    return value if isinstance(value, Status) else Status(value)


TEMPLATES.env.filters.update(cn_date=cn_date, cn_datetime=cn_datetime, percent=percent, status=status_of,
                             plan_name=plan_name, state_label=state_label)
TEMPLATES.env.globals.update(STATUS_ORDER=STATUS_ORDER, STATUS_LIGHTS=STATUS_LIGHTS, ROLE_LABELS=ROLE_LABELS,
                             RoundState=RoundState, ReportState=ReportState,
                             AUDIT_ACTION_LABELS=AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS=AUDIT_ENTITY_LABELS,
                             CSRF_FIELD=CSRF_FIELD)


def flash(request: Request, text: str, kind: str = "notice") -> None:
    """A one-line result shown on the next page, so an action can answer with a redirect (post/redirect/get)."""
    request.state.session = {**request.state.session, "flash": [kind, text[:500]]}


def take_flash(request: Request) -> tuple[str, str] | None:
    session = request.state.session
    if "flash" not in session:
        return None
    request.state.session = {k: v for k, v in session.items() if k != "flash"}
    kind, text = session["flash"]
    return kind, text


def page(request: Request, template: str, context: dict[str, Any], data: Any = None, status_code: int = 200,
         headers: dict[str, str] | None = None):
    if data is not None and wants_json(request):
        return JSONResponse(jsonable_encoder(data), status_code=status_code, headers=headers)
    context = {"request": request, "csrf_token": request.state.session.get("csrf", ""),
               "csp_nonce": getattr(request.state, "csp_nonce", ""),
               "user": getattr(request.state, "user", None), "flash": take_flash(request), **context}
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code, headers=headers)


def message_page(request: Request, title: str, message: str, status_code: int) -> HTMLResponse:
    return page(request, "message.html", {"title": title, "message": message}, status_code=status_code)
