"""The task list (filters, keyword, pages) and one task's full story across rounds.

Visibility is decided here, not in the views: reporters see the tasks their unit
leads or co-owns and no one else's drafts; the public sees published rounds only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from duban.store.models import AuditEvent, Plan, ProgressReport, Round, Task, User
from duban.store.search import search
from duban.work import ledger
from duban.work.reporting import can_see_report
from duban.work.rounds import TaskStatus, assess_for
from duban.work.stated import Stated, stated_of
from duban.work.states import Audience, RoundState, report_visible
from duban.work.status import Assessment, Status, counted_status
from duban.work.statuscache import cached_statuses
from duban.work.textdiff import Piece, changed_share, diff_texts

PER_PAGE = 20


def keyword_task_ids(session: Session, plan_id: int, keyword: str, user: User | None) -> set[int]:
    """Tasks of the plan whose text, or progress this reader may see, matches the store's word search.

    The search index holds the newest text of every report, drafts included, so a
    progress hit counts only when the report it came from (the hit's ``report_id``)
    passes the same rule as the task page (``can_see_report``; for the public
    (``user`` None): approved in a published round). Otherwise a keyword could
    reveal what another unit drafted.
    """
    hits = search(session=session, query=keyword, plan_id=plan_id, limit=100_000)
    matched = {h.task_id for h in hits if h.kind == "task"}
    report_ids = {h.report_id for h in hits if h.kind != "task" and h.task_id not in matched and h.report_id}
    if not report_ids:
        return matched
    rows = session.execute(select(ProgressReport, Round.state).join(Round, Round.id == ProgressReport.round_id)
                           .where(ProgressReport.id.in_(sorted(report_ids))))
    for report, round_state in rows:
        if user is None:
            visible = report_visible(report.state, Audience.PUBLIC, round_state=round_state)
        else:
            visible = can_see_report(user, report)
        if visible:
            matched.add(report.task_id)
    return matched


@dataclass
class TaskPage:
    rows: list[TaskStatus]
    total: int
    page: int
    pages: int
    suggested: int = 0  # rows left out of a status filter because that status is only a suggestion

    def to_dict(self) -> dict:
        return {"total": self.total, "page": self.page, "pages": self.pages, "suggested": self.suggested,
                "tasks": [r.to_dict() for r in self.rows]}


def task_page(session: Session, *, user: User, plan_id: int, round_id: int | None, now: datetime,
              unit_id: int | None = None, status: str | None = None, keyword: str | None = None,
              page: int = 1, per_page: int = PER_PAGE) -> TaskPage:
    if round_id is not None:
        rows = cached_statuses(session, plan_id, round_id, now, suggestions=True)  # marked as suggestions
    else:
        rows = []
        for t in ledger.tasks_of(session, plan_id):
            unit = ledger.reporting_unit(t)
            rows.append(TaskStatus(t.id, t.seq, t.ref, ledger.task_label(t), unit.id if unit else None,
                                   unit.name if unit else "", Status.UNASSESSED, False, "none", None, None,
                                   "尚无报送轮次", None, None, False))
    if user.role == "reporter":
        own = ledger.unit_task_ids(session, user.unit_id) if user.unit_id else set()
        rows = [r for r in rows if r.task_id in own]
    if unit_id is not None:
        rows = [r for r in rows if r.task_id in ledger.unit_task_ids(session, unit_id)]
    if keyword and keyword.strip():
        matched = keyword_task_ids(session, plan_id, keyword.strip(), user)
        rows = [r for r in rows if r.task_id in matched]
    suggested = 0
    if status:  # as the dashboard counts: a suggestion is 未评估 until confirmed, and said apart
        suggested = sum(1 for r in rows if r.suggested and r.status.value == status != Status.UNASSESSED.value)
        rows = [r for r in rows if counted_status(r).value == status]
    total = len(rows)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    return TaskPage(rows[(page - 1) * per_page: page * per_page], total, page, pages, suggested)


@dataclass
class RoundEntry:
    round: Round
    assessment: Assessment
    report: ProgressReport | None  # the version shown (counted, or the viewer's own draft)
    versions: list[ProgressReport]  # every version the viewer may see, oldest first
    diff: list[list[Piece]] = field(default_factory=list)  # per item against the previous round's text
    changed: float | None = None

    @property
    def stated(self) -> Stated | None:
        """The verdict the imported table printed for this task, mapped to a status or not."""
        return stated_of(self.report) if self.report is not None else None


@dataclass
class TaskStory:
    task: Task
    plan: Plan
    units: list
    entries: list[RoundEntry]
    audit: list[AuditEvent]


def task_story(session: Session, task: Task, user: User | None, now: datetime, *, public: bool = False) -> TaskStory:
    """Every round's progress in time order with what changed since the previous round, and the audit trail."""
    plan = session.get(Plan, task.plan_id)
    rounds = ledger.rounds_of(session, plan.id, (RoundState.PUBLISHED,) if public else None)
    entries: list[RoundEntry] = []
    previous_text: str | None = None
    for rnd in rounds:
        versions = ledger.reports_of_round(session, rnd.id, [task.id]).get(task.id, [])
        if public:
            visible = [v for v in versions if report_visible(v.state, Audience.PUBLIC, round_state=rnd.state)]
        else:
            visible = [v for v in versions if can_see_report(user, v)]
        assessment, counted = assess_for(task, plan, rnd, visible, now,
                                         Audience.PUBLIC if public else Audience.STAFF)
        shown = counted
        if shown is None and visible:
            shown = visible[-1]  # the viewer's own draft
        entry = RoundEntry(rnd, assessment, shown, visible)
        if shown is not None:
            text = "\n".join(str(i) for i in shown.items or [])
            if previous_text is not None:
                entry.diff = [diff_texts(previous_text, text)]
                entry.changed = changed_share(previous_text, text)
            previous_text = text
        entries.append(entry)
    audit: list[AuditEvent] = []
    if not public and user is not None:
        report_ids = [v.id for e in entries for v in e.versions]
        source_ids = {v.source_document_id for e in entries for v in e.versions if v.source_document_id}
        query = select(AuditEvent).where(or_(
            (AuditEvent.entity == "task") & (AuditEvent.entity_id == task.id),
            (AuditEvent.entity == "progress_report") & AuditEvent.entity_id.in_(report_ids or [-1]),
            (AuditEvent.entity == "source_document") & AuditEvent.entity_id.in_(sorted(source_ids) or [-1])))
        audit = list(session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(200)))
    return TaskStory(task, plan, ledger.ordered_units(task), entries, audit)


def story_dict(story: TaskStory) -> dict:
    t = story.task
    return {
        "id": t.id, "plan_id": t.plan_id, "seq": t.seq, "ref": t.ref, "name": t.name, "content": t.content,
        "deadline": t.deadline,
        "units": [{"id": u.id, "name": u.name, "role": role} for u, role in story.units],
        "targets": [{"id": q.id, "text": q.text, "value": q.value, "unit": q.unit, "qualifier": q.qualifier}
                    for q in t.targets],
        "rounds": [{"round_id": e.round.id, "label": e.round.label, "end": e.round.end,
                    "status": e.assessment.status.value, "status_label": e.assessment.label,
                    "share": e.assessment.share, "time_share": e.assessment.time_share,
                    "basis": e.assessment.basis, "reason": e.assessment.reason,
                    "stated": e.stated.to_dict() if e.stated else None,
                    "items": list(e.report.items or []) if e.report else [],
                    "state": e.report.state if e.report else None,
                    "changed": e.changed} for e in story.entries],
        "audit": [{"at": a.at, "actor": a.actor, "action": a.action, "entity": a.entity, "entity_id": a.entity_id}
                  for a in story.audit],
    }
