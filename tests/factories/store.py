"""Factories for ledger objects, built through the services so audit and search stay consistent.

Deterministic defaults (no randomness); every function takes ``session=`` and
returns the ORM row. ``gold_document`` loads a hand-labelled contract JSON from
``tests/data/gold`` so import logic can be tested apart from the parser.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from duban.parse import Document
from duban.store.models import Assignment, Organization, Plan, Round, Task
from duban.store.services.imports import get_or_create_org, import_document
from duban.store.services.indexing import index_task
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round
from duban.store.services.units import resolve_unit

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "duban" / "samples"
ACTOR = "test"


def gold_document(prefix: str) -> Document:
    """The gold contract JSON whose file name starts with ``prefix`` (``"000"``)."""
    path = next(GOLD.glob(f"{prefix}*.json"))
    return Document.from_dict(json.loads(path.read_text(encoding="utf-8")))


def sample_path(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}*.txt"))


def import_gold(*, session, prefix: str, doc: Document | None = None, org_name: str | None = None,
                plan_title: str | None = None):
    doc = doc or gold_document(prefix)
    data = json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True).encode()
    return import_document(session=session, doc=doc, file_name=f"{prefix}.json",
                           sha256=hashlib.sha256(data).hexdigest(), org_name=org_name,
                           plan_title=plan_title)


def make_org(*, session, name: str = "测试区政府") -> Organization:
    return get_or_create_org(session=session, name=name, actor=ACTOR)


def make_plan(*, session, org: Organization | None = None, year: int = 2024, title: str = "2024年测试任务",
              source: str = "测试任务") -> Plan:
    org = org or make_org(session=session)
    plan = Plan(org_id=org.id, year=year, title=title, source=source, kind="task_plan")
    session.add(plan)
    session.flush()
    return plan


def make_task(*, session, plan: Plan, content: str = "推进老旧小区综合整治，完成10个小区改造。", seq: int = 1,
              units: tuple[str, ...] = ("区住建委",), ref: str | None = None) -> Task:
    task = Task(plan_id=plan.id, position=seq, seq=seq, content=content, ref=ref)
    session.add(task)
    session.flush()

    for i, name in enumerate(units):
        unit = resolve_unit(session=session, org_id=plan.org_id, name=name, actor=ACTOR)
        session.add(Assignment(task_id=task.id, unit_id=unit.id, role="lead" if i == 0 else "co", position=i))
    session.flush()
    index_task(session=session, task=task, year=plan.year)
    return task


def make_round(*, session, plan: Plan, label: str = "第一季度", start=None, end=None) -> Round:
    return create_round(session=session, actor=ACTOR, plan_id=plan.id, label=label, start=start, end=end)


def make_report(*, session, task: Task, round: Round, items=("已完成5个小区改造。",), state: str = "draft",
                actor: str = ACTOR):
    unit_id = task.assignments[0].unit_id if task.assignments else None
    return append_report(session=session, actor=actor, task_id=task.id, round_id=round.id, unit_id=unit_id,
                         items=list(items), state=state)
