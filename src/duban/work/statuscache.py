"""Round statuses remembered between page views, until the ledger changes or the day turns.

Why: the dashboard, the rounds list and the public page assess every task of a
plan in every round on each view — 1,500 tasks cost a few hundred milliseconds,
while the office reloads the board far more often than reports arrive. The key
is a fingerprint of the ledger (newest and count of reports, tasks, assignments,
targets and audit events: every change the workbench or an import makes adds one of
those), the plan, the round, public or not, and the day (a report becomes
overdue at midnight; nothing else in a status depends on the clock).

Only read-only views use this: a request that has written in its own transaction
could otherwise remember statuses of a change later rolled back.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from duban.store.models import Assignment, AuditEvent, ProgressReport, Target, Task
from duban.work.rounds import TaskStatus, statuses_for_round, task_facts

T = TypeVar("T")

MAX_ENTRIES = 64
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


def _counts(session: Session, models, *extra) -> tuple:
    columns = [select(agg).scalar_subquery() for model in models for agg in (func.max(model.id), func.count(model.id))]
    return tuple(session.execute(select(*columns, *extra)).one())


def tasks_fingerprint(session: Session) -> tuple:
    """Tasks, their units and targets, and every audited change that is not a report."""
    changes = select(func.max(AuditEvent.id)).where(AuditEvent.entity != "progress_report").scalar_subquery()
    return _counts(session, (Task, Assignment, Target), changes)


def ledger_fingerprint(session: Session) -> tuple:
    return _counts(session, (ProgressReport, Task, Assignment, Target, AuditEvent))


def cached_statuses(session: Session, plan_id: int, round_id: int, now: datetime, *,
                    public: bool = False) -> list[TaskStatus]:
    """``statuses_for_round`` for read-only views; the same list object while nothing changed.

    While only reports arrive, the plan's tasks (the costly part) are reused and
    only the reports are read again.
    """
    bind = session.get_bind()
    where = (str(bind.url), id(bind))
    facts = _remember(("facts", *where, plan_id, tasks_fingerprint(session)), lambda: task_facts(session, plan_id))
    key = ("statuses", *where, plan_id, round_id, public, now.date(), ledger_fingerprint(session))
    return _remember(key, lambda: statuses_for_round(session, plan_id, round_id, now, public=public, facts=facts))
