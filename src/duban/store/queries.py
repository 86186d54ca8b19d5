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
- ``list_tasks(session=, plan_id=None, unit=None, year=None, q=None)`` —
  tasks in plan order; ``unit`` is a printed name or alias and also matches tasks
  given to a group the unit belongs to; ``q`` a substring of name or content (use
  ``duban.store.search.search`` for ranked word search). Statuses are not stored:
  ask ``duban.work.readmodel`` (``task_rows``, ``plan_statuses``), which computes them
  with ``work.rounds.statuses_for_round`` like every other view.
- ``latest_reports(session=, round_id=)`` — the latest version per task and unit.
- ``report_versions(session=, task_id=, round_id=, unit_id=)`` — every version, oldest first.
- ``task_history(session=, task_id=)`` — the latest version per round and unit, rounds in time order.
- ``task_units(task)`` — ``[(unit, role)]`` in printed order.
- ``plan_stats(session=, org_id=None)`` — per plan: tasks, units, rounds, reports.
- ``unit_by_name(session=, name=, org_id=None)`` — a unit by name or alias.
- ``latest_versions()`` — ``select(ProgressReport)`` of current versions, to refine.

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

__all__ = ["session_scope", "get_org", "list_plans", "get_plan", "rounds_of_plan", "list_tasks", "latest_reports",
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


def list_tasks(*, session: Session, plan_id: int | None = None, unit: str | None = None,
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
    return list(session.scalars(stmt))


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
