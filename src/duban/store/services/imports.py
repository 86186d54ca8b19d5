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
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from duban.parse import Document, ParseError
from duban.parse.budget import parse_file_bounded
from duban.parse.model import Task as ParsedTask
from duban.store.db import StoreError, write_transaction
from duban.store.models import (
    Assignment,
    Commitment,
    Goal,
    Indicator,
    Organization,
    Plan,
    ProgressReport,
    Round,
    SearchDoc,
    SourceDocument,
    Target,
    Task,
    Unit,
    UnitAlias,
)
from duban.store.services.audit import record
from duban.store.services.indexing import new_task_doc, report_text, set_doc_text
from duban.store.services.progress import latest_versions, new_version
from duban.store.services.units import clean_name, resolve_unit
from duban.store.states import ReportState, RoundState

DEFAULT_ORG = "本级政府"
IMPORT_ACTOR = "import"
REF_CLAUSE = re.compile(r"第?\s*[0-9零〇一二三四五六七八九十百]+\s*[项条]?\s*$")
SOURCE_BY_KIND = {"performance_report": "绩效任务", "work_report": "政府工作报告"}
SEQ_MATCH = 60  # similarity (0-100) enough when the row number is the same
TEXT_MATCH = 90  # similarity enough on its own
IMPORT_LOCK = "duban.import"  # one import at a time decides what is new (PostgreSQL advisory lock)
IMPORT_WAIT_SECONDS = 900.0  # on SQLite an import waits this long for another import's write lock


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
        if title and session.scalar(select(Plan.id).where(Plan.org_id == org.id, Plan.year == doc.year,
                                                          Plan.source == source)):
            source = title  # a second plan of the same year and source, told apart by its given title
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
                    end=_date(period.end) if period else None, state=RoundState.PUBLISHED.value)
        session.add(rnd)
        session.flush()
    return rnd


def _match_text(task: Task | ParsedTask) -> str:
    return f"{task.name or ''}{task.content or ''}"


class TaskMatcher:
    """Finds, for each row of a later table, the stored task it continues; each task is taken once."""

    def __init__(self, tasks: list[Task]):
        self.unmatched = {t.id: t for t in tasks}
        self.by_ref: dict[str, list[Task]] = {}
        for t in tasks:
            if t.ref:
                self.by_ref.setdefault(t.ref, []).append(t)

    def take(self, row: ParsedTask) -> Task | None:
        task = self.match(row)
        if task is not None:
            del self.unmatched[task.id]
            if task.ref:
                self.by_ref[task.ref].remove(task)
        return task

    def match(self, row: ParsedTask) -> Task | None:
        """By ref; else by row number and similar text; else by very similar text alone."""
        text = _match_text(row)
        similarity = lambda t: fuzz.ratio(_match_text(t), text)  # noqa: E731
        if row.ref and self.by_ref.get(row.ref):
            return max(self.by_ref[row.ref], key=similarity)
        candidates = [t for t in self.unmatched.values() if not (row.ref and t.ref)]
        if row.seq is not None:
            same_seq = [t for t in candidates if t.seq == row.seq and similarity(t) >= SEQ_MATCH]
            if same_seq:
                return max(same_seq, key=similarity)
        scored = [(similarity(t), t) for t in candidates]
        best = max(scored, key=lambda p: p[0], default=(0, None))
        return best[1] if best[0] >= TEXT_MATCH else None


def _new_task(plan: Plan, row: ParsedTask, position: int, deadline: date | None) -> Task:
    task = Task(plan_id=plan.id, position=position, seq=row.seq, ref=row.ref, ref_no=row.ref_no, name=row.name,
                content=row.content, deadline=_date(row.deadline) or deadline)
    task.goals = [Goal(position=i, text=g.text) for i, g in enumerate(row.goals)]
    for i, q in enumerate(row.targets):
        goal = next((g for g in task.goals if q.text and q.text in g.text), None)
        task.targets.append(Target(goal=goal, position=i, text=q.text, metric=q.metric, value=q.value, unit=q.unit,
                                   qualifier=q.qualifier))
    return task


class UnitCache:
    """Printed name → unit for one organization, loaded once per import (names and aliases)."""

    def __init__(self, session: Session, org_id: int, actor: str):
        self.session, self.org_id, self.actor = session, org_id, actor
        self.by_name = {u.name: u for u in session.scalars(select(Unit).where(Unit.org_id == org_id))}
        for alias, unit_id in session.execute(select(UnitAlias.alias, UnitAlias.unit_id)
                                              .where(UnitAlias.org_id == org_id)):
            self.by_name[alias] = session.get(Unit, unit_id)

    def get(self, name: str) -> Unit:
        name = clean_name(name)
        if name not in self.by_name:
            self.by_name[name] = resolve_unit(session=self.session, org_id=self.org_id, name=name, actor=self.actor,
                                              audit=False)
        return self.by_name[name]


def _assign(session: Session, units: UnitCache, task: Task, names: list[str], assigned: dict[int, Assignment],
            counts: Counter) -> int | None:
    """Assign the printed units not yet assigned (the first unit leads); returns the lead unit's id."""
    lead = next((a.unit_id for a in assigned.values() if a.role == "lead"), None)
    for name in names:
        unit = units.get(name)
        if unit.id in assigned:
            continue
        assignment = Assignment(task_id=task.id, unit_id=unit.id, role="co" if lead else "lead",
                                position=len(assigned))
        session.add(assignment)
        assigned[unit.id] = assignment
        lead = lead or unit.id
        counts["assignments"] += 1
    return lead


STATUS_ROLE = "status"  # the layout role of a source's own status column (parse/columns.py)
STATED_KEY = "stated"  # where a report keeps the verdict its source printed; ``work/stated.py`` reads it


def _stated_sections(row: ParsedTask, column: str | None) -> dict | None:
    """The verdict the table printed for this row and the column it stood in (是否达序), as the
    report's ``sections``; what the words mean is decided in ``work/``, when statuses are read."""
    if not row.stated_status:
        return None
    return {STATED_KEY: {"text": row.stated_status, "column": column}}


def _report_items(row: ParsedTask) -> list[str]:
    if row.goals:
        return [g.progress or "" for g in row.goals]
    return list(row.progress)


def import_tasks(*, session: Session, org: Organization, plan: Plan, doc: Document, source_id: int, actor: str,
                 counts: Counter, on_row: Callable[[int], None] | None = None) -> Round | None:
    """Match or create the rows' tasks, assign units, and add one report version per changed row.

    Written in phases (tasks, then assignments and index, then reports) so each
    phase reaches the database as a few multi-row inserts, not one round trip per row.
    """
    has_progress = any(t.progress or any(g.progress for g in t.goals) for t in doc.tasks)
    rnd = get_or_create_round(session=session, plan=plan, doc=doc) if (doc.period or has_progress) else None
    existing = list(session.scalars(select(Task).where(Task.plan_id == plan.id)))
    matcher = TaskMatcher(existing)
    position = len(existing)
    deadline = _date(doc.deadline)
    pairs: list[tuple[ParsedTask, Task, bool]] = []
    for row in doc.tasks:
        task = matcher.take(row)
        if task is None:
            task = _new_task(plan, row, position, deadline)
            session.add(task)
            position += 1
            counts["tasks_new"] += 1
        else:
            counts["tasks_matched"] += 1
        pairs.append((row, task, task.id is None))
    session.flush()

    units = UnitCache(session, org.id, actor)
    assigned: dict[int, dict[int, Assignment]] = {}
    for a in session.scalars(select(Assignment).join(Task).where(Task.plan_id == plan.id)):
        assigned.setdefault(a.task_id, {})[a.unit_id] = a
    leads = [_assign(session, units, task, row.units, assigned.setdefault(task.id, {}), counts)
             for row, task, _ in pairs]
    for _, task, is_new in pairs:
        if is_new:
            session.add(new_task_doc(task=task, year=plan.year))
    session.flush()
    if rnd is None:
        if on_row:
            on_row(len(pairs))
        return None

    latest = {(r.task_id, r.unit_id): r for r in session.scalars(
        latest_versions().where(ProgressReport.round_id == rnd.id))}
    column = doc.layout.column_name(STATUS_ROLE) if doc.layout else None
    added = []
    stated_reports: list[ProgressReport] = []
    for n, ((row, task, _), lead) in enumerate(zip(pairs, leads)):
        items = _report_items(row)
        sections = _stated_sections(row, column)
        previous = latest.get((task.id, lead))
        if (any(items) or sections) and (previous is None or previous.items != items
                                         or (previous.sections or None) != sections):
            report = new_version(latest=previous, task_id=task.id, round_id=rnd.id, unit_id=lead, items=items,
                                 achievements=[], status="unassessed", state=ReportState.PUBLISHED.value, author=IMPORT_ACTOR,
                                 source_document_id=source_id, sections=sections)
            session.add(report)
            latest[(task.id, lead)] = report
            added.append(report)
            counts["reports"] += 1
            if sections:
                stated_reports.append(report)
                counts["stated"] += 1
        if on_row:
            on_row(n + 1)
    session.flush()
    for report in stated_reports:  # the task's 操作记录 says where its status came from
        record(session=session, actor=actor, action="stated_status", entity="progress_report", entity_id=report.id,
               after={"stated": report.sections[STATED_KEY], "source_document_id": source_id,
                      "basis": "来源文件"})
    docs = {(d.task_id, d.unit_id): d for d in session.scalars(select(SearchDoc).where(SearchDoc.round_id == rnd.id))}
    for report in added:
        doc_row = docs.get((report.task_id, report.unit_id))
        if doc_row is None:
            doc_row = docs[(report.task_id, report.unit_id)] = SearchDoc(
                plan_id=plan.id, task_id=report.task_id, round_id=rnd.id, unit_id=report.unit_id)
            session.add(doc_row)
        set_doc_text(doc_row, report_text(report.items), year=plan.year, report_id=report.id)
    session.flush()
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
    """Store one parsed document in the caller's transaction.

    The write lock comes first: whether the file, its organization and plan are
    new is decided on the same state the rows are then written to, so an import
    running beside the web app or another import waits instead of failing.
    """
    write_transaction(session, serialize=IMPORT_LOCK, wait=IMPORT_WAIT_SECONDS)
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


LABELS = {"tasks_new": "新任务", "tasks_matched": "已有任务", "reports": "进展", "stated": "来源文件所印状态",
          "assignments": "分工",
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
        try:
            previous = already_imported(session=session, org_name=org_name, sha256=sha)
        except StoreError as exc:
            return ImportResult(str(path), "failed", str(exc))
        if previous is not None:
            return ImportResult(str(path), "unchanged", "已导入，未更改", previous.plan_id, previous.round_id)
    try:
        doc = parse_file_bounded(path)
    except ParseError as exc:
        return ImportResult(str(path), "failed", str(exc))
    except Exception as exc:  # a parser bug is still one line and nothing stored
        return ImportResult(str(path), "failed", f"解析失败（内部错误: {type(exc).__name__}: {exc}）")
    if on_parsed:
        on_parsed(doc)
    try:
        with session_factory() as session, session.begin():
            result = import_document(session=session, doc=doc, file_name=path.name, sha256=sha, org_name=org_name,
                                     plan_title=plan_title, actor=actor, on_row=on_row)
    except StoreError as exc:
        return ImportResult(str(path), "failed", str(exc))
    except SQLAlchemyError as exc:  # rolled back: the database is as before
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return ImportResult(str(path), "failed", f"写入数据库失败，未做任何更改: {reason}")
    except Exception as exc:  # an importer bug: rolled back, still one line
        return ImportResult(str(path), "failed", f"导入失败，未做任何更改（内部错误: {type(exc).__name__}: {exc}）")
    result.path = str(path)
    return result
