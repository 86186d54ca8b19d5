"""Reading the ledger for the workbench: plans, rounds, tasks with their units and report versions.

Why here and not in ``store/``: these are the workbench's views (who must report,
what counts as handed in), built on the store's models; the store keeps the
generic queries.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from duban.store.models import Assignment, Plan, ProgressReport, Round, Task, Unit, UnitGroupMember

REPORTABLE_KINDS = ("progress_report", "performance_report", "task_plan")


def plans(session: Session) -> list[Plan]:
    """Plans that hold tasks (work reports carry indicators, not rounds), newest year first."""
    return list(session.scalars(select(Plan).where(Plan.kind.in_(REPORTABLE_KINDS))
                                .options(selectinload(Plan.rounds))
                                .order_by(Plan.year.desc().nulls_last(), Plan.id)))


def rounds_of(session: Session, plan_id: int, states: Iterable[str] | None = None) -> list[Round]:
    query = select(Round).where(Round.plan_id == plan_id)
    if states is not None:
        query = query.where(Round.state.in_(list(states)))
    return list(session.scalars(query.order_by(Round.end.nulls_last(), Round.id)))


def tasks_of(session: Session, plan_id: int) -> list[Task]:
    return list(session.scalars(
        select(Task).where(Task.plan_id == plan_id)
        .options(selectinload(Task.assignments).selectinload(Assignment.unit), selectinload(Task.targets),
                 selectinload(Task.goals))
        .order_by(Task.position, Task.id)))


def ordered_units(task: Task) -> list[tuple[Unit, str]]:
    """The task's units, lead units first, each in printed order."""
    rows = sorted(task.assignments, key=lambda a: (a.role != "lead", a.position))
    return [(a.unit, a.role) for a in rows]


def reporting_unit(task: Task) -> Unit | None:
    """The unit that compiles the task's report: the first lead unit (the first printed when none is lead)."""
    units = ordered_units(task)
    return units[0][0] if units else None


def unit_task_query(unit_id: int):
    """Task ids a unit leads or co-owns, itself or through a group it belongs to (``各街道办事处``)."""
    groups = select(UnitGroupMember.group_id).where(UnitGroupMember.member_id == unit_id)
    return select(Assignment.task_id).where(or_(Assignment.unit_id == unit_id, Assignment.unit_id.in_(groups)))


def unit_task_ids(session: Session, unit_id: int) -> set[int]:
    """Tasks a unit leads or co-owns (also as a member of a group) — what its reporters may see and write."""
    return set(session.scalars(unit_task_query(unit_id)))


def reports_of_round(session: Session, round_id: int, task_ids: Iterable[int] | None = None
                     ) -> dict[int, list[ProgressReport]]:
    """Every version of every report of the round, by task, oldest first."""
    query = select(ProgressReport).where(ProgressReport.round_id == round_id)
    if task_ids is not None:
        query = query.where(ProgressReport.task_id.in_(list(task_ids)))
    grouped: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in session.scalars(query.order_by(ProgressReport.id)):
        grouped[report.task_id].append(report)
    return grouped


def latest_versions(versions: list[ProgressReport]) -> dict[int | None, ProgressReport]:
    """The newest version per unit."""
    latest: dict[int | None, ProgressReport] = {}
    for report in versions:
        current = latest.get(report.unit_id)
        if current is None or report.version > current.version:
            latest[report.unit_id] = report
    return latest


def task_period(task: Task, plan: Plan, round_: Round) -> tuple[date, date]:
    """The span the task's 序时进度 runs over: its plan's year, or up to its own deadline."""
    year = plan.year or (round_.end or round_.due or date.today()).year
    start = date(year, 1, 1)
    end = task.deadline if task.deadline and task.deadline > start else date(year, 12, 31)
    return start, end


def task_label(task: Task, limit: int = 40) -> str:
    """How a task is named in lists and messages: 第N项 plus its ref or the start of its content."""
    head = f"第{task.seq}项 " if task.seq is not None else ""
    text = task.name or task.content
    text = text if len(text) <= limit else text[:limit] + "…"
    return head + (f"{task.ref}：" if task.ref else "") + text
