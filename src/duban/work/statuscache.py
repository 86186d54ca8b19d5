"""Round statuses remembered between page views, keyed by what the page shows and its last change.

Why: the dashboard, the rounds list, the task list and ``/open`` assess every task of a
plan in every round on each view — 1,500 tasks cost a few hundred milliseconds, while
the office reloads the board far more often than reports arrive.

Why keyed per plan and round: a key built from the whole ledger (the newest and count
of every table) made each view scan tables that grow with every other plan in the
database — 80 % of a dashboard's time at 100 plans. The key here reads only what the
page shows, through indexes: the plan's tasks, their units and targets (newest id and
count), the round's report versions (append-only, so a review or an edit is a new
row), and the newest audit event of the few kinds of change that alter a plan's facts
without adding rows (a unit renamed or merged, a round published, an import). Plus the
day: a report becomes overdue at midnight; nothing else in a status depends on the clock.

Fingerprints are read once per database session (``session.info``): a view that asks
for every round of a plan pays for them once. Only read-only views use this: a request
that has written in its own transaction could otherwise remember statuses of a change
later rolled back.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from duban.store.models import Assignment, AuditEvent, Plan, ProgressReport, Round, Target, Task
from duban.work.ledger import REPORTABLE_KINDS
from duban.work.public_status import public_status
from duban.work.rounds import TaskStatus, statuses_for_round, task_facts

T = TypeVar("T")

MAX_ENTRIES = 256
# audited changes that alter what a plan's pages show without adding a task, unit or report row
FACT_CHANGES = ("unit", "plan", "round", "task", "organization", "source_document")
_cache: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def _remember(key: tuple, compute: Callable[[], T]) -> T:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _lock:
        _cache[key] = value
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return value


def _per_session(session: Session, key: tuple, compute: Callable[[], T]) -> T:
    memo = session.info.setdefault("statuscache", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@functools.cache
def _plan_statement():
    """Built once: SQLAlchemy then reuses its compiled form, which costs more to build than to run."""
    in_plan = Task.plan_id == bindparam("plan_id")
    columns = [select(func.max(Task.id)).where(in_plan), select(func.count(Task.id)).where(in_plan)]
    for model in (Assignment, Target):
        joined = (Task, Task.id == model.task_id)
        columns += [select(func.max(model.id)).join(*joined).where(in_plan),
                    select(func.count(model.id)).join(*joined).where(in_plan)]
    columns += [select(func.max(AuditEvent.id)).where(AuditEvent.entity == entity) for entity in FACT_CHANGES]
    return select(*(c.scalar_subquery() for c in columns))


@functools.cache
def _round_statement():
    return select(func.max(ProgressReport.id), func.count(ProgressReport.id)).where(
        ProgressReport.round_id == bindparam("round_id"))


def plan_fingerprint(session: Session, plan_id: int) -> tuple:
    """The plan's tasks, their units and targets, and the newest change of the kinds in ``FACT_CHANGES``."""
    return _per_session(session, ("plan", plan_id),
                        lambda: tuple(session.execute(_plan_statement(), {"plan_id": plan_id}).one()))


def round_fingerprint(session: Session, round_id: int) -> tuple:
    """The round's report versions: every write (a save, a hand-in, a review) adds one."""
    return _per_session(session, ("round", round_id),
                        lambda: tuple(session.execute(_round_statement(), {"round_id": round_id}).one()))


def _statuses_key(session: Session, plan_id: int, round_id: int, now: datetime, public: bool | str) -> tuple:
    bind = session.get_bind()
    where = (str(bind.url), id(bind))
    return (*where, plan_id, round_id, public, now.date(), plan_fingerprint(session, plan_id),
            round_fingerprint(session, round_id))


def cached_statuses(session: Session, plan_id: int, round_id: int, now: datetime, *,
                    public: bool = False, suggestions: bool = False) -> list[TaskStatus]:
    """``statuses_for_round`` for read-only views; the same list object while nothing shown changed.

    While only reports arrive, the plan's tasks are reused, and so is each task's
    status until one of its own versions arrives (``statuses_for_round``'s ``memo``,
    kept per plan facts, round, audience and day): a view during a deadline rush
    reads the new reports, not the whole round again.
    """
    key = _statuses_key(session, plan_id, round_id, now, "suggestions" if suggestions and not public else public)
    facts = _remember(("facts", *key[:3], key[6]), lambda: task_facts(session, plan_id))
    memo = _remember(("memo", *key[:7]), dict)
    return _remember(("statuses", *key),
                     lambda: statuses_for_round(session, plan_id, round_id, now, public=public,
                                                suggestions=suggestions, facts=facts, memo=memo))


def public_rows(statuses: list[TaskStatus]) -> list[TaskStatus]:
    """Each task's status as the public may see it: suggestions and internal states become 未评估."""
    rows = []
    for s in statuses:
        p = public_status(s.status, s.suggested, s.basis, s.share, s.time_share, s.reason)
        rows.append(replace(s, status=p.status, suggested=False, basis=p.basis, share=p.share, reason=p.reason))
    return rows


def cached_public_statuses(session: Session, plan_id: int, round_id: int, now: datetime) -> list[TaskStatus]:
    """What ``/open`` shows of a round: approved versions only, confirmed statuses only; remembered alike."""
    key = _statuses_key(session, plan_id, round_id, now, True)
    return _remember(("public", *key),
                     lambda: public_rows(cached_statuses(session, plan_id, round_id, now, public=True)))


def cached_public_dicts(session: Session, plan_id: int, round_id: int, now: datetime) -> list[dict]:
    """``to_dict`` of each public status, made once per change: building them is most of a JSON view."""
    key = _statuses_key(session, plan_id, round_id, now, True)
    return _remember(("public-dicts", *key),
                     lambda: [s.to_dict() for s in cached_public_statuses(session, plan_id, round_id, now)])


@dataclass(frozen=True)
class PlanChoice:
    """What a plan picker shows of a plan, as plain values that can be kept between requests."""

    id: int
    title: str
    year: int | None
    round_states: tuple[str, ...]

    @property
    def rounds(self) -> tuple[str, ...]:
        return self.round_states


@functools.cache
def _plans_statement():
    return select(select(func.max(Plan.id)).scalar_subquery(), select(func.count(Plan.id)).scalar_subquery(),
                  select(func.max(Round.id)).scalar_subquery(), select(func.count(Round.id)).scalar_subquery(),
                  *(select(func.max(AuditEvent.id)).where(AuditEvent.entity == e).scalar_subquery()
                    for e in ("plan", "round")))


def plan_choices(session: Session) -> list[PlanChoice]:
    """``ledger.plans`` as plain rows, remembered until a plan or a round is added or changes state.

    Why: the picker lists every plan, and loading them with their rounds as ORM objects
    was half of a dashboard's time at 100 plans; two narrow queries, made only after a
    change, cost what the list shows."""
    fingerprint = session.execute(_plans_statement()).one()
    bind = session.get_bind()

    def read() -> list[PlanChoice]:
        states: dict[int, list[str]] = {}
        for plan_id, state in session.execute(select(Round.plan_id, Round.state).order_by(Round.id)):
            states.setdefault(plan_id, []).append(state)
        rows = session.execute(select(Plan.id, Plan.title, Plan.year).where(Plan.kind.in_(REPORTABLE_KINDS))
                               .order_by(Plan.year.desc().nulls_last(), Plan.id))
        return [PlanChoice(pid, title, year, tuple(states.get(pid, ()))) for pid, title, year in rows]
    return _remember(("plans", str(bind.url), id(bind), tuple(fingerprint)), read)
