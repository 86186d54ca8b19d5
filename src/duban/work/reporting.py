"""Writing and reviewing progress reports: permissions, versions and edit conflicts.

Every save is a new version through the store's ``append_report`` (which writes
the audit event). A form carries the version it was opened on (``base_version``);
if someone saved a newer one meanwhile, the save is refused with both texts so
nobody's words are silently overwritten. Two saves racing for the same next
version hit the store's unique (task, round, unit, version) and get the same
conflict.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from duban.store.db import StoreError, write_transaction
from duban.store.models import ProgressReport, Round, Task, User
from duban.store.services import progress as progress_service
from duban.work import ledger
from duban.work.report_limits import check_report_text
from duban.work.states import (
    REPORT_STATE_LABELS,
    ReportState,
    RoundState,
    StateError,
    audience_of,
    check_report_step,
    report_visible,
    state_label,
)
from duban.work.status import Status

# once approved, only the office can reopen it
EDITABLE_STATES = (None, ReportState.DRAFT, ReportState.SUBMITTED, ReportState.WITHDRAWN, ReportState.RETURNED)


class AccessDenied(Exception):
    """The user may not do this; the web layer answers 403 (or 404 where existence itself is private)."""


class ReportConflict(Exception):
    """Someone saved a newer version since the form was opened."""

    def __init__(self, latest: ProgressReport | None, mine: list[str]):
        super().__init__("此进展已被他人更新，请核对后重新保存")
        # plain values: the error page is drawn after the request's session has closed
        self.latest_version = latest.version if latest is not None else 0
        self.latest_author = latest.author if latest is not None else None
        self.theirs = [str(i) for i in latest.items or []] if latest is not None else []
        self.mine = mine


@dataclass(frozen=True)
class Draft:
    items: list[str]
    achievements: list[dict]


def can_see_task(session: Session, user: User | None, task: Task) -> bool:
    if user is None:
        return False
    if user.role in ("admin", "viewer"):
        return True
    return user.unit_id is not None and task.id in ledger.unit_task_ids(session, user.unit_id)


def can_see_report(user: User | None, report: ProgressReport) -> bool:
    """Drafts are the unit's own; handed-in versions are for the office, viewers and the unit."""
    if user is None:
        return False
    return report_visible(report.state, audience_of(user.role), own_unit=user.unit_id == report.unit_id)


def writer_unit(session: Session, user: User, task: Task) -> int:
    """The unit a reporter writes for; refused unless the unit leads or co-owns the task."""
    if user.role != "reporter" or user.unit_id is None:
        raise AccessDenied("只有责任单位的填报人可以填报进展")
    if task.id not in ledger.unit_task_ids(session, user.unit_id):
        raise AccessDenied("该任务不属于本单位")
    return user.unit_id


def clean_items(items: list[str]) -> list[str]:
    return [i.strip() for i in items if i and i.strip()]


def achievements_for(task: Task, values: dict[int, float | None]) -> list[dict]:
    return [{"target_id": t.id, "value": values.get(t.id), "unit": t.unit} for t in task.targets
            if values.get(t.id) is not None]


def save_report(session: Session, *, user: User, task: Task, round_: Round, items: list[str],
                achievements: dict[int, float | None], base_version: int, submit: bool,
                sections: dict | None = None) -> ProgressReport:
    """Save a draft or submit: a new version, refused on a stale ``base_version`` (0 = none yet)."""
    unit_id = writer_unit(session, user, task)
    write_transaction(session)
    if round_.plan_id != task.plan_id:
        raise AccessDenied("任务不属于该轮次的计划")
    if round_.state != RoundState.OPEN:
        raise AccessDenied(f"该轮次{state_label(round_.state)}，不能再填报")
    items = clean_items(items)
    check_report_text(items)  # count, length, NUL: DUBAN_REPORT_MAX_ITEMS / _ITEM_CHARS
    if submit and not items:
        raise StateError("进展为空，不能报送：请至少填写一条进展")
    latest = progress_service.latest_report(session=session, task_id=task.id, round_id=round_.id, unit_id=unit_id)
    if (latest.version if latest else 0) != base_version:
        raise ReportConflict(latest, items)
    if latest is not None and latest.state not in EDITABLE_STATES:
        raise AccessDenied(f"进展{REPORT_STATE_LABELS[latest.state]}，如需修改请联系督查室退回")
    # a draft saved over a handed-in report is a private draft: the handed-in version stays counted
    # until the unit hands in again or withdraws it — an emptied form never becomes a counted version
    state = check_report_step(latest.state if latest else None,
                              ReportState.SUBMITTED if submit else ReportState.DRAFT).value
    try:
        with session.begin_nested():
            return progress_service.append_report(
                session=session, actor=user.username, task_id=task.id, round_id=round_.id, unit_id=unit_id,
                items=items, achievements=achievements_for(task, achievements),
                status=Status.UNASSESSED.value, state=state, sections=sections or None)
    except IntegrityError:
        session.expire_all()
        raise ReportConflict(progress_service.latest_report(session=session, task_id=task.id, round_id=round_.id,
                                                            unit_id=unit_id), items) from None


def withdraw_report(session: Session, *, user: User, task: Task, round_: Round, base_version: int) -> ProgressReport:
    """撤回: the unit takes back its handed-in, not yet reviewed report; nothing of it counts afterwards."""
    unit_id = writer_unit(session, user, task)
    write_transaction(session)
    if round_.state != RoundState.OPEN:
        raise AccessDenied(f"该轮次{state_label(round_.state)}，不能再撤回")
    latest = progress_service.latest_report(session=session, task_id=task.id, round_id=round_.id, unit_id=unit_id)
    if (latest.version if latest else 0) != base_version:
        raise ReportConflict(latest, [])
    if latest is not None and latest.state == ReportState.DRAFT:
        handed = [v for v in ledger.reports_of_round(session, round_.id, [task.id]).get(task.id, [])
                  if v.unit_id == unit_id]
        from duban.work.rounds import report_input
        from duban.work.status import counted_report
        counted = counted_report([report_input(task, v) for v in handed])
        if counted is None or counted.state != ReportState.SUBMITTED:
            raise StateError("没有可撤回的已报送进展")
    else:
        check_report_step(latest.state if latest else None, ReportState.WITHDRAWN)
    with session.begin_nested():
        return progress_service.append_report(session=session, actor=user.username, task_id=task.id,
                                              round_id=round_.id, unit_id=unit_id, state=ReportState.WITHDRAWN.value)


def review_blocked(report: ProgressReport) -> str | None:
    """Why this report can no longer be reviewed (the form is not offered), or None.

    A published round is final: what the public was told stays; an unconfirmed suggestion
    there is confirmed through ``work.confirm`` instead."""
    if report.round.state == RoundState.PUBLISHED:
        return "轮次已公开，公开的进展不能再审核"
    return None


def review_report(session: Session, *, user: User, report_id: int, decision: str, comment: str,
                  status: str | None, base_version: int) -> ProgressReport:
    """Approve or return the latest version, with a comment and the confirmed status."""
    if user.role != "admin":
        raise AccessDenied("只有督查室可以审核")
    write_transaction(session)
    report = session.get(ProgressReport, report_id)
    if report is None or report.state == ReportState.DRAFT:
        raise StoreError(f"没有待审核的进展 {report_id}")
    latest = progress_service.latest_report(session=session, task_id=report.task_id, round_id=report.round_id,
                                            unit_id=report.unit_id)
    if latest.version != base_version:
        raise ReportConflict(latest, list(report.items or []))
    if latest.state == ReportState.DRAFT:
        raise StoreError("单位正在修改该进展，尚未重新提交")
    blocked = review_blocked(report)
    if blocked:
        raise StateError(blocked)
    if decision not in ("approve", "return"):
        raise StoreError("审核结论只能是通过或退回")
    comment = comment.strip()
    if decision == "return" and not comment:
        raise StoreError("退回时请填写意见")
    if status is not None and status not in {s.value for s in Status}:
        raise StoreError(f"未知状态 {status}")
    state = check_report_step(latest.state, ReportState.APPROVED if decision == "approve"
                              else ReportState.RETURNED).value
    try:
        with session.begin_nested():
            return progress_service.append_report(
                session=session, actor=user.username, task_id=latest.task_id, round_id=latest.round_id,
                unit_id=latest.unit_id, status=status or latest.status, state=state,
                reviewer_comment=comment or None)
    except IntegrityError:
        session.expire_all()
        raise ReportConflict(progress_service.latest_report(
            session=session, task_id=report.task_id, round_id=report.round_id, unit_id=report.unit_id),
            list(report.items or [])) from None
