"""Import parsed documents into the ledger: one transaction per file, idempotent by content hash.

Why the matching rules: the same plan comes back every quarter as a new table. Its
rows must land on the tasks already stored, or "what happened to task 9 since
Q1" has no answer. A row is the same task when it implements the same clause of
the higher plan (``ref``); without a ref, when it has the same row number and
similar text, or very similar text anywhere in the plan.

What a document becomes:
- progress / performance / task tables → a ``Plan`` identified by organization,
  year and the source of its tasks (the ref prefix such as ``市重点任务``, or
  ``绩效任务``), its tasks, assignments (first printed unit leads), targets and
  goals, and — when the table has a period — a ``Round`` with one published
  report per task, attributed to the lead unit (imported history is a published
  fact, author ``import``);
- a work report → the organization's plan of that year with source
  ``政府工作报告``, holding its indicators and commitments.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.parse import Document, ParseError, parse_file
from duban.parse.model import Task as ParsedTask
from duban.store.db import StoreError
from duban.store.models import (Assignment, Commitment, Goal, Indicator, Organization, Plan, Round,
                                SourceDocument, Target, Task)
from duban.store.services.audit import record
from duban.store.services.indexing import index_task
from duban.store.services.progress import append_report, latest_report
from duban.store.services.units import resolve_unit

DEFAULT_ORG = "本级政府"
IMPORT_ACTOR = "import"
REF_CLAUSE = re.compile(r"第?\s*[0-9零〇一二三四五六七八九十百]+\s*[项条]?\s*$")
SOURCE_BY_KIND = {"performance_report": "绩效任务", "work_report": "政府工作报告"}
SEQ_MATCH = 60  # similarity (0-100) enough when the row number is the same
TEXT_MATCH = 90  # similarity enough on its own


@dataclass
class ImportResult:
    path: str
    status: str  # imported / unchanged / failed
    message: str
    plan_id: int | None = None
    round_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def plan_source(doc: Document) -> str:
    """Where the tasks come from: the common prefix of their refs, or the document kind."""
    if doc.kind in SOURCE_BY_KIND:
        return SOURCE_BY_KIND[doc.kind]
    prefixes = Counter(REF_CLAUSE.sub("", t.ref).strip() for t in doc.tasks if t.ref)
    prefixes.pop("", None)
    if prefixes:
        return prefixes.most_common(1)[0][0]
    return "任务清单"


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def find_org(*, session: Session, name: str | None) -> Organization | None:
    """The named organization, or the only one when no name is given."""
    if name:
        return session.scalar(select(Organization).where(Organization.name == name))
    orgs = session.scalars(select(Organization).limit(2)).all()
    if len(orgs) > 1:
        raise StoreError("数据库中有多个机构，请用 --org 指定")
    return orgs[0] if orgs else None


def get_or_create_org(*, session: Session, name: str | None, actor: str) -> Organization:
    org = find_org(session=session, name=name)
    if org is None:
        org = Organization(name=name or DEFAULT_ORG)
        session.add(org)
        session.flush()
        record(session=session, actor=actor, action="create", entity="organization", entity_id=org.id,
               after={"name": org.name})
    return org


def get_or_create_plan(*, session: Session, org: Organization, doc: Document, title: str | None,
                       actor: str) -> Plan:
    source = plan_source(doc)
    if title:
        plan = session.scalar(select(Plan).where(Plan.org_id == org.id, Plan.title == title))
    else:
        plan = session.scalar(select(Plan).where(Plan.org_id == org.id, Plan.year == doc.year, Plan.source == source))
    if plan is None:
        default_title = (doc.title if doc.kind == "work_report" and doc.title
                         else f"{doc.year}年{source}" if doc.year else source)
        plan = Plan(org_id=org.id, year=doc.year, title=title or default_title, source=source, kind=doc.kind)
        session.add(plan)
        session.flush()
        record(session=session, actor=actor, action="create", entity="plan", entity_id=plan.id,
               after={"title": plan.title, "year": plan.year, "source": plan.source})
    return plan


def get_or_create_round(*, session: Session, plan: Plan, doc: Document) -> Round:
    period = doc.period
    label = (period.label if period and period.label else None) or "未注明期间"
    rnd = session.scalar(select(Round).where(Round.plan_id == plan.id, Round.label == label))
    if rnd is None:
        rnd = Round(plan_id=plan.id, label=label, start=_date(period.start) if period else None,
                    end=_date(period.end) if period else None, state="published")
        session.add(rnd)
        session.flush()
    return rnd


def _match_text(task: Task | ParsedTask) -> str:
    return f"{task.name or ''}{task.content or ''}"


def match_task(candidates: list[Task], row: ParsedTask) -> Task | None:
    """The stored task this row continues, by ref, then row number and text, then text alone."""
    if not candidates:
        return None
    text = _match_text(row)
    similarity = {t.id: fuzz.ratio(_match_text(t), text) for t in candidates}
    best = lambda tasks: max(tasks, key=lambda t: similarity[t.id])  # noqa: E731
    if row.ref:
        same_ref = [t for t in candidates if t.ref == row.ref]
        if same_ref:
            return best(same_ref)
    if row.seq is not None:
        same_seq = [t for t in candidates if t.seq == row.seq and similarity[t.id] >= SEQ_MATCH
                    and not (row.ref and t.ref)]
        if same_seq:
            return best(same_seq)
    top = best(candidates)
    return top if similarity[top.id] >= TEXT_MATCH and not (row.ref and top.ref and row.ref != top.ref) else None


def _add_task(session: Session, plan: Plan, row: ParsedTask, position: int, deadline: date | None) -> Task:
    task = Task(plan_id=plan.id, position=position, seq=row.seq, ref=row.ref, ref_no=row.ref_no, name=row.name,
                content=row.content, deadline=_date(row.deadline) or deadline)
    session.add(task)
    session.flush()
    goals = []
    for i, g in enumerate(row.goals):
        goal = Goal(task_id=task.id, position=i, text=g.text)
        goals.append(goal)
        session.add(goal)
    session.flush()
    for i, q in enumerate(row.targets):
        goal_id = next((g.id for g in goals if q.text and q.text in g.text), None)
        session.add(Target(task_id=task.id, goal_id=goal_id, position=i, text=q.text, metric=q.metric,
                           value=q.value, unit=q.unit, qualifier=q.qualifier))
    index_task(session=session, task=task, year=plan.year)
    return task


def _assign(session: Session, org_id: int, task: Task, names: list[str], counts: Counter, actor: str) -> int | None:
    """Assign the printed units (first leads); returns the lead unit's id."""
    assigned = {a.unit_id: a for a in session.scalars(select(Assignment).where(Assignment.task_id == task.id))}
    lead = next((a.unit_id for a in assigned.values() if a.role == "lead"), None)
    for name in names:
        unit = resolve_unit(session=session, org_id=org_id, name=name, actor=actor, audit=False)
        if unit.id in assigned:
            continue
        role = "lead" if lead is None else "co"
        assignment = Assignment(task_id=task.id, unit_id=unit.id, role=role, position=len(assigned))
        session.add(assignment)
        assigned[unit.id] = assignment
        lead = lead or unit.id
        counts["assignments"] += 1
    session.flush()
    return lead


def _report_items(row: ParsedTask) -> list[str]:
    if row.goals:
        return [g.progress or "" for g in row.goals]
    return list(row.progress)


def import_tasks(*, session: Session, org: Organization, plan: Plan, doc: Document, source_id: int, actor: str,
                 counts: Counter, on_row: Callable[[int], None] | None = None) -> Round | None:
    has_progress = any(t.progress or any(g.progress for g in t.goals) for t in doc.tasks)
    rnd = get_or_create_round(session=session, plan=plan, doc=doc) if (doc.period or has_progress) else None
    existing = list(session.scalars(select(Task).where(Task.plan_id == plan.id)))
    unmatched = {t.id: t for t in existing}
    position = len(existing)
    deadline = _date(doc.deadline)
    for n, row in enumerate(doc.tasks):
        task = match_task(list(unmatched.values()), row)
        if task is None:
            task = _add_task(session, plan, row, position, deadline)
            position += 1
            counts["tasks_new"] += 1
        else:
            unmatched.pop(task.id)
            counts["tasks_matched"] += 1
        lead = _assign(session, org.id, task, row.units, counts, actor)
        items = _report_items(row)
        if rnd is not None and any(items):
            latest = latest_report(session=session, task_id=task.id, round_id=rnd.id, unit_id=lead)
            if latest is None or latest.items != items:
                append_report(session=session, actor=actor, task_id=task.id, round_id=rnd.id, unit_id=lead,
                              items=items, achievements=[], status="unassessed", state="published",
                              source_document_id=source_id, check_transition=False)
                counts["reports"] += 1
        if on_row:
            on_row(n + 1)
    return rnd


def import_work_report(*, session: Session, plan: Plan, doc: Document, source_id: int, counts: Counter) -> None:
    """Indicators and commitments not yet in the plan (another copy of the same report adds nothing)."""
    names = set(session.scalars(select(Indicator.name).where(Indicator.plan_id == plan.id)))
    texts = set(session.scalars(select(Commitment.text).where(Commitment.plan_id == plan.id)))
    for i, ind in enumerate(doc.indicators):
        if ind.name not in names:
            names.add(ind.name)
            session.add(Indicator(plan_id=plan.id, source_document_id=source_id, position=i, name=ind.name,
                                  change=ind.change, value=ind.value, unit=ind.unit, qualifier=ind.qualifier))
            counts["indicators"] += 1
    for i, q in enumerate(doc.commitments):
        if q.text not in texts:
            texts.add(q.text)
            session.add(Commitment(plan_id=plan.id, source_document_id=source_id, position=i, text=q.text,
                                   metric=q.metric, value=q.value, unit=q.unit, qualifier=q.qualifier))
            counts["commitments"] += 1
    session.flush()


def already_imported(*, session: Session, org_name: str | None, sha256: str) -> SourceDocument | None:
    org = find_org(session=session, name=org_name)
    if org is None:
        return None
    return session.scalar(select(SourceDocument).where(SourceDocument.org_id == org.id,
                                                       SourceDocument.sha256 == sha256))


def import_document(*, session: Session, doc: Document, file_name: str, sha256: str, org_name: str | None = None,
                    plan_title: str | None = None, actor: str = IMPORT_ACTOR,
                    on_row: Callable[[int], None] | None = None) -> ImportResult:
    """Store one parsed document in the caller's transaction."""
    previous = already_imported(session=session, org_name=org_name, sha256=sha256)
    if previous is not None:
        return ImportResult(file_name, "unchanged", "已导入，未更改", previous.plan_id, previous.round_id)
    org = get_or_create_org(session=session, name=org_name, actor=actor)
    plan = get_or_create_plan(session=session, org=org, doc=doc, title=plan_title, actor=actor)
    source = SourceDocument(org_id=org.id, plan_id=plan.id, file_name=file_name, sha256=sha256, kind=doc.kind,
                            parsed=doc.to_dict(), imported_by=actor)
    session.add(source)
    session.flush()
    counts: Counter = Counter()
    rnd = None
    if doc.kind == "work_report":
        import_work_report(session=session, plan=plan, doc=doc, source_id=source.id, counts=counts)
    else:
        rnd = import_tasks(session=session, org=org, plan=plan, doc=doc, source_id=source.id, actor=actor,
                           counts=counts, on_row=on_row)
        source.round_id = rnd.id if rnd else None
    session.flush()
    record(session=session, actor=actor, action="import", entity="source_document", entity_id=source.id,
           after={"file_name": file_name, "sha256": sha256, "plan": plan.title,
                  "round": rnd.label if rnd else None, **counts})
    summary = "，".join(f"{LABELS[k]} {v}" for k, v in counts.items() if v and k in LABELS)
    where = f"{plan.title}" + (f" · {rnd.label}" if rnd else "")
    return ImportResult(file_name, "imported", f"已导入到 {where}" + (f"：{summary}" if summary else ""),
                        plan.id, rnd.id if rnd else None, dict(counts))


LABELS = {"tasks_new": "新任务", "tasks_matched": "已有任务", "reports": "进展", "assignments": "分工",
          "indicators": "指标", "commitments": "承诺"}


def import_file(*, session_factory, path: str | Path, org_name: str | None = None, plan_title: str | None = None,
                actor: str = IMPORT_ACTOR, on_row: Callable[[int], None] | None = None,
                on_parsed: Callable[[Document], None] | None = None) -> ImportResult:
    """Parse and store one file; a file that fails changes nothing and says why."""
    path = Path(path)
    try:
        sha = file_sha256(path)
    except FileNotFoundError:
        return ImportResult(str(path), "failed", "文件不存在")
    except OSError as exc:
        return ImportResult(str(path), "failed", f"无法读取: {exc.strerror or exc}")
    with session_factory() as session:
        previous = already_imported(session=session, org_name=org_name, sha256=sha)
        if previous is not None:
            return ImportResult(str(path), "unchanged", "已导入，未更改", previous.plan_id, previous.round_id)
    try:
        doc = parse_file(path)
    except ParseError as exc:
        return ImportResult(str(path), "failed", str(exc))
    except Exception as exc:  # a parser bug is still one line and nothing stored
        return ImportResult(str(path), "failed", f"解析失败（内部错误: {type(exc).__name__}: {exc}）")
    if on_parsed:
        on_parsed(doc)
    with session_factory() as session, session.begin():
        result = import_document(session=session, doc=doc, file_name=path.name, sha256=sha, org_name=org_name,
                                 plan_title=plan_title, actor=actor, on_row=on_row)
    result.path = str(path)
    return result
