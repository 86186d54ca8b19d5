"""Importing from the browser: a parse shown as rows the office corrects, then stored as ``duban import`` would.

Why a separate step between parse and store: the engine misreads some documents
(a unit list cut in two, a target in the wrong row), and the office knows the
right answer. The rows the office confirms become a ``Document`` again and go
through the same ``import_document`` as the command line, in one transaction.

Idempotence: a document confirmed without changes is keyed by the file's own
SHA-256, exactly as ``duban import`` keys it, so the same file through either
door is stored once. A corrected document is keyed by the file's hash plus the
corrections, so confirming the same corrections twice is also a no-op, while a
different correction of the same file is a new source document.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from duban.parse import Document, Goal, ParseError, Period, Quantity, Task
from duban.parse.budget import bounded
from duban.parse.document import targets_in
from duban.parse.fields import parse_date
from duban.parse.model import KINDS
from duban.store.db import StoreError, transaction
from duban.store.services.imports import ImportResult, import_document

PASTED = "粘贴的文字"
UNIT_SPLIT = re.compile(r"[、，,；;\n]+")
EXPLAIN_KEYS = ("strategy", "warnings", "confidence")  # what the engine says about its reading, when it says it
KIND_LABELS = {"progress_report": "进展情况表", "performance_report": "绩效任务表", "task_plan": "任务分解表",
               "work_report": "政府工作报告"}


@dataclass
class Row:
    """One editable row: plain strings as the form shows them, plus what the form cannot edit (``extra``)."""

    seq: str = ""
    ref: str = ""
    content: str = ""
    units: str = ""
    targets: str = ""
    deadline: str = ""
    progress: str = ""
    extra: dict = field(default_factory=dict)

    @classmethod
    def of(cls, task: Task) -> Row:
        return cls(seq="" if task.seq is None else str(task.seq), ref=task.ref or "", content=task.content,
                   units="、".join(task.units), targets="\n".join(q.text for q in task.targets),
                   deadline=task.deadline or "", progress="\n".join(task.progress),
                   extra={"name": task.name, "ref_no": task.ref_no, "goals": [g.to_dict() for g in task.goals],
                          "targets": [q.to_dict() for q in task.targets], "stated_status": task.stated_status})

    @property
    def empty(self) -> bool:
        return not (self.content.strip() or self.units.strip() or self.targets.strip() or self.progress.strip())


@dataclass
class Draft:
    """What the review page shows and posts back: the document's head fields and its rows."""

    file_name: str
    file_sha256: str
    kind: str = "task_plan"
    title: str = ""
    year: str = ""
    period_label: str = ""
    period_start: str = ""
    period_end: str = ""
    deadline: str = ""
    rows: list[Row] = field(default_factory=list)
    explain: dict = field(default_factory=dict)
    error: str | None = None  # why the engine could not read the file (the table then starts empty)
    indicators: list = field(default_factory=list)
    commitments: list = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def _explain(doc: Document) -> dict:
    data = doc.to_dict()
    found = {k: data.get(k, getattr(doc, k, None)) for k in EXPLAIN_KEYS}
    return {k: v for k, v in found.items() if v not in (None, "", [], {})}


def draft_from_document(doc: Document, file_name: str, sha256: str) -> Draft:
    period = doc.period
    return Draft(file_name=file_name, file_sha256=sha256, kind=doc.kind, title=doc.title or "",
                 year="" if doc.year is None else str(doc.year),
                 period_label=(period.label or "") if period else "", period_start=(period.start or "") if period else "",
                 period_end=(period.end or "") if period else "", deadline=doc.deadline or "",
                 rows=[Row.of(t) for t in doc.tasks], explain=_explain(doc),
                 indicators=[i.to_dict() for i in doc.indicators], commitments=[q.to_dict() for q in doc.commitments])


def read_upload(data: bytes, file_name: str, max_mb: float) -> tuple[Draft, Document | None]:
    """Parse an uploaded file; a file the engine cannot read gives an empty table and the reason."""
    sha = hashlib.sha256(data).hexdigest()
    if len(data) > max_mb * 1024 * 1024:
        return Draft(file_name, sha, error=f"文件过大（{len(data) / 1024 / 1024:.1f} MB，上限 {max_mb:g} MB）"), None
    try:
        doc, strategy = bounded(_read, data, file_name)  # the CLI's time and memory budget, for the same reasons
    except ParseError as exc:
        return Draft(file_name, sha, error=str(exc)), None
    except Exception as exc:  # a parser bug must not cost the office its upload: it fills the table by hand
        return Draft(file_name, sha, error=f"解析失败（内部错误: {type(exc).__name__}）"), None
    draft = draft_from_document(doc, file_name, sha)
    if strategy:
        draft.explain = {"strategy": strategy, **draft.explain}
    return draft, doc


def _read(data: bytes, file_name: str) -> tuple[Document, str | None]:
    """The engine's best reading and the name of the layout strategy that produced it."""
    from duban.parse.engine import run
    from duban.parse.readers import read_bytes
    from duban.parse.readers.text import text_blocks

    blocks = text_blocks(data.decode("utf-8")) if file_name == PASTED else read_bytes(data, file_name)
    best = run(blocks, file_name).best
    return best.reading.document, best.strategy.label


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def _iso(value: str, what: str) -> str | None:
    """An ISO date, or one written the way documents write it (``2024年6月底``)."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        found = parse_date(value)
        if found:
            return found
        raise StoreError(f"{what}“{value}”不是日期（如 2024-12-31 或 2024年6月底）") from None


def _targets(text: str, known: list[dict]) -> list[Quantity]:
    """One target per line; a line the engine read before keeps its reading, a new line is read again."""
    by_text = {q.get("text"): q for q in known}
    result = []
    for line in (s.strip() for s in text.splitlines()):
        if not line:
            continue
        if line in by_text:
            q = by_text[line]
            result.append(Quantity(line, q.get("metric"), q.get("value"), q.get("unit"), q.get("qualifier")))
            continue
        found = targets_in(line)
        result.append(found[0] if found else Quantity(line, None, None, None))
    return result


def task_of(row: Row, number: int) -> Task:
    extra = row.extra or {}
    content = row.content.strip()
    if not content:
        raise StoreError(f"第{number}行没有任务内容")
    return Task(seq=_int(row.seq), content=content, ref=row.ref.strip() or None, ref_no=extra.get("ref_no"),
                name=extra.get("name"), units=[u.strip() for u in UNIT_SPLIT.split(row.units) if u.strip()],
                progress=[p.strip() for p in row.progress.splitlines() if p.strip()],
                goals=[Goal(g.get("text") or "", g.get("progress")) for g in extra.get("goals") or []],
                targets=_targets(row.targets, extra.get("targets") or []),
                deadline=_iso(row.deadline, f"第{number}行的完成时限"), stated_status=extra.get("stated_status"))


def document_of(draft: Draft) -> Document:
    """The confirmed rows as a contract document; a wrong date or an empty task is one clear error."""
    if draft.kind not in KINDS:
        raise StoreError(f"未知的文件类型 {draft.kind}")
    year = draft.year.strip()
    if year and not (year.isdigit() and 1949 <= int(year) <= 2100):
        raise StoreError(f"年份“{year}”不正确")
    rows = [r for r in draft.rows if not r.empty]
    if draft.kind != "work_report" and not rows:
        raise StoreError("表格中没有任务：请填写或粘贴至少一行")
    start, end = _iso(draft.period_start, "期间开始"), _iso(draft.period_end, "期间结束")
    label = draft.period_label.strip()
    period = Period(label or None, start, end) if (label or start or end) else None
    base = Document.from_dict({"indicators": draft.indicators, "commitments": draft.commitments})
    return Document(source=draft.file_name, kind=draft.kind, title=draft.title.strip() or None,
                    year=int(year) if year else None, period=period, deadline=_iso(draft.deadline, "完成时限"),
                    tasks=[task_of(r, n) for n, r in enumerate(rows, 1)],
                    indicators=base.indicators, commitments=base.commitments)


def heads_and_rows(draft: Draft) -> tuple:
    """What the office can change on the page; equal for two drafts means nothing was corrected."""
    return (draft.kind, draft.title, draft.year, draft.period_label, draft.period_start, draft.period_end,
            draft.deadline, [(r.seq, r.ref, r.content, r.units, r.targets, r.deadline, r.progress)
                             for r in draft.rows if not r.empty])


def confirm(sessions, draft: Draft, original: Document | None, *, org_name: str | None, plan_title: str | None,
            actor: str) -> ImportResult:
    """Store the confirmed rows: one transaction, the service ``duban import`` uses, idempotent.

    ``original`` is the engine's reading of the same file: when the office changed
    nothing, exactly that document is stored under the file's own hash, as the
    command line would store it.
    """
    unchanged = original is not None and heads_and_rows(draft) == heads_and_rows(
        draft_from_document(original, draft.file_name, draft.file_sha256))
    if unchanged:
        doc, sha = original, draft.file_sha256
    else:
        doc = document_of(draft)
        if original is not None:  # corrected cells, the same printed columns (是否达序 gives 是/否 their meaning)
            doc.layout = original.layout
        canonical = json.dumps([doc.to_dict(), [t.deadline for t in doc.tasks]], ensure_ascii=False, sort_keys=True)
        sha = hashlib.sha256(f"{draft.file_sha256}\n{canonical}".encode()).hexdigest()
    try:
        with transaction(sessions) as session:
            return import_document(session=session, doc=doc, file_name=draft.file_name, sha256=sha,
                                   org_name=org_name or None, plan_title=plan_title or None, actor=actor)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"写入数据库失败，未做任何更改: {reason}") from None


def organizations(session: Session) -> list[str]:
    from sqlalchemy import select

    from duban.store.models import Organization
    return list(session.scalars(select(Organization.name).order_by(Organization.id)))
