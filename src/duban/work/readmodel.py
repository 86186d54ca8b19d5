"""Typed read models of the ledger, shared by the CLI's ``--json`` and the web's ``?format=json``.

Why: ``duban tasks`` once read a status column nothing wrote while the dashboard
computed statuses, so the two disagreed. Every status shown anywhere now comes from
``rounds.statuses_for_round`` for the round a plan is *at*: ``current_round`` — the
same round the dashboard opens on (the plan's latest round the viewer may see).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from duban.store.models import Plan, Round, Task
from duban.work import ledger
from duban.work.rounds import TaskStatus, statuses_for_round
from duban.work.states import STATE_LABELS, Audience, round_visible
from duban.work.status import Status, Summary, summarize


def current_round(session: Session, plan_id: int, audience: Audience = Audience.STAFF) -> Round | None:
    """The round a plan's statuses are read in: its latest round (by period end) the audience may see."""
    rounds = [r for r in ledger.rounds_of(session, plan_id) if round_visible(r.state, audience)]
    return rounds[-1] if rounds else None


def plan_statuses(session: Session, plan_id: int, now: datetime, audience: Audience = Audience.STAFF
                  ) -> tuple[Round | None, dict[int, TaskStatus]]:
    """Each task's status in the plan's current round (none when the plan has no round yet)."""
    rnd = current_round(session, plan_id, audience)
    if rnd is None:
        return None, {}
    # staff see the machine's suggestions marked as such (the dashboard's read); counts stay confirmed
    rows = statuses_for_round(session, plan_id, rnd.id, now, public=audience is Audience.PUBLIC,
                              suggestions=audience is not Audience.PUBLIC)
    return rnd, {s.task_id: s for s in rows}


@dataclass(frozen=True)
class TaskRow:
    """A task with its status in its plan's current round. Its JSON carries the same status fields,
    under the same names, as the web's task list and dashboard (``TaskStatus.to_dict``)."""
    id: int
    plan_id: int
    plan: str
    year: int | None
    seq: int | None
    ref: str | None
    name: str | None
    content: str
    units: tuple[tuple[str, str], ...]  # (name, lead/co)
    round_id: int | None
    round: str | None
    current: TaskStatus | None  # None: the plan has no round yet

    @property
    def status(self) -> Status:
        return self.current.status if self.current else Status.UNASSESSED

    @property
    def status_label(self) -> str:
        return self.current.status_label if self.current else Status.UNASSESSED.label

    def to_dict(self) -> dict:
        status = self.current.to_dict() if self.current else {
            "status": Status.UNASSESSED.value, "status_label": Status.UNASSESSED.label, "suggested": False,
            "basis": "none", "share": None, "time_share": None, "reason": "尚无报送轮次", "report_id": None,
            "handed_in_at": None, "on_time": False, "unit_id": None, "unit_name": "", "label": ""}
        for key in ("task_id", "seq", "ref"):
            status.pop(key, None)
        return {"id": self.id, "plan_id": self.plan_id, "plan": self.plan, "year": self.year, "seq": self.seq,
                "ref": self.ref, "name": self.name, "content": self.content,
                "units": [{"name": n, "role": r} for n, r in self.units], "round_id": self.round_id,
                "round": self.round, **status}


def task_rows(session: Session, tasks: list[Task], now: datetime, audience: Audience = Audience.STAFF) -> list[TaskRow]:
    """The tasks (in the order given) with their status in their plan's current round."""
    by_plan: dict[int, tuple[Round | None, dict[int, TaskStatus]]] = {}
    rows = []
    for t in tasks:
        if t.plan_id not in by_plan:
            by_plan[t.plan_id] = plan_statuses(session, t.plan_id, now, audience)
        rnd, statuses = by_plan[t.plan_id]
        rows.append(TaskRow(t.id, t.plan_id, t.plan.title, t.plan.year, t.seq, t.ref, t.name, t.content,
                            tuple((a.unit.name, a.role) for a in t.assignments), rnd.id if rnd else None,
                            rnd.label if rnd else None, statuses.get(t.id)))
    return rows


@dataclass(frozen=True)
class PlanRow:
    id: int
    year: int | None
    title: str
    source: str
    kind: str
    tasks: int
    units: int
    rounds: int
    reports: int
    round_id: int | None
    round: str | None
    round_state: str | None
    summary: Summary

    def to_dict(self) -> dict:
        return {"id": self.id, "year": self.year, "title": self.title, "source": self.source, "kind": self.kind,
                "tasks": self.tasks, "units": self.units,
                "rounds": self.rounds, "reports": self.reports, "round_id": self.round_id, "round": self.round,
                "round_state": self.round_state,
                "round_state_label": STATE_LABELS.get(self.round_state or "", None),
                "summary": self.summary.to_dict(), "sentence": self.summary.sentence()}


def plan_rows(session: Session, stats: list[dict], now: datetime) -> list[PlanRow]:
    """Per plan (``queries.plan_stats`` rows): the counts and its status summary in the current round."""
    rows = []
    for s in stats:
        plan: Plan = s["plan"]
        rnd, statuses = plan_statuses(session, plan.id, now)
        rows.append(PlanRow(plan.id, plan.year, plan.title, plan.source, plan.kind, s["tasks"], s["units"], s["rounds"], s["reports"],
                            rnd.id if rnd else None, rnd.label if rnd else None, rnd.state if rnd else None,
                            summarize(statuses.values()) if rnd else summarize([Status.UNASSESSED] * s["tasks"])))
    return rows
