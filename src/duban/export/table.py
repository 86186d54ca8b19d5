"""The format-neutral view of an official progress table, shared by every exporter.

Why a view model: the Word, Excel, PDF and CSV files must show the same rows in the
same order with the same wording, whether the data comes from a parsed file or
from the store. Building the table once and letting each exporter only lay it out
keeps the formats from drifting apart.

Two layouts, as printed by the offices that publish these tables:

* ``progress`` — 序号 / 项目内容 (the ref first) / 主责单位 / 进展情况, one row per
  task, the numbered progress items as separate paragraphs;
* ``performance`` — 序号 / 任务名称 / 年度任务及目标 / 全年完成情况, one sub-row per
  annual goal, 序号 and 任务名称 merged over the task's sub-rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from duban.parse.model import Document, Task

Cell = tuple[str, ...]
"""One table cell as its paragraphs, in order."""


class ExportError(Exception):
    """Something the user asked for cannot be exported; the message is the one-line reason."""


@dataclass(frozen=True)
class Column:
    header: str
    width_cm: float
    align: str = "left"  # left | center: how a person expects the column set


@dataclass(frozen=True)
class ExportRow:
    """One task: cells printed once (``head``) and one or more sub-rows (``lines``).

    A progress task has a single line (its progress cell); a performance task has a
    line per goal (the goal and its completion). Exporters merge the head cells
    vertically over the lines.
    """

    seq: str
    head: tuple[Cell, ...]
    lines: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class ExportTable:
    title_lines: tuple[str, ...]
    layout: str  # progress | performance
    columns: tuple[Column, ...]
    rows: tuple[ExportRow, ...]
    notes: tuple[str, ...] = ()  # lines printed between the title and the table (document-wide deadline)
    document: Document | None = field(default=None, compare=False)  # the contract data behind the table

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def head_width(self) -> int:
        """How many leading columns are printed once per task (merged over its sub-rows)."""
        return len(self.rows[0].head) if self.rows else (3 if self.layout == "progress" else 2)


PROGRESS_COLUMNS = (Column("序号", 1.4, "center"), Column("项目内容", 8.6), Column("主责单位", 3.2, "center"),
                    Column("进展情况", 11.5))
PLAN_COLUMNS = (Column("序号", 1.6, "center"), Column("项目内容", 17.1), Column("主责单位", 6.0, "center"))
PERFORMANCE_COLUMNS = (Column("序号", 1.4, "center"), Column("任务名称", 3.6, "center"),
                       Column("年度任务及目标", 8.2), Column("全年完成情况", 11.5))

KIND_TITLES = {"progress_report": "进展情况表", "performance_report": "绩效任务完成情况汇总表",
               "task_plan": "任务分解表"}


def numbered(items: list[str] | tuple[str, ...]) -> Cell:
    """Number items ``1.`` ``2.`` as the offices print them; a single item stays unnumbered."""
    items = [i.strip() for i in items if i and i.strip()]
    if len(items) <= 1:
        return tuple(items)
    return tuple(f"{n}.{text}" for n, text in enumerate(items, 1))


def units_cell(units: list[str]) -> Cell:
    """Units as one ``、``-separated line, as notices list them.

    One unit per paragraph would be ambiguous once printed: in a PDF a name that
    fills the narrow column looks exactly like a name wrapped into the next line
    (``区房屋征收中心`` + ``交道口街道``). The ``、`` keeps names apart wherever lines wrap.
    """
    return ("、".join(u.strip() for u in units if u.strip()),) if units else ()


def content_cell(task: Task) -> Cell:
    """项目内容 with the clause of the higher plan first, as in the published tables."""
    text = task.content.strip()
    return (f"{task.ref} {text}" if task.ref else text,)


def seq_text(task: Task, index: int) -> str:
    return str(task.seq) if task.seq is not None else str(index)


def deadline_note(deadline: str | None) -> tuple[str, ...]:
    """The document-wide deadline line as offices write it (``各项任务完成时限均为2021年底前``)."""
    if not deadline:
        return ()
    try:
        day = date.fromisoformat(deadline)
    except ValueError:
        return ()
    when = f"{day.year}年底前" if (day.month, day.day) == (12, 31) else f"{day.year}年{day.month}月{day.day}日前"
    return (f"※ 各项任务完成时限均为{when}",)


def default_title(doc: Document) -> str:
    """A title for a document printed without one: year, period and what the table is."""
    parts = [f"{doc.year}年" if doc.year else ""]
    if doc.period and doc.period.label and doc.kind != "task_plan":
        parts.append(doc.period.label)
    parts.append(KIND_TITLES.get(doc.kind, "任务表"))
    return "".join(parts)


def progress_rows(tasks: list[Task], with_progress: bool) -> tuple[ExportRow, ...]:
    rows = []
    for index, task in enumerate(tasks, 1):
        seq = seq_text(task, index)
        lines = ((numbered(task.progress),),) if with_progress else ((),)  # the plan layout has no sub-row cells
        rows.append(ExportRow(seq, ((seq,), content_cell(task), units_cell(task.units)), lines))
    return tuple(rows)


def performance_rows(tasks: list[Task]) -> tuple[ExportRow, ...]:
    rows = []
    for index, task in enumerate(tasks, 1):
        name = (task.name or task.content).strip()
        goals = task.goals or []
        if goals:
            texts = numbered([g.text for g in goals]) if len(goals) > 1 else (goals[0].text.strip(),)
            lines = tuple(((text,), tuple(p for p in [(g.progress or "").strip()] if p))
                          for text, g in zip(texts, goals))
        else:  # a task printed without separate goals: its content is the goal
            lines = (((task.content.strip(),), numbered(task.progress)),)
        rows.append(ExportRow(seq_text(task, index), ((seq_text(task, index),), (name,)), lines))
    return tuple(rows)


def table_from_document(doc: Document, *, title_lines: tuple[str, ...] | None = None) -> ExportTable:
    """The official table of a parsed document (or of one the store rebuilt as a ``Document``)."""
    if doc.kind == "work_report":
        raise ExportError("政府工作报告没有任务表，只能导出 json")
    titles = title_lines if title_lines is not None else (doc.title or default_title(doc),)
    notes = deadline_note(doc.deadline)
    if doc.kind == "performance_report":
        return ExportTable(titles, "performance", PERFORMANCE_COLUMNS, performance_rows(doc.tasks), notes, doc)
    with_progress = doc.kind != "task_plan" or any(t.progress for t in doc.tasks)
    columns = PROGRESS_COLUMNS if with_progress else PLAN_COLUMNS
    return ExportTable(titles, "progress", columns, progress_rows(doc.tasks, with_progress), notes, doc)
