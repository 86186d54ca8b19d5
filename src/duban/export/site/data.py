"""What the public may see, gathered from the ledger: published rounds only.

Why a separate gathering step: the pages, the search index and the open-data
files must show the same facts. Gathering once into plain objects (and never
touching the database from templates) keeps them in step and makes the gate —
only rounds in state ``published``, only approved or published report versions —
sit in one place.

Statuses come from ``duban.work.rounds.statuses_for_round(public=True)``, the same
function behind the workbench's public view, so the two never disagree.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.export.store_table import counted_versions, items_of, round_document
from duban.parse.model import Document
from duban.store.models import Commitment, Indicator, Organization, Plan, Round
from duban.work import ledger
from duban.work.rounds import PUBLIC_STATES, statuses_for_round
from duban.work.status import STATUS_ORDER, Status, Summary, summarize

PUBLISHED = "published"
NOT_PUBLISHED_LABEL = "尚无公开进展"


@dataclass
class RoundEntry:
    """One published round's evidence for a task."""

    round_id: int
    label: str
    end: date | None
    status: Status
    status_label: str
    reason: str
    items: list[str]
    goals: list[tuple[str, str]] = field(default_factory=list)  # performance: (goal, completion)


@dataclass
class Related:
    task_id: int
    year: int | None
    plan_title: str
    label: str
    score: float
    same_ref: bool


@dataclass
class TaskView:
    id: int
    plan_id: int
    org_id: int
    year: int | None
    plan_title: str
    seq: int | None
    ref: str | None
    name: str | None
    content: str
    units: list[tuple[int, str, str]]  # (unit id, name, role)
    targets: list[dict]
    goals: list[str]
    rounds: list[RoundEntry] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)

    @property
    def status(self) -> Status:
        """The status in the latest published round; 未评估 when nothing is published yet."""
        return self.rounds[-1].status if self.rounds else Status.UNASSESSED

    @property
    def status_label(self) -> str:
        return self.rounds[-1].status_label if self.rounds else NOT_PUBLISHED_LABEL

    @property
    def title(self) -> str:
        head = f"第{self.seq}项" if self.seq is not None else ""
        return f"{head} {self.ref or self.name or ''}".strip()

    @property
    def match_text(self) -> str:
        return f"{self.name or ''}{self.content}"


@dataclass
class PlanView:
    id: int
    org_id: int
    title: str
    year: int | None
    kind: str
    rounds: list[Round]
    tasks: list[TaskView]
    documents: list[tuple[Round, Document]] = field(default_factory=list)  # contract JSON per published round

    @property
    def summary(self) -> Summary:
        return summarize(t.status for t in self.tasks)


@dataclass
class WorkReportView:
    id: int
    org_id: int
    title: str
    year: int | None
    indicators: list[Indicator]
    commitments: list[Commitment]


@dataclass
class UnitView:
    id: int
    org_id: int
    name: str
    tasks: list[TaskView] = field(default_factory=list)

    @property
    def summary(self) -> Summary:
        return summarize(t.status for t in self.tasks)


@dataclass
class OrgYear:
    org: Organization
    year: int | None
    plans: list[PlanView]
    work_reports: list[WorkReportView]

    @property
    def slug(self) -> str:
        return f"o{self.org.id}-{self.year or 'na'}"

    @property
    def tasks(self) -> list[TaskView]:
        return [t for p in self.plans for t in p.tasks]

    @property
    def summary(self) -> Summary:
        return summarize(t.status for t in self.tasks)


@dataclass
class PublicData:
    org_years: list[OrgYear]
    tasks: dict[int, TaskView]
    units: dict[int, UnitView]
    generated: datetime

    @property
    def rounds(self) -> int:
        return sum(len(p.rounds) for oy in self.org_years for p in oy.plans)


def task_view(task, plan: Plan) -> TaskView:
    units = [(unit.id, unit.name, role) for unit, role in ledger.ordered_units(task)]
    targets = [{"text": t.text, "metric": t.metric, "value": t.value, "unit": t.unit, "qualifier": t.qualifier}
               for t in task.targets]
    return TaskView(task.id, plan.id, plan.org_id, plan.year, plan.title, task.seq, task.ref, task.name,
                    task.content, units, targets, [g.text for g in task.goals])


def plan_view(session: Session, plan: Plan, now: datetime) -> PlanView | None:
    rounds = [r for r in ledger.rounds_of(session, plan.id) if r.state == PUBLISHED]
    if not rounds:
        return None
    tasks = ledger.tasks_of(session, plan.id)
    views = {t.id: task_view(t, plan) for t in tasks}
    documents = []
    for rnd in rounds:
        statuses = {s.task_id: s for s in statuses_for_round(session, plan.id, rnd.id, now, public=True)}
        reports = ledger.reports_of_round(session, rnd.id)
        round_items = {t.id: items_of(t, counted_versions(reports.get(t.id, []), PUBLIC_STATES)) for t in tasks}
        documents.append((rnd, round_document(plan, rnd, tasks, round_items)))
        for task in tasks:
            items = round_items[task.id]
            goals = []
            if task.goals:
                goals = [(g.text, items[n] if n < len(items) else "") for n, g in enumerate(task.goals)]
            status = statuses[task.id]
            views[task.id].rounds.append(RoundEntry(rnd.id, rnd.label, rnd.end, status.status, status.status_label,
                                                    status.reason, [] if goals else items, goals))
    return PlanView(plan.id, plan.org_id, plan.title, plan.year, plan.kind, rounds,
                    [views[t.id] for t in tasks], documents)


def work_report_view(session: Session, plan: Plan) -> WorkReportView:
    indicators = list(session.scalars(select(Indicator).where(Indicator.plan_id == plan.id)
                                      .order_by(Indicator.position, Indicator.id)))
    commitments = list(session.scalars(select(Commitment).where(Commitment.plan_id == plan.id)
                                       .order_by(Commitment.position, Commitment.id)))
    return WorkReportView(plan.id, plan.org_id, plan.title, plan.year, indicators, commitments)


def gather(session: Session, now: datetime) -> PublicData:
    """Every organization's published plans and its work reports, grouped by organization and year."""
    from duban.export.site.related import link_related

    grouped: dict[tuple[int, int | None], tuple[list, list]] = defaultdict(lambda: ([], []))
    for plan in session.scalars(select(Plan).order_by(Plan.org_id, Plan.year, Plan.id)):
        if plan.kind == "work_report":
            grouped[(plan.org_id, plan.year)][1].append(work_report_view(session, plan))
        elif (view := plan_view(session, plan, now)) is not None:
            grouped[(plan.org_id, plan.year)][0].append(view)
    orgs = {o.id: o for o in session.scalars(select(Organization))}
    org_years = [OrgYear(orgs[org_id], year, plans, reports)
                 for (org_id, year), (plans, reports) in sorted(grouped.items(),
                                                                key=lambda kv: (kv[0][0], -(kv[0][1] or 0)))
                 if plans or reports]
    tasks = {t.id: t for oy in org_years for t in oy.tasks}
    units: dict[int, UnitView] = {}
    for task in tasks.values():
        for unit_id, name, _ in task.units:
            units.setdefault(unit_id, UnitView(unit_id, task.org_id, name)).tasks.append(task)
    link_related(list(tasks.values()))
    return PublicData(org_years, tasks, units, now)


def status_shares(summary: Summary) -> list[dict]:
    """Bar segments in the dashboard's order, empty ones left out."""
    return [{"status": s.value, "label": s.label, "count": summary.counts[s], "share": summary.share(s)}
            for s in STATUS_ORDER if summary.counts[s]]
