"""Read-only questions the other areas ask the ledger (workbench, export, public site).

Open a transaction with ``session_scope`` and pass the session in by keyword::

    from duban.store.queries import session_scope, list_plans, rounds_of_plan, latest_reports

    with session_scope(url) as session:          # url=None: DUBAN_DATABASE_URL
        for plan in list_plans(session=session):
            for rnd in rounds_of_plan(session=session, plan_id=plan.id):
                reports = latest_reports(session=session, round_id=rnd.id)

- ``session_scope(url=None)`` — one transaction (commit on success, rollback on error);
  an empty database is migrated on first use.
- ``get_org(session=, name=None)`` — the named organization, or the only one.
- ``list_plans(session=, org_id=None, year=None)`` / ``get_plan(session=, plan_id=)``.
- ``rounds_of_plan(session=, plan_id=)`` — rounds in time order (period end, then id).
- ``list_tasks(session=, plan_id=None, unit=None, status=None, year=None, q=None)`` —
  tasks in plan order; ``unit`` is a printed name or alias and also matches tasks
  given to a group the unit belongs to; ``status`` is the status of the task's
  latest report in its plan's latest round that has reports; ``q`` a substring
  of name or content (use ``duban.store.search.search`` for ranked word search).
- ``latest_reports(session=, round_id=)`` — the latest version per task and unit.
- ``report_versions(session=, task_id=, round_id=, unit_id=)`` — every version, oldest first.
- ``task_history(session=, task_id=)`` — the latest version per round and unit, rounds in time order.
- ``task_units(task)`` — ``[(unit, role)]`` in printed order.
- ``plan_stats(session=, org_id=None)`` — per plan: tasks, units, rounds, reports.
- ``unit_by_name(session=, name=, org_id=None)`` — a unit by name or alias.
- dashboard counts over current versions: ``status_counts(session=, plan_id=)`` →
  ``{(round_id, status): n}``; ``unit_scorecard(session=, round_id=)`` →
  ``[(unit_id, unit_name, status, n)]``; ``lagging_tasks(session=, round_id=,
  statuses=("behind",), limit=100)`` → ``[(task, report)]``.

- ``task_statuses(session=, tasks=)`` — ``{task_id: status}`` as ``list_tasks(status=…)`` sees it;
  ``latest_versions()`` — ``select(ProgressReport)`` of current versions, to refine.

Writes go through ``duban.store.services`` (each audited): ``progress.append_report``
/ ``progress.transition`` (new versions: submit, return, approve, publish),
``rounds.create_round`` / ``rounds.update_round``, ``users.create_user`` /
``users.verify_password``, ``units.*`` and ``imports.import_file``.

Objects returned are ORM rows (``duban.store.models``); sessions use
``expire_on_commit=False``, so they stay readable after the block.
"""
from __future__ import annotations

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from duban.store.db import session_scope
from duban.store.models import (
    Assignment,
    Organization,
    Plan,
    ProgressReport,
    Round,
    Task,
    Unit,
    UnitAlias,
    UnitGroupMember,
)
from duban.store.services.imports import find_org
from duban.store.services.progress import is_current, latest_versions

__all__ = ["status_counts", "unit_scorecard", "lagging_tasks", "session_scope", "get_org", "list_plans", "get_plan", "rounds_of_plan", "list_tasks", "latest_reports",
           "report_versions", "task_history", "task_units", "plan_stats", "unit_by_name", "latest_versions"]


def get_org(*, session: Session, name: str | None = None) -> Organization | None:
    return find_org(session=session, name=name)


def list_plans(*, session: Session, org_id: int | None = None, year: int | None = None) -> list[Plan]:
    stmt = select(Plan).order_by(Plan.year.desc().nulls_last(), Plan.id)
    if org_id is not None:
        stmt = stmt.where(Plan.org_id == org_id)
    if year is not None:
        stmt = stmt.where(Plan.year == year)
    return list(session.scalars(stmt))


def get_plan(*, session: Session, plan_id: int) -> Plan | None:
    return session.get(Plan, plan_id)


def rounds_of_plan(*, session: Session, plan_id: int) -> list[Round]:
    return list(session.scalars(select(Round).where(Round.plan_id == plan_id)
                                .order_by(Round.end.asc().nulls_last(), Round.id)))


def latest_reports(*, session: Session, round_id: int) -> list[ProgressReport]:
    stmt = latest_versions().where(ProgressReport.round_id == round_id).order_by(ProgressReport.task_id,
                                                                                 ProgressReport.unit_id)
    return list(session.scalars(stmt))


def report_versions(*, session: Session, task_id: int, round_id: int, unit_id: int | None) -> list[ProgressReport]:
    return list(session.scalars(select(ProgressReport).where(
        ProgressReport.task_id == task_id, ProgressReport.round_id == round_id, ProgressReport.unit_id == unit_id)
        .order_by(ProgressReport.version)))


def task_history(*, session: Session, task_id: int) -> list[ProgressReport]:
    stmt = (latest_versions().join(Round, Round.id == ProgressReport.round_id)
            .where(ProgressReport.task_id == task_id)
            .order_by(Round.end.asc().nulls_last(), Round.id, ProgressReport.unit_id)
            .options(selectinload(ProgressReport.round), selectinload(ProgressReport.unit)))
    return list(session.scalars(stmt))


def task_units(task: Task) -> list[tuple[Unit, str]]:
    return [(a.unit, a.role) for a in task.assignments]


def unit_by_name(*, session: Session, name: str, org_id: int | None = None) -> list[Unit]:
    """Every unit (one per organization) printed as ``name`` or known by it as an alias."""
    name = "".join(name.split())
    by_alias = select(UnitAlias.unit_id).where(UnitAlias.alias == name)
    stmt = select(Unit).where(or_(Unit.name == name, Unit.id.in_(by_alias)))
    if org_id is not None:
        stmt = stmt.where(Unit.org_id == org_id)
    return list(session.scalars(stmt))


def _task_status(session: Session, tasks: list[Task]) -> dict[int, str]:
    """Per task: the status of its latest report in its plan's latest round with reports."""
    if not tasks:
        return {}
    ids = [t.id for t in tasks]
    rows = session.execute(
        latest_versions().with_only_columns(ProgressReport.task_id, ProgressReport.status, Round.end, Round.id)
        .join(Round, Round.id == ProgressReport.round_id).where(ProgressReport.task_id.in_(ids))).all()
    best: dict[int, tuple] = {}
    for task_id, status, end, round_id in rows:
        key = (end is not None, end, round_id)
        if task_id not in best or key > best[task_id][0]:
            best[task_id] = (key, status)
    return {task_id: status for task_id, (_, status) in best.items()}


def list_tasks(*, session: Session, plan_id: int | None = None, unit: str | None = None, status: str | None = None,
               year: int | None = None, q: str | None = None) -> list[Task]:
    stmt = (select(Task).join(Plan, Plan.id == Task.plan_id).order_by(Plan.year.desc().nulls_last(), Plan.id,
                                                                     Task.position, Task.id)
            .options(selectinload(Task.assignments).selectinload(Assignment.unit), selectinload(Task.plan)))
    if plan_id is not None:
        stmt = stmt.where(Task.plan_id == plan_id)
    if year is not None:
        stmt = stmt.where(Plan.year == year)
    if q:
        stmt = stmt.where(or_(Task.content.contains(q, autoescape=True), Task.name.contains(q, autoescape=True)))
    if unit:
        unit_ids = [u.id for u in unit_by_name(session=session, name=unit)]
        group_ids = select(UnitGroupMember.group_id).where(UnitGroupMember.member_id.in_(unit_ids))
        stmt = stmt.where(exists().where(and_(Assignment.task_id == Task.id,
                                              or_(Assignment.unit_id.in_(unit_ids), Assignment.unit_id.in_(group_ids)))))
    tasks = list(session.scalars(stmt))
    if status:
        statuses = _task_status(session, tasks)
        tasks = [t for t in tasks if statuses.get(t.id, "unassessed") == status]
    return tasks


def task_statuses(*, session: Session, tasks: list[Task]) -> dict[int, str]:
    """Status per task id as ``list_tasks(status=…)`` sees it (``unassessed`` when no report)."""
    found = _task_status(session, tasks)
    return {t.id: found.get(t.id, "unassessed") for t in tasks}


def plan_stats(*, session: Session, org_id: int | None = None) -> list[dict]:
    """Per plan: counts of tasks, distinct assigned units, rounds and current reports."""
    tasks = select(func.count()).select_from(Task).where(Task.plan_id == Plan.id).scalar_subquery()
    units = (select(func.count(func.distinct(Assignment.unit_id))).join(Task, Task.id == Assignment.task_id)
             .where(Task.plan_id == Plan.id).scalar_subquery())
    rounds = select(func.count()).select_from(Round).where(Round.plan_id == Plan.id).scalar_subquery()
    reports = (select(func.count()).select_from(ProgressReport).join(Task, Task.id == ProgressReport.task_id)
               .where(Task.plan_id == Plan.id, is_current())
               .scalar_subquery())
    stmt = select(Plan, tasks, units, rounds, reports).order_by(Plan.year.desc().nulls_last(), Plan.id)
    if org_id is not None:
        stmt = stmt.where(Plan.org_id == org_id)
    return [{"plan": plan, "tasks": t, "units": u, "rounds": r, "reports": n}
            for plan, t, u, r, n in session.execute(stmt)]


def status_counts(*, session: Session, plan_id: int) -> dict[tuple[int, str], int]:
    """How many current reports per round and status in a plan."""
    stmt = (select(ProgressReport.round_id, ProgressReport.status, func.count())
            .join(Round, Round.id == ProgressReport.round_id).where(Round.plan_id == plan_id, is_current())
            .group_by(ProgressReport.round_id, ProgressReport.status))
    return {(round_id, status): n for round_id, status, n in session.execute(stmt)}


def unit_scorecard(*, session: Session, round_id: int) -> list[tuple[int, str, str, int]]:
    """Per lead unit of a round: current reports by status, units in name order."""
    stmt = (select(Unit.id, Unit.name, ProgressReport.status, func.count())
            .join(Unit, Unit.id == ProgressReport.unit_id).where(ProgressReport.round_id == round_id, is_current())
            .group_by(Unit.id, Unit.name, ProgressReport.status).order_by(Unit.name, ProgressReport.status))
    return [tuple(row) for row in session.execute(stmt)]


def lagging_tasks(*, session: Session, round_id: int, statuses: tuple[str, ...] = ("behind",),
                  limit: int = 100) -> list[tuple[Task, ProgressReport]]:
    """Tasks whose current report in the round has one of ``statuses``, in plan order."""
    stmt = (select(Task, ProgressReport).join(ProgressReport, ProgressReport.task_id == Task.id)
            .where(ProgressReport.round_id == round_id, ProgressReport.status.in_(statuses), is_current())
            .order_by(Task.position, Task.id).limit(limit)
            .options(selectinload(Task.assignments).selectinload(Assignment.unit)))
    return [(task, report) for task, report in session.execute(stmt)]
