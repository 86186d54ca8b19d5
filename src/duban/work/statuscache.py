"""Round statuses remembered between page views, until the ledger changes or the day turns.

Why: the dashboard, the rounds list and the public page assess every task of a
plan in every round on each view — 1,500 tasks cost a few hundred milliseconds,
while the office reloads the board far more often than reports arrive. The key
is a fingerprint of the ledger (newest and count of reports, tasks, assignments
and audit events: every change the workbench or an import makes adds one of
those), the plan, the round, public or not, and the day (a report becomes
overdue at midnight; nothing else in a status depends on the clock).

Only read-only views use this: a request that has written in its own transaction
could otherwise remember statuses of a change later rolled back.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from duban.store.models import Assignment, AuditEvent, ProgressReport, Task
from duban.work.rounds import TaskStatus, statuses_for_round

MAX_ENTRIES = 64
_cache: OrderedDict[tuple, list[TaskStatus]] = OrderedDict()
_lock = threading.Lock()


def ledger_fingerprint(session: Session) -> tuple:
    columns = [select(agg).scalar_subquery() for model in (ProgressReport, Task, Assignment, AuditEvent)
               for agg in (func.max(model.id), func.count(model.id))]
    return tuple(session.execute(select(*columns)).one())


def cached_statuses(session: Session, plan_id: int, round_id: int, now: datetime, *,
                    public: bool = False) -> list[TaskStatus]:
    """``statuses_for_round`` for read-only views; the same list object while nothing changed."""
    bind = session.get_bind()
    key = (str(bind.url), id(bind), plan_id, round_id, public, now.date(), ledger_fingerprint(session))
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    statuses = statuses_for_round(session, plan_id, round_id, now, public=public)
    with _lock:
        _cache[key] = statuses
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return statuses
