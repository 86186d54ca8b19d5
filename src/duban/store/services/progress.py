"""Progress reports as append-only versions.

Why append-only: a returned report, its correction and the approval are all facts
the supervision office may have to show later. Every change — edit, submit,
return, approve, publish — adds a version that ``supersedes`` the latest one;
no row is updated or deleted.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from duban.store.db import StoreError
from duban.store.models import REPORT_STATES, Plan, ProgressReport, Round, Task
from duban.store.services.audit import record, snapshot
from duban.store.services.indexing import index_report
from duban.store.states import REPORT_STATE_LABELS, REPORT_TRANSITIONS, ReportState


def is_current():
    """True for the latest version of its (task, round, unit): no higher version exists.

    Written against the (task_id, round_id, …) unique index rather than
    ``supersedes_id``: that column is mostly NULL, and after ``ANALYZE`` SQLite's
    planner then judges its index useless and scans the table once per row.
    """
    newer = aliased(ProgressReport)
    same_unit = or_(newer.unit_id == ProgressReport.unit_id,
                    and_(newer.unit_id.is_(None), ProgressReport.unit_id.is_(None)))
    return ~exists().where(newer.task_id == ProgressReport.task_id, newer.round_id == ProgressReport.round_id,
                           same_unit, newer.version > ProgressReport.version)


def latest_versions() -> Select:
    """``select(ProgressReport)`` limited to the current versions."""
    return select(ProgressReport).where(is_current())


def latest_report(*, session: Session, task_id: int, round_id: int, unit_id: int | None) -> ProgressReport | None:
    return session.scalar(select(ProgressReport).where(
        ProgressReport.task_id == task_id, ProgressReport.round_id == round_id, ProgressReport.unit_id == unit_id)
        .order_by(ProgressReport.version.desc()).limit(1))


_KEEP = object()


def new_version(*, latest: ProgressReport | None, task_id: int, round_id: int, unit_id: int | None, items: list[Any],
                achievements: list[Any], status: str, state: str, author: str, reviewer_comment: str | None = None,
                source_document_id: int | None = None, sections: dict[str, Any] | None = None) -> ProgressReport:
    """The next version's row (not yet added): numbered after ``latest`` and superseding it."""
    return ProgressReport(task_id=task_id, round_id=round_id, unit_id=unit_id, items=list(items),
                          achievements=list(achievements), status=status, state=state,
                          version=latest.version + 1 if latest else 1, supersedes_id=latest.id if latest else None,
                          author=author, reviewer_comment=reviewer_comment, source_document_id=source_document_id,
                          sections=dict(sections) if sections else None)


def append_report(*, session: Session, actor: str, task_id: int, round_id: int, unit_id: int | None,
                  items: list[Any] | object = _KEEP, achievements: list[Any] | object = _KEEP,
                  status: str | object = _KEEP, state: str = ReportState.DRAFT, reviewer_comment: str | None = None,
                  source_document_id: int | None = None, check_transition: bool = True,
                  sections: dict[str, Any] | None | object = _KEEP, audit_action: str | None = None) -> ProgressReport:
    """Add the next version for (task, round, unit); fields not given are carried from the latest.
    ``audit_action`` names the step in the audit trail when the new state alone does not (``confirm``)."""
    if state not in REPORT_STATES:
        raise StoreError(f"未知状态 {state}")
    state = ReportState(state).value  # the row holds the plain string
    latest = latest_report(session=session, task_id=task_id, round_id=round_id, unit_id=unit_id)
    if check_transition and state not in REPORT_TRANSITIONS[latest.state if latest else None]:
        was = REPORT_STATE_LABELS[latest.state] if latest else "未填报"
        raise StoreError(f"进展状态不能从“{was}”变为“{REPORT_STATE_LABELS[state]}”")
    carry = latest if latest is not None else ProgressReport(items=[], achievements=[], status="unassessed")
    report = new_version(
        latest=latest, task_id=task_id, round_id=round_id, unit_id=unit_id,
        items=carry.items if items is _KEEP else items,
        achievements=carry.achievements if achievements is _KEEP else achievements,
        status=carry.status if status is _KEEP else status, state=state, author=actor,
        reviewer_comment=reviewer_comment, source_document_id=source_document_id,
        sections=carry.sections if sections is _KEEP else sections)
    session.add(report)
    session.flush()
    year = session.scalar(select(Plan.year).join(Round, Round.plan_id == Plan.id).where(Round.id == round_id))
    plan_id = session.scalar(select(Task.plan_id).where(Task.id == task_id))
    index_report(session=session, report=report, plan_id=plan_id, year=year)
    action = audit_action or ("report" if latest is None else state)
    record(session=session, actor=actor, action=action, entity="progress_report",
           entity_id=report.id, before=snapshot(latest) if latest else None, after=snapshot(report))
    return report


def transition(*, session: Session, actor: str, report_id: int, state: str,
               comment: str | None = None) -> ProgressReport:
    """Submit, return, approve or publish: a new version of the same content in the new state."""
    current = session.get(ProgressReport, report_id)
    if current is None:
        raise StoreError(f"没有进展报告 {report_id}")
    latest = latest_report(session=session, task_id=current.task_id, round_id=current.round_id,
                           unit_id=current.unit_id)
    if latest.id != current.id:
        raise StoreError(f"进展报告 {report_id} 已有更新版本 {latest.id}")
    return append_report(session=session, actor=actor, task_id=current.task_id, round_id=current.round_id,
                         unit_id=current.unit_id, state=state, reviewer_comment=comment)
