"""A round seen from the ledger: each task's status, the per-unit scorecard, the lagging list.

``statuses_for_round(session, plan_id, round_id, now)`` is the one entry point the
dashboard, the notice (export area) and the public view share, so their numbers
are the same by construction. Opening, closing and publishing a round also live
here, on top of the store's services (which write the audit trail).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.db import StoreError, write_transaction
from duban.store.models import Plan, ProgressReport, Round, Task
from duban.store.services import progress as progress_service
from duban.store.services import rounds as round_service
from duban.work import ledger
from duban.work.dates import local_from_utc
from duban.work.public_status import public_status
from duban.work.stated import stated_of
from duban.work.states import (
    COUNTED_STATES,
    REVIEWED_STATES,
    Audience,
    ReportState,
    RoundState,
    StateError,
    check_round_step,
    confirmed_only,
    counted_states,
)
from duban.work.status import (
    LAGGING,
    Assessment,
    ReportInput,
    RoundInput,
    Status,
    Summary,
    TargetInput,
    assess,
    counted_report,
    summarize,
)

__all__ = ["TaskStatus", "statuses_for_round", "summarize", "Summary", "scorecard", "lagging",
           "open_round", "close_round", "reopen_round", "publish_round", "pending_reviews"]

PUBLIC_STATES = REVIEWED_STATES  # kept for callers: what the public counts


@dataclass(frozen=True)
class TaskStatus:
    task_id: int
    seq: int | None
    ref: str | None
    label: str
    unit_id: int | None
    unit_name: str
    status: Status
    suggested: bool
    basis: str
    share: float | None
    time_share: float | None
    reason: str
    report_id: int | None  # the counted version
    handed_in_at: datetime | None  # first time the unit handed a report in for this round
    on_time: bool

    @property
    def status_label(self) -> str:
        return self.status.label + ("（建议）" if self.suggested else "")

    @property
    def confirmed_status(self) -> Status:
        """What notices, exports and the public may say: a suggestion is 未评估 until a person confirms it."""
        return Status.UNASSESSED if self.suggested else self.status

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status"] = self.status.value
        data["status_label"] = self.status_label
        data["confirmed_status"] = self.confirmed_status.value
        data["handed_in_at"] = self.handed_in_at.isoformat() if self.handed_in_at else None
        return data


def target_inputs(task: Task) -> list[TargetInput]:
    return [TargetInput(t.value, t.unit, t.qualifier, t.text, t.metric) for t in task.targets]


def achievement_values(task: Task, report: ProgressReport) -> list[float | None] | None:
    """The amounts the unit entered, in the task's target order; ``None`` when it entered none."""
    if not report.achievements:
        return None
    entered = {a.get("target_id"): a.get("value") for a in report.achievements if isinstance(a, dict)}
    if not any(v is not None for v in entered.values()):
        return None
    return [entered.get(t.id) for t in task.targets]


def report_input(task: Task, report: ProgressReport) -> ReportInput:
    reviewer = report.status if report.status and report.status != Status.UNASSESSED.value else None
    stated = stated_of(report)
    mapped = stated.status if stated else None
    return ReportInput(report.state, report.id, [str(i) for i in report.items or []],
                       achievement_values(task, report), reviewer, report.created_at,
                       mapped.value if mapped else None, stated.shown if stated else "")


def assess_task(task: Task, plan: Plan, round_: Round, versions: list[ProgressReport], now: datetime,
                states: tuple[str, ...] | None = None) -> tuple[Assessment, ProgressReport | None]:
    if states is not None:  # a withdrawal stays in view: it takes back what was handed in before it
        versions = [v for v in versions if v.state in states or v.state == ReportState.WITHDRAWN]
    start, end = ledger.task_period(task, plan, round_)
    period_end = round_.end or round_.due or now.date()
    inputs = {id(v): report_input(task, v) for v in versions}
    result = assess(target_inputs(task), start, end, RoundInput(period_end, round_.due),
                    list(inputs.values()), now)
    counted = counted_report(list(inputs.values()))
    report = next((v for v in versions if counted is not None and v.id == counted.version), None)
    return result, report


def assess_for(task: Task, plan: Plan, round_: Round, versions: list[ProgressReport], now: datetime,
               audience: Audience) -> tuple[Assessment, ProgressReport | None]:
    """``assess_task`` under the visibility policy: the reports that count for this audience in this
    round, and only confirmed statuses where the policy says so (the same rule as ``statuses_for_round``)."""
    assessment, report = assess_task(task, plan, round_, versions, now, counted_states(round_.state, audience))
    if confirmed_only(round_.state, audience):
        assessment = confirmed_assessment(assessment)
    return assessment, report


def confirmed_assessment(assessment: Assessment) -> Assessment:
    """A suggestion or an internal state becomes 未评估; what a person confirmed stays."""
    shown = public_status(assessment.status, assessment.suggested, assessment.basis, assessment.share,
                          assessment.time_share, assessment.reason)
    return replace(assessment, status=shown.status, suggested=False, basis=shown.basis, share=shown.share,
                   reason=shown.reason)


@dataclass(frozen=True)
class TargetFacts:
    id: int
    value: float | None
    unit: str | None
    qualifier: str | None
    text: str
    metric: str | None


@dataclass(frozen=True)
class TaskFacts:
    """What a status needs of a task, as plain values (usable where a ``Task`` is, for these functions).

    Why: loading a plan's tasks with their units and targets is most of the cost of
    a round's statuses, and none of it changes while reports arrive; plain values
    can be kept between requests, ORM rows cannot.
    """

    id: int
    seq: int | None
    ref: str | None
    deadline: date | None
    label: str
    unit_id: int | None
    unit_name: str
    targets: tuple[TargetFacts, ...]

    @classmethod
    def of(cls, task: Task) -> TaskFacts:
        unit = ledger.reporting_unit(task)
        return cls(task.id, task.seq, task.ref, task.deadline, ledger.task_label(task), unit.id if unit else None,
                   unit.name if unit else "", tuple(TargetFacts(t.id, t.value, t.unit, t.qualifier, t.text, t.metric)
                                                    for t in task.targets))


def task_facts(session: Session, plan_id: int) -> list[TaskFacts]:
    return [TaskFacts.of(t) for t in ledger.tasks_of(session, plan_id)]


# task id → (the ids of the versions its status was read from, that status)
StatusMemo = dict[int, tuple[tuple[int, ...], TaskStatus]]


def statuses_for_round(session: Session, plan_id: int, round_id: int, now: datetime, *,
                       public: bool = False, confirmed: bool = False, suggestions: bool = False,
                       facts: list[TaskFacts] | None = None, memo: StatusMemo | None = None) -> list[TaskStatus]:
    """Every task of the plan with its status in the round — the one read of statuses.

    The visibility policy (``work.states``) decides what counts: ``public`` counts only
    reviewed reports and shows only statuses a person confirmed; so does everyone for a
    published round (staff and public counts of a published round are equal).
    ``confirmed`` asks for confirmed statuses only while still counting every report
    handed in (exports and notices of a round still in progress). ``suggestions`` (staff
    only) keeps the machine's suggestions, marked ``suggested``, in a published round too,
    so the office sees what awaits its confirmation; ``summarize`` still counts them as
    未评估. ``facts`` (from ``task_facts``) saves reloading the tasks when the caller kept them.

    ``memo`` keeps each task's status with the ids of the versions it was read from,
    for a caller that holds everything else fixed (the same plan facts, round, audience
    and day: ``statuscache``). Versions are append-only, so a task whose version ids
    are unchanged has the same status: during a deadline rush one new report re-reads
    one task, where the whole round (every version loaded, every text read by the
    assessment engine) used to be read again on each dashboard view.
    """
    plan = session.get(Plan, plan_id)
    round_ = session.get(Round, round_id)
    if plan is None or round_ is None or round_.plan_id != plan_id:
        raise StoreError(f"计划 {plan_id} 没有轮次 {round_id}")
    audience = Audience.PUBLIC if public else Audience.STAFF
    states = counted_states(round_.state, audience)
    confirmed = confirmed or (confirmed_only(round_.state, audience) and not (suggestions and not public))
    tasks = facts if facts is not None else task_facts(session, plan_id)
    kept = _kept_statuses(session, round_id, tasks, memo) if memo else {}
    stale = [t.id for t in tasks if t.id not in kept]
    # a few changed tasks are read by id; most of the round (the first view) in one scan
    reports = ledger.reports_of_round(session, round_id, stale if len(stale) * 2 < len(tasks) else None)
    due_end = datetime.combine(round_.due, datetime.max.time()) if round_.due else None
    result = []
    for task in tasks:
        if task.id in kept:
            result.append(kept[task.id])
            continue
        versions = reports.get(task.id, [])
        status = task_status(task, plan, round_, versions, now, states, confirmed, due_end)
        if memo is not None:  # keyed by the versions actually read, never by an earlier listing
            memo[task.id] = (tuple(v.id for v in versions), status)
        result.append(status)
    return result


def _kept_statuses(session: Session, round_id: int, tasks: list[TaskFacts], memo: StatusMemo
                   ) -> dict[int, TaskStatus]:
    """The remembered statuses whose task has exactly the versions it had then (ids only: no text is loaded)."""
    ids: dict[int, list[int]] = {}
    for task_id, report_id in session.execute(select(ProgressReport.task_id, ProgressReport.id)
                                              .where(ProgressReport.round_id == round_id)
                                              .order_by(ProgressReport.id)):
        ids.setdefault(task_id, []).append(report_id)
    kept = {}
    for task in tasks:
        entry = memo.get(task.id)
        if entry is not None and entry[0] == tuple(ids.get(task.id, ())):
            kept[task.id] = entry[1]
    return kept


def task_status(task: TaskFacts | Task, plan: Plan, round_: Round, versions: list[ProgressReport], now: datetime,
                states: tuple[str, ...], confirmed: bool, due_end: datetime | None) -> TaskStatus:
    """One task's status in the round from its versions (oldest first)."""
    assessment, report = assess_task(task, plan, round_, versions, now, states)
    if confirmed:
        assessment = confirmed_assessment(assessment)
    withdrawn = {}
    for v in versions:
        if v.state == ReportState.WITHDRAWN:
            withdrawn[v.unit_id] = max(withdrawn.get(v.unit_id, 0), v.version)
    handed = [local_from_utc(v.created_at) for v in versions
              if v.state in COUNTED_STATES and v.version > withdrawn.get(v.unit_id, 0)]
    first = min(handed) if handed else None
    return TaskStatus(
        task.id, task.seq, task.ref, task.label, task.unit_id, task.unit_name, assessment.status, assessment.suggested,
        assessment.basis, assessment.share, assessment.time_share, assessment.reason, report.id if report else None,
        first, first is not None and (due_end is None or first <= due_end))


@dataclass(frozen=True)
class UnitScore:
    unit_id: int | None
    unit_name: str
    tasks: int
    handed_in: int
    on_time: int
    lagging: int

    def to_dict(self) -> dict:
        return asdict(self)


def scorecard(statuses: list[TaskStatus]) -> list[UnitScore]:
    """Per reporting unit: tasks, reports handed in, on time, lagging; most lagging first."""
    rows: dict[int | None, list[TaskStatus]] = {}
    for s in statuses:
        rows.setdefault(s.unit_id, []).append(s)
    scores = [UnitScore(unit_id, items[0].unit_name or "（未指定单位）", len(items),
                        sum(1 for s in items if s.handed_in_at), sum(1 for s in items if s.on_time),
                        sum(1 for s in items if s.status in LAGGING))
              for unit_id, items in rows.items()]
    return sorted(scores, key=lambda u: (-u.lagging, u.on_time - u.tasks, u.unit_name))


def lagging(statuses: list[TaskStatus]) -> list[TaskStatus]:
    return [s for s in statuses if s.status in LAGGING]


def open_round(session: Session, *, actor: str, plan_id: int, label: str, end: date, due: date,
               start: date | None = None) -> Round:
    if due < end:
        raise StoreError("报送截止日期不能早于统计截止日期")
    write_transaction(session)
    return round_service.create_round(session=session, actor=actor, plan_id=plan_id, label=label.strip(),
                                      start=start, end=end, due=due, state=RoundState.OPEN)


def close_round(session: Session, *, actor: str, round_id: int) -> Round:
    """截止报送: units can no longer write; the office can still review what was handed in."""
    write_transaction(session)
    round_ = _round(session, round_id)
    check_round_step(round_.state, RoundState.CLOSED)
    return round_service.update_round(session=session, actor=actor, round_id=round_id, state=RoundState.CLOSED.value)


def reopen_round(session: Session, *, actor: str, round_id: int) -> Round:
    write_transaction(session)
    round_ = _round(session, round_id)
    check_round_step(round_.state, RoundState.OPEN)
    return round_service.update_round(session=session, actor=actor, round_id=round_id, state=RoundState.OPEN.value)


def _round(session: Session, round_id: int) -> Round:
    round_ = session.get(Round, round_id)
    if round_ is None:
        raise StoreError(f"没有轮次 {round_id}")
    return round_


def pending_reviews(session: Session, round_id: int) -> list[ProgressReport]:
    """The latest version of each (task, unit) whose handed-in report still waits for review."""
    pending = []
    for versions in ledger.reports_of_round(session, round_id).values():
        for unit_versions in _by_unit(versions).values():
            latest = unit_versions[-1]
            if latest.state == ReportState.SUBMITTED or (
                    latest.state == ReportState.DRAFT and _handed_in_unreviewed(unit_versions)):
                pending.append(latest)
    return pending


def _by_unit(versions: list[ProgressReport]) -> dict[int | None, list[ProgressReport]]:
    grouped: dict[int | None, list[ProgressReport]] = {}
    for v in sorted(versions, key=lambda v: v.version):
        grouped.setdefault(v.unit_id, []).append(v)
    return grouped


def _handed_in_unreviewed(versions: list[ProgressReport]) -> bool:
    """A draft over a handed-in report: the handed-in version still counts and waits for review."""
    for v in reversed(versions):
        if v.state != ReportState.DRAFT:
            return v.state == ReportState.SUBMITTED
    return False


PENDING_CHOICES = {"approve": "全部审核通过后公开", "exclude": "退回，不纳入公开"}


def publish_round(session: Session, *, actor: str, round_id: int, pending: str | None = None) -> Round:
    """Make the round public; its approved reports become published versions.

    Reports still waiting for review would be stranded (nobody could review them once the
    round is final, and staff and public would count them differently), so publishing is
    refused while any wait — unless the office chooses, for all of them at once,
    ``pending="approve"`` (approved as handed in, with the status the reviewer left) or
    ``pending="exclude"`` (returned with a note; they are not published).
    """
    write_transaction(session)
    round_ = _round(session, round_id)
    check_round_step(round_.state, RoundState.PUBLISHED)
    waiting = pending_reviews(session, round_id)
    if waiting and pending not in PENDING_CHOICES:
        raise StateError(f"本轮还有{len(waiting)}份进展待审核：请先审核，或选择“全部审核通过”或“不纳入公开”后再公开")
    for report in waiting:
        if report.state == ReportState.DRAFT:  # the unit's unfinished draft stays its own; the handed-in one is decided
            continue
        if pending == "approve":
            progress_service.transition(session=session, actor=actor, report_id=report.id,
                                        state=ReportState.APPROVED.value, comment="公开时统一审核通过")
        else:
            progress_service.transition(session=session, actor=actor, report_id=report.id,
                                        state=ReportState.RETURNED.value, comment="公开时未审核，不纳入公开")
    round_ = round_service.update_round(session=session, actor=actor, round_id=round_id,
                                        state=RoundState.PUBLISHED.value)
    for versions in ledger.reports_of_round(session, round_id).values():
        for report in ledger.latest_versions(versions).values():
            if report.state == ReportState.APPROVED:
                progress_service.transition(session=session, actor=actor, report_id=report.id,
                                            state=ReportState.PUBLISHED.value)
    return round_
