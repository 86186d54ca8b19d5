"""Reporting rounds of a plan: open one, close it, publish it."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.db import StoreError
from duban.store.models import ROUND_STATES, Plan, Round
from duban.store.services.audit import record, snapshot
from duban.store.states import ROUND_STATE_LABELS, ROUND_TRANSITIONS, RoundState


def create_round(*, session: Session, actor: str, plan_id: int, label: str, start: date | None = None,
                 end: date | None = None, due: date | None = None, state: str = RoundState.OPEN) -> Round:
    if session.get(Plan, plan_id) is None:
        raise StoreError(f"没有计划 {plan_id}")
    if state not in ROUND_STATES:
        raise StoreError(f"未知轮次状态 {state}")
    state = RoundState(state).value  # the row holds the plain string
    if session.scalar(select(Round.id).where(Round.plan_id == plan_id, Round.label == label)):
        raise StoreError(f"计划 {plan_id} 已有轮次 {label}")
    rnd = Round(plan_id=plan_id, label=label, start=start, end=end, due=due, state=state)
    session.add(rnd)
    session.flush()
    record(session=session, actor=actor, action="create", entity="round", entity_id=rnd.id, after=snapshot(rnd))
    return rnd


def update_round(*, session: Session, actor: str, round_id: int, state: str | None = None,
                 due: date | None = None) -> Round:
    rnd = session.get(Round, round_id)
    if rnd is None:
        raise StoreError(f"没有轮次 {round_id}")
    if state is not None and state not in ROUND_STATES:
        raise StoreError(f"未知轮次状态 {state}")
    if state is not None and state != rnd.state and state not in ROUND_TRANSITIONS[rnd.state]:
        raise StoreError(f"轮次状态不能从“{ROUND_STATE_LABELS[rnd.state]}”变为“{ROUND_STATE_LABELS[state]}”")
    before = snapshot(rnd)
    if state is not None:
        rnd.state = RoundState(state).value
    if due is not None:
        rnd.due = due
    session.flush()
    record(session=session, actor=actor, action="update", entity="round", entity_id=rnd.id, before=before,
           after=snapshot(rnd))
    return rnd
