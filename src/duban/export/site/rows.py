"""An organization's published plans read in a few batched queries, as light rows.

Why not the ORM objects: a site of 100 plans × 300 tasks × 4 rounds builds 120 000
report objects and 30 000 tasks with their targets, goals and units; SQLAlchemy's
identity map and lazy-load machinery cost more than everything the site does with
them. Plain rows with the same attribute names (``task.targets``,
``task.assignments[n].unit.name``, ``report.items``…) go through the same helpers
as the ORM objects — ``ledger.ordered_units``, ``store_table.items_of``,
``rounds.assess_task`` — so statuses and items are computed by the same code.

Per organization: one query for its plans, one for their published rounds, one
each for tasks, targets, goals and assignments (units joined in), and one for every
approved or published report version of every published round.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import null, select
from sqlalchemy.orm import Session

from duban.store.models import Assignment, Goal, Plan, ProgressReport, Round, Target, Task, Unit
from duban.work.rounds import PUBLIC_STATES
from duban.work.states import RoundState


@dataclass(slots=True)
class UnitRow:
    id: int
    name: str


@dataclass(slots=True)
class AssignmentRow:
    role: str
    position: int
    unit: UnitRow


@dataclass(slots=True)
class TaskRow:
    """Duck-typed ``store.models.Task``: the attributes the ledger helpers read."""

    id: int
    plan_id: int
    seq: int | None
    ref: str | None
    ref_no: int | None
    name: str | None
    content: str
    deadline: date | None
    targets: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    assignments: list[AssignmentRow] = field(default_factory=list)


@dataclass
class PlanRows:
    plan: Plan
    rounds: list[Round]  # published, in time order (as ``ledger.rounds_of``)
    tasks: list[TaskRow]
    reports: dict[int, dict[int, list]]  # round id → task id → versions, oldest first


def round_order(rnd: Round) -> tuple:
    return (rnd.end is None, rnd.end or date.min, rnd.id)


def load_plans(session: Session, org_id: int) -> tuple[list[Plan], list[PlanRows]]:
    """The organization's work reports, and its task plans that have a published round."""
    plans = list(session.scalars(select(Plan).where(Plan.org_id == org_id).order_by(Plan.year, Plan.id)))
    work_reports = [p for p in plans if p.kind == "work_report"]
    candidates = {p.id: p for p in plans if p.kind != "work_report"}
    if not candidates:
        return work_reports, []
    rounds: dict[int, list[Round]] = defaultdict(list)
    for rnd in session.scalars(select(Round).where(Round.plan_id.in_(candidates), Round.state == RoundState.PUBLISHED)):
        rounds[rnd.plan_id].append(rnd)
    published = [pid for pid in candidates if rounds.get(pid)]
    if not published:
        return work_reports, []
    tasks = load_tasks(session, published)
    round_ids = [r.id for pid in published for r in rounds[pid]]
    reports: dict[int, dict[int, list]] = {rid: defaultdict(list) for rid in round_ids}
    columns = (ProgressReport.id, ProgressReport.task_id, ProgressReport.round_id, ProgressReport.unit_id,
               ProgressReport.items, ProgressReport.achievements, ProgressReport.status, ProgressReport.state,
               ProgressReport.version, ProgressReport.sections, ProgressReport.source_document_id,
               # a status never depends on when a version was handed in; not parsing 120,000 timestamps
               null().label("created_at"))
    # only versions the public may see: drafts and returned versions are never decoded
    for row in session.execute(select(*columns).where(ProgressReport.round_id.in_(round_ids),
                                                      ProgressReport.state.in_(PUBLIC_STATES))
                               .order_by(ProgressReport.id)):
        reports[row.round_id][row.task_id].append(row)
    return work_reports, [PlanRows(candidates[pid], sorted(rounds[pid], key=round_order), tasks.get(pid, []),
                                   {rid: reports[rid] for rid in (r.id for r in rounds[pid])})
                          for pid in published]


def load_tasks(session: Session, plan_ids: list[int]) -> dict[int, list[TaskRow]]:
    """Tasks of the plans in printed order, with targets, goals and units attached."""
    by_plan: dict[int, list[TaskRow]] = defaultdict(list)
    by_id: dict[int, TaskRow] = {}
    for row in session.execute(select(Task.id, Task.plan_id, Task.seq, Task.ref, Task.ref_no, Task.name,
                                      Task.content, Task.deadline)
                               .where(Task.plan_id.in_(plan_ids)).order_by(Task.plan_id, Task.position, Task.id)):
        task = TaskRow(*row)
        by_plan[task.plan_id].append(task)
        by_id[task.id] = task
    in_plans = Task.plan_id.in_(plan_ids)
    for row in session.execute(select(Target.task_id, Target.id, Target.text, Target.metric, Target.value,
                                      Target.unit, Target.qualifier)
                               .join(Task, Task.id == Target.task_id).where(in_plans)
                               .order_by(Target.task_id, Target.position, Target.id)):
        by_id[row.task_id].targets.append(row)
    for row in session.execute(select(Goal.task_id, Goal.id, Goal.text).join(Task, Task.id == Goal.task_id)
                               .where(in_plans).order_by(Goal.task_id, Goal.position, Goal.id)):
        by_id[row.task_id].goals.append(row)
    units: dict[int, UnitRow] = {}
    for task_id, role, position, unit_id, unit_name in session.execute(
            select(Assignment.task_id, Assignment.role, Assignment.position, Unit.id, Unit.name)
            .join(Unit, Unit.id == Assignment.unit_id).join(Task, Task.id == Assignment.task_id)
            .where(in_plans).order_by(Assignment.task_id, Assignment.position, Assignment.id)):
        unit = units.get(unit_id) or units.setdefault(unit_id, UnitRow(unit_id, unit_name))
        by_id[task_id].assignments.append(AssignmentRow(role, position, unit))
    return by_plan
