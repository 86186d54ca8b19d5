"""What the dashboard shows for a plan and round, as plain data (the page and its JSON twin).

Counts are of confirmed statuses (what the notice prints); the machine's suggestions are
shown beside them, as suggestions awaiting review (``Summary.suggested``).

Also picks sensible defaults (the newest plan, its latest round) so the first
page a new user sees is not empty.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from duban.store.models import Plan, Round
from duban.work import ledger
from duban.work.rounds import TaskStatus, UnitScore, lagging, scorecard
from duban.work.states import RoundState
from duban.work.status import Summary, summarize
from duban.work.statuscache import PlanChoice, cached_statuses, plan_choices


@dataclass
class Selection:
    plans: list[PlanChoice]
    plan: Plan | None
    rounds: list[Round]
    round: Round | None


def select(session: Session, plan_id: int | None, round_id: int | None, *, public: bool = False) -> Selection:
    """The chosen (or default) plan and round; the public sees only plans and rounds that are published."""
    plans = plan_choices(session)  # plain rows, remembered: the picker's cost does not grow with each view
    states = (RoundState.PUBLISHED,) if public else None
    if public:
        plans = [p for p in plans if RoundState.PUBLISHED in p.round_states]
    choice = next((p for p in plans if p.id == plan_id), None) if plan_id else None
    if choice is None:
        choice = next((p for p in plans if p.round_states), plans[0] if plans else None)
    plan = session.get(Plan, choice.id) if choice else None
    rounds = ledger.rounds_of(session, plan.id, states) if plan else []
    chosen = next((r for r in rounds if r.id == round_id), None) if round_id else None
    if chosen is None and rounds:
        chosen = rounds[-1]
    return Selection(plans, plan, rounds, chosen)


@dataclass
class Dashboard:
    selection: Selection
    statuses: list[TaskStatus]
    summary: Summary
    units: list[UnitScore]
    lagging: list[TaskStatus]
    history: list[tuple[Round, Summary]]

    def to_dict(self) -> dict:
        sel = self.selection
        return {
            "plan": {"id": sel.plan.id, "title": sel.plan.title, "year": sel.plan.year} if sel.plan else None,
            "round": ({"id": sel.round.id, "label": sel.round.label, "end": sel.round.end, "due": sel.round.due,
                       "state": sel.round.state} if sel.round else None),
            "summary": self.summary.to_dict(),
            "sentence": self.summary.sentence(),
            "pending_sentence": self.summary.pending_sentence(),
            "units": [u.to_dict() for u in self.units],
            "lagging": [s.to_dict() for s in self.lagging],
            "history": [{"round_id": r.id, "label": r.label, **s.to_dict()} for r, s in self.history],
        }


def build(session: Session, plan_id: int | None, round_id: int | None, now: datetime, *,
          public: bool = False) -> Dashboard:
    sel = select(session, plan_id, round_id, public=public)
    statuses: list[TaskStatus] = []
    history = []
    if sel.plan is not None:
        for rnd in sel.rounds:
            # the office sees the machine's suggestions as suggestions, in every round; the counts stay confirmed
            round_statuses = cached_statuses(session, sel.plan.id, rnd.id, now, public=public, suggestions=not public)
            history.append((rnd, summarize(round_statuses)))
            if sel.round is not None and rnd.id == sel.round.id:
                statuses = round_statuses
    return Dashboard(sel, statuses, summarize(statuses), scorecard(statuses), lagging(statuses), history)
