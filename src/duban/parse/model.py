"""The contract objects of ``../spec/document-json.md`` (schema ``duban.document/1``).

Plain dataclasses: the parser builds them, ``to_dict`` gives exactly the contract's
keys in the contract's order (never omitted, ``None`` → ``null``), and the store
reads them without knowing any file format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "duban.document/1"
KINDS = ("progress_report", "performance_report", "task_plan", "work_report")


@dataclass
class Quantity:
    text: str
    metric: str | None
    value: float | int | None
    unit: str | None
    qualifier: str | None = None
    start: int = field(default=-1, repr=False, compare=False)  # offset in the searched text; not in the contract

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "metric": self.metric, "value": self.value,
                "unit": self.unit, "qualifier": self.qualifier}


@dataclass
class Goal:
    text: str
    progress: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "progress": self.progress}


@dataclass
class Task:
    seq: int | None
    content: str
    ref: str | None = None
    ref_no: int | None = None
    name: str | None = None
    units: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    targets: list[Quantity] = field(default_factory=list)
    deadline: str | None = None  # a per-row deadline column when printed (not in contract v1)
    # The row's verdict as the source printed it in a status column of its own (序时推进, 是):
    # the publishing office's word, kept as printed; what it means is ``work/``'s to say.
    stated_status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "ref": self.ref, "ref_no": self.ref_no, "name": self.name,
                "content": self.content, "units": list(self.units), "progress": list(self.progress),
                "goals": [g.to_dict() for g in self.goals], "targets": [q.to_dict() for q in self.targets],
                "stated_status": self.stated_status}


@dataclass
class Indicator:
    name: str
    change: str | None
    value: float | int | None
    unit: str | None
    qualifier: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "change": self.change, "value": self.value,
                "unit": self.unit, "qualifier": self.qualifier}


@dataclass
class Period:
    label: str | None
    start: str | None  # ISO date
    end: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start, "end": self.end}


@dataclass
class Layout:
    """How the source printed its table: the title lines and each column's own name.

    Exports print these back (``2023年市政府工作报告重点任务清单`` over
    ``东城区主责项目前三季度进展情况表``; ``工作内容`` where another office says ``项目内容``),
    so a table sent out again looks like the one that came in.
    """

    title_lines: list[str] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (role, name as printed), in printed order

    def to_dict(self) -> dict[str, Any]:
        return {"title_lines": list(self.title_lines),
                "columns": [{"role": role, "name": name} for role, name in self.columns]}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Layout | None:
        if not data:
            return None
        return cls([str(x) for x in data.get("title_lines") or []],
                   [(str(c.get("role") or ""), str(c.get("name") or "")) for c in data.get("columns") or []])

    def column_name(self, role: str) -> str | None:
        return next((name for r, name in self.columns if r == role and name), None)


@dataclass
class Document:
    source: str
    kind: str
    title: str | None = None
    year: int | None = None
    period: Period | None = None
    deadline: str | None = None
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    commitments: list[Quantity] = field(default_factory=list)
    confidence: float | None = None  # 0–1: how well the chosen layout strategy read the file
    warnings: list[str] = field(default_factory=list)  # Chinese sentences a user should check
    layout: Layout | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "source": self.source, "kind": self.kind, "title": self.title,
                "year": self.year, "period": self.period.to_dict() if self.period else None,
                "deadline": self.deadline, "confidence": self.confidence, "warnings": list(self.warnings),
                "tasks": [t.to_dict() for t in self.tasks],
                "indicators": [i.to_dict() for i in self.indicators],
                "commitments": [q.to_dict() for q in self.commitments],
                "layout": self.layout.to_dict() if self.layout else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild from contract JSON (the store keeps it verbatim and reads it back)."""
        def qty(q: dict) -> Quantity:
            return Quantity(q.get("text") or "", q.get("metric"), q.get("value"), q.get("unit"), q.get("qualifier"))

        period = data.get("period")
        return cls(
            source=data.get("source") or "", kind=data.get("kind") or "progress_report",
            title=data.get("title"), year=data.get("year"),
            period=Period(period.get("label"), period.get("start"), period.get("end")) if period else None,
            deadline=data.get("deadline"),
            tasks=[Task(seq=t.get("seq"), content=t.get("content") or "", ref=t.get("ref"), ref_no=t.get("ref_no"),
                        name=t.get("name"), units=list(t.get("units") or []), progress=list(t.get("progress") or []),
                        goals=[Goal(g.get("text") or "", g.get("progress")) for g in t.get("goals") or []],
                        targets=[qty(q) for q in t.get("targets") or []], stated_status=t.get("stated_status"))
                   for t in data.get("tasks") or []],
            indicators=[Indicator(i.get("name") or "", i.get("change"), i.get("value"), i.get("unit"), i.get("qualifier"))
                        for i in data.get("indicators") or []],
            commitments=[qty(q) for q in data.get("commitments") or []],
            confidence=data.get("confidence"), warnings=list(data.get("warnings") or []),
            layout=Layout.from_dict(data.get("layout")),
        )
