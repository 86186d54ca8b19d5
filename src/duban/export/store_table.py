"""A plan's round from the ledger, rebuilt as a contract ``Document`` and then as the table.

Why through ``Document``: the JSON export is the contract, and the same
``table_from_document`` lays out parsed files and stored rounds alike, so a table
exported from the database looks exactly like one re-laid from a file.

Which reports count: per task and unit, the newest version handed in (a draft is
private to its unit); for the public only approved or published versions. Several
units reporting on one task are printed in the task's unit order.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.export.table import ExportError, ExportTable, cn_date, table_from_document
from duban.parse.model import Document, Goal, Layout, Period, Quantity
from duban.parse.model import Task as ParsedTask
from duban.store import queries
from duban.store.models import Plan, ProgressReport, Round, SourceDocument, Task
from duban.store.services.orgs import OrgProfile
from duban.work import ledger
from duban.work.public_status import public_status
from duban.work.rounds import PUBLIC_STATES, statuses_for_round
from duban.work.status import COUNTED_STATES

PERFORMANCE = "performance_report"


def find_plan(session: Session, ref: str) -> Plan:
    """A plan by id, exact title, or a title fragment that names only one plan."""
    ref = ref.strip()
    if ref.isdigit() and (plan := session.get(Plan, int(ref))) is not None:
        return plan
    plans = list(session.scalars(select(Plan).order_by(Plan.id)))
    exact = [p for p in plans if p.title == ref]
    found = exact or [p for p in plans if ref and ref in p.title]
    if not found:
        raise ExportError(f"找不到计划“{ref}”（用 duban plans 查看编号和标题）")
    if len(found) > 1:
        names = "、".join(f"{p.id} {p.title}" for p in found[:5])
        raise ExportError(f"“{ref}”对应多个计划：{names}；请用编号")
    return found[0]


def find_round(session: Session, plan: Plan, ref: str) -> Round:
    """A round of the plan by id or label (``前三季度``)."""
    ref = ref.strip()
    rounds = ledger.rounds_of(session, plan.id)
    for rnd in rounds:
        if str(rnd.id) == ref or rnd.label == ref:
            return rnd
    labels = "、".join(f"{r.id} {r.label}" for r in rounds) or "无"
    raise ExportError(f"计划“{plan.title}”没有轮次“{ref}”（已有轮次：{labels}）")


def counted_versions(versions: Iterable[ProgressReport], states: tuple[str, ...]) -> dict[int | None, ProgressReport]:
    """The newest version per unit among those in ``states``."""
    return ledger.latest_versions([v for v in versions if v.state in states])


def unit_order(task: Task) -> dict[int, int]:
    return {unit.id: n for n, (unit, _) in enumerate(ledger.ordered_units(task))}


def items_of(task: Task, reports: dict[int | None, ProgressReport], order: dict[int, int] | None = None) -> list[str]:
    """Items of every unit's report, in the task's unit order (a report without unit last).

    ``order`` is ``unit_order(task)``, passed by callers that read many rounds of one task."""
    if len(reports) > 1:
        order = unit_order(task) if order is None else order
        ranked = sorted(reports.values(), key=lambda r: order.get(r.unit_id, len(order)))
    else:  # one unit reported: nothing to order (the site reads a hundred thousand of these)
        ranked = reports.values()
    return [text for report in ranked for text in map(str.strip, map(str, report.items or [])) if text]


def parsed_task(task: Task, items: list[str], performance: bool) -> ParsedTask:
    targets = [Quantity(t.text, t.metric, int(t.value) if t.value is not None and float(t.value).is_integer()
                        else t.value, t.unit, t.qualifier) for t in task.targets]
    units = [unit.name for unit, _ in sorted(((a.unit, a.position) for a in task.assignments), key=lambda x: x[1])]
    goals = []
    progress = items
    if performance:
        goals = [Goal(g.text, items[n] if n < len(items) and items[n] else None) for n, g in enumerate(task.goals)]
        progress = [] if task.goals else items
    return ParsedTask(seq=task.seq, content=task.content, ref=task.ref, ref_no=task.ref_no, name=task.name,
                      units=units, progress=progress, goals=goals, targets=targets,
                      deadline=task.deadline.isoformat() if task.deadline else None)


def common_deadline(tasks: list[Task]) -> str | None:
    deadlines = {t.deadline for t in tasks}
    return deadlines.pop().isoformat() if len(deadlines) == 1 and None not in deadlines else None


def round_document(plan: Plan, rnd: Round, tasks: list[Task], items: dict[int, list[str]]) -> Document:
    """The contract document of one round, from the plan's tasks and each task's items in that round."""
    performance = plan.kind == PERFORMANCE
    return Document(
        source=f"{plan.title} · {rnd.label}", kind=PERFORMANCE if performance else "progress_report",
        title=plan.title, year=plan.year,
        period=Period(rnd.label, rnd.start.isoformat() if rnd.start else None, rnd.end.isoformat() if rnd.end else None),
        deadline=common_deadline(tasks), tasks=[parsed_task(t, items.get(t.id, []), performance) for t in tasks])


def store_tasks(session: Session, plan: Plan, unit: str | None) -> list[Task]:
    """The plan's tasks in printed order, only the unit's when one is named."""
    tasks = ledger.tasks_of(session, plan.id)
    if unit is None:
        return tasks
    wanted = {t.id for t in queries.list_tasks(session=session, plan_id=plan.id, unit=unit)}
    return [t for t in tasks if t.id in wanted]


def document_from_store(session: Session, plan: Plan, rnd: Round, unit: str | None = None, *,
                        public: bool = False) -> Document:
    if unit is not None and not queries.unit_by_name(session=session, name=unit, org_id=plan.org_id):
        raise ExportError(f"找不到单位“{unit}”")
    tasks = store_tasks(session, plan, unit)
    reports = ledger.reports_of_round(session, rnd.id, [t.id for t in tasks])
    states = PUBLIC_STATES if public else COUNTED_STATES
    items = {t.id: items_of(t, counted_versions(reports.get(t.id, []), states)) for t in tasks}
    return round_document(plan, rnd, tasks, items)


def source_layout(session: Session, plan: Plan, rnd: Round) -> tuple[Layout | None, str | None]:
    """How the imported document of this round (else the plan's latest one) printed its table,
    and the period label that document covered."""
    docs = session.execute(select(SourceDocument.round_id, SourceDocument.parsed)
                           .where(SourceDocument.plan_id == plan.id).order_by(SourceDocument.id.desc())).all()
    docs.sort(key=lambda d: d.round_id != rnd.id)  # this round's own document first, else the newest
    for _, parsed in docs:
        layout = Layout.from_dict((parsed or {}).get("layout"))
        if layout is not None:
            return layout, ((parsed.get("period") or {}).get("label"))
    return None, None


def store_title_lines(plan: Plan, rnd: Round, unit: str | None, layout: Layout | None = None,
                      source_label: str | None = None) -> tuple[str, ...]:
    """The title as the source printed it, its period renamed to this round's; else the plan's
    title and what the table shows. A one-unit table names the unit on a line of its own."""
    if layout is not None and layout.title_lines:
        lines = list(layout.title_lines)
        if source_label and source_label != rnd.label:
            lines = [line.replace(source_label, rnd.label) for line in lines]
    else:
        what = "完成情况汇总表" if plan.kind == PERFORMANCE else "进展情况表"
        lines = [plan.title, f"{rnd.label}{what}"]
    if unit:
        lines.append(f"（{unit}）")
    return tuple(lines)


def confirmed_labels(session: Session, plan: Plan, rnd: Round, tasks: list[Task], now: datetime,
                     public: bool) -> list[str]:
    """The 状态 column: each task's status only where a person confirmed it (``work.public_status``:
    the reviewer's, amounts the unit entered, or nothing handed in by the due day); 未评估 otherwise —
    a status the machine only suggested from the text is never printed."""
    by_task = {s.task_id: s for s in statuses_for_round(session, plan.id, rnd.id, now, public=public)}
    labels = []
    for task in tasks:
        found = by_task.get(task.id)
        labels.append("" if found is None else public_status(found.status, found.suggested, found.basis).label)
    return labels


def reported_tasks(session: Session, rnd: Round) -> int:
    """How many tasks have a report handed in for the round (drafts do not count)."""
    reports = ledger.reports_of_round(session, rnd.id)
    return sum(1 for versions in reports.values() if counted_versions(versions, COUNTED_STATES))


def table_from_store(session: Session, plan_id: int | str, round_id: int | str, unit: str | None = None, *,
                     public: bool = False, now: datetime | None = None) -> ExportTable:
    """The official table of one round of a stored plan (optionally only one unit's tasks)."""
    plan = find_plan(session, str(plan_id))
    rnd = find_round(session, plan, str(round_id))
    now = now or datetime.now()
    doc = document_from_store(session, plan, rnd, unit, public=public)
    layout, source_label = source_layout(session, plan, rnd)
    doc.layout = layout
    tasks = store_tasks(session, plan, unit)
    profile = OrgProfile.of(plan.organization)
    date_line = (f"截至{cn_date(rnd.end)}" if rnd.end else "", f"填报日期：{cn_date(now.date())}")
    return table_from_document(doc, title_lines=store_title_lines(plan, rnd, unit, layout, source_label),
                               statuses=confirmed_labels(session, plan, rnd, tasks, now, public),
                               date_line=date_line, author=profile.full_name, created=now)
