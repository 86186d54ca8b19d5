"""What the public may see, gathered from the ledger one organization at a time: published rounds only.

Why a separate gathering step: the pages, the search index and the open-data
files must show the same facts. Gathering into plain objects (and never touching
the database from templates) keeps them in step and makes the gate — only rounds
in state ``published``, only approved or published report versions — sit in one
place. Why per organization: an organization is the widest scope a page needs (its
years, its units, the same commitment in another year), so the site is built
organization by organization and never holds more than one in memory.

Statuses come from the pure ``duban.work.status.assess``, fed as
``duban.work.rounds.assess_task`` feeds it for ``statuses_for_round(public=True)``
(the dashboard's public view): the same ``target_inputs``, ``report_input`` and
``ledger.task_period``, only approved or published versions. It runs on rows read
in batches (``rows.py``) — the dashboard's numbers without its per-round queries,
and each task's targets converted once, not once per round. A test holds the
site's counts equal to ``summarize(statuses_for_round(...))``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.export.site.documents import PlanDocuments
from duban.export.site.rows import PlanRows, load_plans
from duban.export.store_table import counted_versions, items_of
from duban.store.models import Commitment, Indicator, Organization, Plan, Round
from duban.store.services.imports import DEFAULT_ORG
from duban.store.services.units import BRACKETED, LEVEL_PREFIX
from duban.work import ledger
from duban.work.public_status import PublicStatus, public_status
from duban.work.rounds import PUBLIC_STATES, report_input, target_inputs
from duban.work.status import STATUS_ORDER, RoundInput, Status, Summary, assess, counted_report, summarize
from duban.work.timeshare import time_share

NOT_PUBLISHED_LABEL = "尚无公开进展"


@dataclass
class RoundEntry:
    """One published round's evidence for a task."""

    round_id: int
    label: str
    end: date | None
    public: PublicStatus  # only a confirmed status; 未评估 otherwise
    items: list[str]
    goals: list[tuple[str, str]] = field(default_factory=list)  # performance: (goal, completion)

    @property
    def status(self) -> Status:
        return self.public.status

    @property
    def status_label(self) -> str:
        return self.public.label

    @property
    def reason(self) -> str:
        return self.public.reason


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
    government: str = ""

    @property
    def status(self) -> Status:
        """The status in the latest published round; 未评估 when nothing is published yet."""
        return self.rounds[-1].status if self.rounds else Status.UNASSESSED

    @property
    def status_label(self) -> str:
        return self.rounds[-1].status_label if self.rounds else NOT_PUBLISHED_LABEL

    @property
    def latest(self) -> RoundEntry | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def shows_content(self) -> bool:
        """A performance task's content repeats its name: printed once."""
        return bool(self.content) and self.content != self.name

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
    round_summaries: list[Summary] = field(default_factory=list)  # per published round, in time order

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
    government: str = ""  # the name printed for the organization (``government_name``)

    @property
    def slug(self) -> str:
        return org_year_slug(self.org.id, self.year)

    @property
    def tasks(self) -> list[TaskView]:
        return [t for p in self.plans for t in p.tasks]

    @property
    def summary(self) -> Summary:
        return summarize(t.status for t in self.tasks)


@dataclass
class OrgData:
    """One organization's part of the site; ``documents`` maps open-data paths to the contract JSON's bytes."""

    org_years: list[OrgYear]
    units: list[UnitView]
    documents: dict[str, Callable[[], bytes]]

    @property
    def tasks(self) -> list[TaskView]:
        return [t for oy in self.org_years for t in oy.tasks]


def org_year_slug(org_id: int, year: int | None) -> str:
    """The page of an organization's year: ``o1-2023.html``."""
    return f"o{org_id}-{year or 'na'}"


def document_path(plan_id: int, round_id: int) -> str:
    return f"data/plan-{plan_id}-round-{round_id}.json"


def task_view(task, plan: Plan) -> TaskView:
    units = [(unit.id, unit.name, role) for unit, role in ledger.ordered_units(task)]
    targets = [{"text": t.text, "metric": t.metric, "value": t.value, "unit": t.unit, "qualifier": t.qualifier}
               for t in task.targets]
    return TaskView(task.id, plan.id, plan.org_id, plan.year, plan.title, task.seq, task.ref, task.name,
                    task.content, units, targets, [g.text for g in task.goals])


def public_assessment(task, targets, plan: Plan, rnd: Round, versions: list, now: datetime) -> PublicStatus:
    """The task's status in the round as the public sees it: what ``rounds.assess_task`` computes from
    approved versions, kept only when a person confirmed it (``public_status``).

    A handed-in version with neither the reviewer's status nor amounts the unit entered can
    only give a suggestion, which the public never sees: it is 未评估 without reading its
    text (reading progress texts was most of the site's build)."""
    start, end = ledger.task_period(task, plan, rnd)
    period = RoundInput(rnd.end or rnd.due or now.date(), rnd.due)
    inputs = [report_input(task, v) for v in versions if v.state in PUBLIC_STATES]
    counted = counted_report(inputs)
    if counted is not None and not counted.reviewer_status and not counted.stated_status and not (
            counted.achievements and any(a is not None for a in counted.achievements)):
        return public_status(Status.UNASSESSED, False, "none", None, time_share(start, end, period.period_end))
    a = assess(targets, start, end, period, inputs, now)
    return public_status(a.status, a.suggested, a.basis, a.share, a.time_share, a.reason)


def plan_view(rows: PlanRows, now: datetime, documents: dict[str, Callable[[], bytes]]) -> PlanView:
    plan, tasks = rows.plan, rows.tasks
    encoder = PlanDocuments(plan, tasks)
    views = {t.id: task_view(t, plan) for t in tasks}
    targets = {t.id: target_inputs(t) for t in tasks}
    # ``unit_order`` from the units ``task_view`` already put in order
    orders = {t.id: {unit_id: n for n, (unit_id, _, _) in enumerate(views[t.id].units)} for t in tasks}
    summaries = []
    for rnd in rows.rounds:
        reports = rows.reports[rnd.id]
        round_items = {t.id: items_of(t, counted_versions(reports.get(t.id, []), PUBLIC_STATES), orders[t.id])
                       for t in tasks}
        documents[document_path(plan.id, rnd.id)] = (
            lambda rnd=rnd, items=round_items: encoder.round_json(rnd, items))
        statuses = []
        for task in tasks:
            items = round_items[task.id]
            goals = []
            if task.goals:
                goals = [(g.text, items[n] if n < len(items) else "") for n, g in enumerate(task.goals)]
            assessment = public_assessment(task, targets[task.id], plan, rnd, reports.get(task.id, []), now)
            statuses.append(assessment.status)
            views[task.id].rounds.append(RoundEntry(rnd.id, rnd.label, rnd.end, assessment, [] if goals else items,
                                                    goals))
        summaries.append(summarize(statuses))
    return PlanView(plan.id, plan.org_id, plan.title, plan.year, plan.kind, rows.rounds,
                    [views[t.id] for t in tasks], summaries)


def work_report_view(session: Session, plan: Plan) -> WorkReportView:
    indicators = list(session.scalars(select(Indicator).where(Indicator.plan_id == plan.id)
                                      .order_by(Indicator.position, Indicator.id)))
    commitments = list(session.scalars(select(Commitment).where(Commitment.plan_id == plan.id)
                                       .order_by(Commitment.position, Commitment.id)))
    return WorkReportView(plan.id, plan.org_id, plan.title, plan.year, indicators, commitments)


def gather_org(session: Session, org: Organization, now: datetime) -> OrgData:
    """The organization's published plans and its work reports, grouped by year (newest first)."""
    from duban.export.site.related import link_related

    work_reports, plans = load_plans(session, org.id)
    documents: dict[str, Callable[[], bytes]] = {}
    years: dict[int | None, tuple[list, list]] = {}
    for rows in plans:
        years.setdefault(rows.plan.year, ([], []))[0].append(plan_view(rows, now, documents))
    for plan in work_reports:
        years.setdefault(plan.year, ([], []))[1].append(work_report_view(session, plan))
    government = government_name(org, [p.plan.title for p in plans] + [p.title for p in work_reports])
    org_years = [OrgYear(org, year, views, reports, government)
                 for year, (views, reports) in sorted(years.items(), key=lambda kv: -(kv[0] or 0))]
    units: dict[int, UnitView] = {}
    tasks = [t for oy in org_years for t in oy.tasks]
    fold_units(tasks)
    for task in tasks:
        task.government = government
    for task in tasks:
        for unit_id, name, _ in task.units:
            units.setdefault(unit_id, UnitView(unit_id, task.org_id, name)).tasks.append(task)
    link_related(tasks)
    return OrgData(org_years, list(units.values()), documents)


GOVERNMENT_IN_TITLE = re.compile(r"(?:\d{4}年(?:度)?)?(?P<name>[\u4e00-\u9fff]{2,30}?人民政府)")


def government_name(org: Organization, titles: list[str]) -> str:
    """The name the public knows: the organization's full name when set, else its own name; an
    organization imported without a name (``本级政府``) takes the government named in its document
    titles (``2021年北京市东城区人民政府工作报告``) when they name exactly one."""
    full = getattr(org, "full_name", None)
    if full:
        return full
    if org.name != DEFAULT_ORG:
        return org.name
    named = {m.group("name") for title in titles if (m := GOVERNMENT_IN_TITLE.search(title))}
    return named.pop() if len(named) == 1 else org.name


def unit_key(name: str) -> tuple[str, str]:
    """(the name without a bracketed note or a level prefix, the prefix): ``区规自分局`` → (规自分局, 区)."""
    base = BRACKETED.sub("", name).strip() or name
    prefix = LEVEL_PREFIX.match(base)
    return (base[1:], base[0]) if prefix and len(base) > 3 else (base, "")


def fold_units(tasks: list[TaskView]) -> None:
    """One unit per body: names that differ only by a level prefix or a bracketed note (``规自分局``,
    ``区规自分局``) are one unit, shown under its fullest name; ``市X`` and ``区X`` stay two. Units
    merged or aliased in the directory (``duban units merge``) are already one row."""
    names = {uid: name for t in tasks for uid, name, _ in t.units}
    groups: dict[str, list[int]] = {}
    prefixes: dict[str, set[str]] = {}
    for uid, name in names.items():
        bare, prefix = unit_key(name)
        groups.setdefault(bare, []).append(uid)
        prefixes.setdefault(bare, set()).add(prefix)
    canonical = {}
    for bare, ids in groups.items():
        if len(prefixes[bare] - {""}) > 1:
            canonical.update({uid: uid for uid in ids})
            continue
        main = max(ids, key=lambda uid: (len(names[uid]), -uid))
        canonical.update({uid: main for uid in ids})
    if all(uid == main for uid, main in canonical.items()):
        return
    for task in tasks:
        folded, seen = [], set()
        for uid, _, role in task.units:
            main = canonical[uid]
            if main not in seen:
                seen.add(main)
                folded.append((main, names[main], role))
        task.units = folded


def organizations(session: Session) -> list[Organization]:
    return list(session.scalars(select(Organization).order_by(Organization.id)))


def status_shares(summary: Summary) -> list[dict]:
    """Bar segments in the dashboard's order, empty ones left out."""
    return [{"status": s.value, "label": s.label, "count": summary.counts[s], "share": summary.share(s)}
            for s in STATUS_ORDER if summary.counts[s]]
