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

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from duban.parse.model import Document, Task

Cell = tuple[str, ...]
"""One table cell as its paragraphs, in order."""

# Column roles (the parser's names, so a source's own column names map onto ours).
SEQ, NAME, CONTENT, GOALS, UNITS, PROGRESS, STATUS = "seq", "name", "content", "goals", "units", "progress", "status"
# Columns whose text flows on to the next page when a task breaks there; the others repeat.
FLOWING = frozenset({CONTENT, GOALS, PROGRESS})


class ExportError(Exception):
    """Something the user asked for cannot be exported; the message is the one-line reason."""


@dataclass(frozen=True)
class Column:
    header: str
    width_cm: float
    align: str = "left"  # left | center: how a person expects the column set
    role: str = ""


@dataclass(frozen=True)
class ExportRow:
    """One task: cells printed once (``head``, ``tail``) and one or more sub-rows (``lines``).

    A progress task has a single line (its progress cell); a performance task has a
    line per goal (the goal and its completion). Exporters merge the head and tail
    cells vertically over the lines. ``label`` names the task on a continuation
    (``市重点任务第8项（续）``) when it breaks over a page.
    """

    seq: str
    head: tuple[Cell, ...]
    lines: tuple[tuple[Cell, ...], ...]
    tail: tuple[Cell, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class ExportTable:
    title_lines: tuple[str, ...]
    layout: str  # progress | performance
    columns: tuple[Column, ...]
    rows: tuple[ExportRow, ...]
    notes: tuple[str, ...] = ()  # lines printed between the title and the table (document-wide deadline)
    document: Document | None = field(default=None, compare=False)  # the contract data behind the table
    date_line: tuple[str, str] | None = None  # (截至…, 填报日期：…) printed left and right above the table
    author: str = ""  # the organization, for the files' document properties
    created: datetime | None = None  # when the table was made (document properties)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def head_width(self) -> int:
        """How many leading columns are printed once per task (merged over its sub-rows)."""
        return len(self.rows[0].head) if self.rows else (3 if self.layout == "progress" else 2)

    @property
    def tail_width(self) -> int:
        return len(self.rows[0].tail) if self.rows else 0


STATUS_COLUMN = Column("状态", 1.8, "center", STATUS)
PROGRESS_COLUMNS = (Column("序号", 1.4, "center", SEQ), Column("项目内容", 8.6, role=CONTENT),
                    Column("主责单位", 3.2, "center", UNITS), Column("进展情况", 11.5, role=PROGRESS))
PROGRESS_STATUS_COLUMNS = (Column("序号", 1.4, "center", SEQ), Column("项目内容", 7.8, role=CONTENT),
                           Column("主责单位", 3.0, "center", UNITS), Column("进展情况", 10.7, role=PROGRESS),
                           STATUS_COLUMN)
PLAN_COLUMNS = (Column("序号", 1.6, "center", SEQ), Column("项目内容", 17.1, role=CONTENT),
                Column("主责单位", 6.0, "center", UNITS))
PERFORMANCE_COLUMNS = (Column("序号", 1.4, "center", SEQ), Column("任务名称", 3.6, "center", NAME),
                       Column("年度任务及目标", 8.2, role=GOALS), Column("全年完成情况", 11.5, role=PROGRESS))
PERFORMANCE_STATUS_COLUMNS = (Column("序号", 1.4, "center", SEQ), Column("任务名称", 3.4, "center", NAME),
                              Column("年度任务及目标", 7.6, role=GOALS), Column("全年完成情况", 10.5, role=PROGRESS),
                              STATUS_COLUMN)

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


def task_label(task: Task, seq: str) -> str:
    """How a continuation names its task: the clause it implements, its name, or its number."""
    return task.ref or (task.name or "").strip() or f"第{seq}项"


def status_tail(statuses: list[str] | None, index: int) -> tuple[Cell, ...]:
    if statuses is None:
        return ()
    label = statuses[index] if index < len(statuses) else ""
    return ((label,) if label else (),)


def progress_rows(tasks: list[Task], with_progress: bool, statuses: list[str] | None = None) -> tuple[ExportRow, ...]:
    rows = []
    for index, task in enumerate(tasks, 1):
        seq = seq_text(task, index)
        lines = ((numbered(task.progress),),) if with_progress else ((),)  # the plan layout has no sub-row cells
        rows.append(ExportRow(seq, ((seq,), content_cell(task), units_cell(task.units)), lines,
                              status_tail(statuses, index - 1), task_label(task, seq)))
    return tuple(rows)


def performance_rows(tasks: list[Task], statuses: list[str] | None = None) -> tuple[ExportRow, ...]:
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
        seq = seq_text(task, index)
        rows.append(ExportRow(seq, ((seq,), (name,)), lines, status_tail(statuses, index - 1),
                              task.name.strip() if task.name and task.name.strip() else f"第{seq}项"))
    return tuple(rows)


def source_names(columns: tuple[Column, ...], doc: Document) -> tuple[Column, ...]:
    """Our columns under the names the source printed (工作内容, 责任单位 …) where it had them."""
    if doc.layout is None:
        return columns
    return tuple(replace(c, header=doc.layout.column_name(c.role) or c.header) if c.role != STATUS else c
                 for c in columns)


def period_date_line(doc: Document) -> tuple[str, str] | None:
    """``截至2023年9月30日`` from the period a parsed table covers (no 填报日期: the file does not say)."""
    end = doc.period.end if doc.period else None
    try:
        return (f"截至{cn_date(date.fromisoformat(end))}", "") if end else None
    except ValueError:
        return None


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def table_from_document(doc: Document, *, title_lines: tuple[str, ...] | None = None,
                        statuses: list[str] | None = None, date_line: tuple[str, str] | None = None,
                        author: str = "", created: datetime | None = None) -> ExportTable:
    """The official table of a parsed document (or of one the store rebuilt as a ``Document``).

    ``statuses`` (one label per task, confirmed statuses only) adds the 状态 column;
    titles and column names are the source's own where it printed them."""
    if doc.kind == "work_report":
        raise ExportError("政府工作报告没有任务表，只能导出 json")
    if title_lines is None:
        printed = tuple(doc.layout.title_lines) if doc.layout and doc.layout.title_lines else ()
        title_lines = printed or (doc.title or default_title(doc),)
    notes = deadline_note(doc.deadline)
    date_line = date_line if date_line is not None else period_date_line(doc)
    extra = {"document": doc, "date_line": date_line, "author": author, "created": created}
    if doc.kind == "performance_report":
        columns = PERFORMANCE_STATUS_COLUMNS if statuses is not None else PERFORMANCE_COLUMNS
        return ExportTable(title_lines, "performance", source_names(columns, doc), performance_rows(doc.tasks, statuses),
                           notes, **extra)
    with_progress = doc.kind != "task_plan" or any(t.progress for t in doc.tasks)
    if not with_progress:
        statuses = None
    columns = (PROGRESS_STATUS_COLUMNS if statuses is not None else PROGRESS_COLUMNS) if with_progress else PLAN_COLUMNS
    return ExportTable(title_lines, "progress", source_names(columns, doc),
                       progress_rows(doc.tasks, with_progress, statuses), notes, **extra)
