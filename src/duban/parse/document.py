"""Assemble a ``Document`` from what a layout strategy found: title, kind, year, period,
deadline and each task's fields.

Which layout a file has is decided by the strategy engine (``engine.py``): every
strategy in ``layouts/`` reads the blocks and the best-scored reading wins.
"""
from __future__ import annotations

import re

from duban.parse import cell_shapes as S
from duban.parse import columns as C
from duban.parse.blocks import Block
from duban.parse.fields import (
    column_deadline,
    common_period,
    find_deadline,
    find_period,
    find_year,
    parse_date,
    split_ref,
)
from duban.parse.items import split_items
from duban.parse.lazyre import lazy_compile
from duban.parse.model import Document, Goal, Layout, Quantity, Task
from duban.parse.table import ROW_BREAK, Record, Table
from duban.parse.text import clean, squash
from duban.parse.units import split_units

_TITLE_WORDS = lazy_compile(r"(表|清单|报告|情况|方案|计划|台账|目标|任务|分解|安排|实事|要点|事项|项目)")
_CHROME = lazy_compile(r"(日期|来源|首页|>|＞|分享|字号|打印|关闭|浏览次数|发布时间|•|【)")
_NUMBERED = lazy_compile(r"^[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]")  # a section heading, not the title
_TASK_DEADLINE = lazy_compile(r"^\s*[（(]?\s*(?:完成时限|完成时间|时间节点|时限要求)\s*[:：]")  # one task's, not the document's
_COLUMN_TAG = lazy_compile(r"^【[^】]{1,20}】(?=\S{4})")
_GOAL_NUMBER = lazy_compile(r"^\s*(\d{1,2})\s*[.．、]\s*")


def targets_in(text: str) -> list[Quantity]:
    from duban.parse.quantity import extract_quantities

    return extract_quantities(text)


def build_document(blocks: list[Block], source: str) -> Document:
    """The best reading of the blocks among every layout strategy (``engine.py``)."""
    from duban.parse.engine import run

    return run(blocks, source).best.reading.document


def table_document(blocks: list[Block], table: Table, source: str) -> Document:
    return _table_document(blocks, table, source)


def work_report_document(lines: list[str], source: str) -> Document:
    return _work_report_document(lines, source)


def list_document(lines: list[str], tasks: list[Task], source: str) -> Document:
    return _list_document(lines, tasks, source)


def labelled_document(head: list[str], tasks: list[Task], source: str, kind: str) -> Document:
    """Tasks read from labelled blocks; ``head``: the lines before the first label."""
    lines = [x for x in head if x.strip()][-10:]
    title = _title([Block(x) for x in lines], len(lines))
    deadline = next((d for d in (find_deadline(x) for x in head) if d), None)
    year = find_year(title or "") or (int(deadline[:4]) if deadline else None) or _year_from_tasks(tasks)
    for t in tasks:
        t.targets = targets_in(t.content)
        if t.deadline and not re.match(r"\d{4}-\d{2}-\d{2}$", t.deadline):
            t.targets += targets_in(t.deadline)  # a labelled aim (工作目标:) carried over by the reader
            t.deadline = None
    return Document(source=source, kind=kind, title=title, year=year, deadline=deadline, tasks=tasks)


def _title(blocks: list[Block], end: int) -> str | None:
    """The heading lines just above the table (joined when printed on several lines)."""
    return "".join(_title_lines(blocks, end)) or None


def _title_lines(blocks: list[Block], end: int) -> list[str]:
    """The heading lines just above the table, as printed. A title broken over two lines
    (``某区政府2023年重点工作`` / ``任务分解和责任分工方案``) often puts the issuer and the year
    on a first line without a title word: a heading-shaped line holding a year, right above
    a title line, begins the title."""
    run: list[str] = []
    last_run: list[str] = []
    lead: str | None = None  # the line above, when it could begin a title
    for block in blocks[:end]:
        text = _COLUMN_TAG.sub("", clean(block.text))  # 【重点工作】标题: a web page's column tag
        if not text:
            continue
        flat = squash(text)
        shaped = not block.is_row and 4 <= len(flat) <= 60 and not _CHROME.search(text) \
            and not re.search(r"[。；，]$", flat) and not find_deadline(text) and not _NUMBERED.match(flat)
        if shaped and _TITLE_WORDS.search(flat):
            if not run and lead:
                run.append(lead)
            run.append(flat)
            lead = None
            continue
        last_run, run = (run or last_run), []
        lead = flat if shaped and _year_lead(flat) else None
    return run or last_run


_DATE_WORDS = lazy_compile(r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?|[-/.:：\d\s]")


def _year_lead(flat: str) -> bool:
    """A line naming a year and more than a date (``某区政府2023年重点工作``, not ``2023年3月1日``)."""
    return find_year(flat) is not None and len(_DATE_WORDS.sub("", flat)) >= 4 \
        and not re.search(r"[，,；;：:！？]", flat)


def _deadline(blocks: list[Block]) -> str | None:
    for block in blocks:
        if not block.is_row:
            found = find_deadline(block.text)
            if found:
                return found
    return None


def _table_document(blocks: list[Block], table: Table, source: str) -> Document:
    title = _title(blocks, table.header_index)
    deadline = _deadline(blocks[:table.header_index + 1]) or _deadline(blocks[-5:])
    roles = set(table.roles)
    if C.GOALS in roles:
        kind = "performance_report"
    elif C.PROGRESS in roles or C.STATUS in roles:
        kind = "progress_report"
    else:
        kind = "task_plan"
    # a table whose only word on progress is a status column (进展状态 已完工): that is its progress too
    tasks = [_task(r, kind, status_is_progress=C.PROGRESS not in roles) for r in table.records]
    tasks = [t for t in tasks if t.content or t.name]
    year = find_year(title or "") or (int(deadline[:4]) if deadline else None) or _year_from_tasks(tasks)
    if deadline is None and C.DEADLINE in roles:
        deadline = column_deadline([_joined(r.cells.get(C.DEADLINE, [])) for r in table.records], year)
    period = None
    if kind != "task_plan":
        period = find_period(title or "", year) or _period_from_header(table.header, table.roles, year) \
            or common_period([p for t in tasks for p in t.progress], year)
    layout = Layout(_title_lines(blocks, table.header_index), _printed_columns(table))
    return Document(source=source, kind=kind, title=title, year=year, period=period, deadline=deadline, tasks=tasks,
                    layout=layout)


def _printed_columns(table: Table) -> list[tuple[str, str]]:
    """Each column's role and its header word as printed (white space removed)."""
    words = list(table.header.cells) if table.header.is_row else table.header.text.split()
    return [(role or C.OTHER, squash(word)) for role, word in zip(table.roles, words)]


def _period_from_header(block: Block, roles: list[str], year: int | None):
    """The period a header names — its progress column's first (``1-11月推进情况`` beside an
    earlier ``1-10月推进情况`` that the table keeps as history)."""
    if block.cells and C.PROGRESS in roles and len(block.cells) == len(roles):
        found = find_period(block.cells[roles.index(C.PROGRESS)], year)
        if found:
            return found
    text = " ".join(block.cells) if block.cells else block.text
    return find_period(text, year)


def _year_from_tasks(tasks: list[Task]) -> int | None:
    from collections import Counter

    years = Counter()
    for t in tasks:
        for text in [t.content, *t.progress]:
            for m in re.finditer(r"((?:19|20)\d{2})\s*年", text):
                years[int(m.group(1))] += 1
    return years.most_common(1)[0][0] if years else None


def _joined(lines: list[str]) -> str:
    """A cell's lines joined as layout broke them; sub-rows' texts one per line."""
    if ROW_BREAK in lines:
        text = "".join(line.strip() if line != ROW_BREAK else "\n" for line in lines)
        return "\n".join(clean(part) for part in text.split("\n") if part.strip())
    return clean("".join(line.strip() for line in lines))


def _task(record: Record, kind: str, status_is_progress: bool = False) -> Task:
    cells = record.cells
    content = _joined(cells.get(C.CONTENT, []))
    ref_cell = _joined(cells.get(C.REF, []))
    ref, ref_no, content = split_ref(content)
    if ref_cell:
        ref, ref_no, _ = split_ref(ref_cell + " ") if split_ref(ref_cell + " ")[0] else (ref_cell, None, "")
    content = clean(content)
    name = _joined(cells.get(C.NAME, [])) or None
    units = split_units("\n".join(cells.get(C.UNITS, []))) + split_units("\n".join(cells.get(C.CO_UNITS, [])))
    deadline = parse_date(_joined(cells.get(C.DEADLINE, []))) if cells.get(C.DEADLINE) else None
    task = Task(seq=record.seq, content=content, ref=ref, ref_no=ref_no, name=name,
                units=list(dict.fromkeys(units)), deadline=deadline, stated_status=stated_status(cells.get(C.STATUS)))
    if not content and name and C.CONTENT not in cells and kind != "performance_report":
        task.content = content = name  # a table whose only task text is its name column
    if kind == "performance_report":
        task.goals = _goals(record)
        if not task.content:
            task.content = name or ""
        for goal in task.goals:
            task.targets.extend(targets_in(goal.text))
    else:
        progress = "\n".join(cells.get(C.STATUS if status_is_progress else C.PROGRESS, []))
        task.progress = [item for part in progress.split(ROW_BREAK) for item in split_items(part)]
        task.targets = targets_in(content)
        aim = _joined(cells.get(C.AIM, []))
        if aim:
            task.targets.extend(targets_in(aim))
    return task


def stated_status(lines: list[str] | None) -> str | None:
    """The verdict a row's status column prints, as printed; None when the cell is empty or
    holds an explanation rather than a verdict. Sub-rows that print different verdicts keep
    them all (``是；否``): which one is the task's is not the parser's to choose."""
    verdicts = [squash(line) for line in lines or [] if line != ROW_BREAK and squash(line)]
    if not verdicts or not all(S.is_verdict(v) for v in verdicts):
        return None
    return "；".join(dict.fromkeys(verdicts))


def _goals(record: Record) -> list[Goal]:
    goals: list[Goal] = []
    for goal_lines, done_lines in record.goals:
        goal_text = "\n".join(goal_lines)
        parts = _split_goal_cell(goal_text, len(goals) + 1)
        done = _joined(done_lines) or None
        if done and len(parts) == 1:
            m = _GOAL_NUMBER.match(done)
            if m and int(m.group(1)) == len(goals) + 1:
                done = done[m.end():] or None  # a completion numbered like its goal
        if len(parts) > 1:
            done_parts = split_items("\n".join(done_lines)) if done_lines else []
            if len(done_parts) != len(parts):
                done_parts = [done] + [None] * (len(parts) - 1) if done else [None] * len(parts)
            goals.extend(Goal(p, d) for p, d in zip(parts, done_parts))
        elif parts:
            goals.append(Goal(parts[0], done))
    return goals


def _split_goal_cell(text: str, first: int) -> list[str]:
    """Goals in one cell: numbered ``1.`` ``2.`` at line starts (the task's goal count goes
    on from ``first``); the number is removed."""
    lines = [line for line in text.split("\n") if line.strip()]
    if first == 1 and len(lines) == 1 and _GOAL_NUMBER.match(lines[0]):
        inline = split_items(lines[0])  # ``1.……；2.……`` typed on one line
        if len(inline) > 1:
            return inline
    goals: list[list[str]] = []
    for line in lines:
        m = _GOAL_NUMBER.match(line)
        if m and int(m.group(1)) == len(goals) + first:
            goals.append([line[m.end():]])
        elif goals:
            goals[-1].append(line)
        else:
            goals.append([line])
    return [g for g in (_joined(x) for x in goals) if g]


def _work_report_document(lines: list[str], source: str) -> Document:
    from duban.parse.work_report import parse_work_report

    result = parse_work_report(lines)
    return Document(source=source, kind="work_report", title=result.title, year=result.year,
                    indicators=result.indicators, commitments=result.commitments)


def _list_document(lines: list[str], tasks: list[Task], source: str) -> Document:
    start = squash(tasks[0].content)[:8]
    first = next((i for i, line in enumerate(lines) if start and start in squash(line)), 10)
    head = [line for line in lines[:min(first, 10)] if line.strip()]
    title = _title([Block(x) for x in head], len(head))
    deadline = next((d for d in (find_deadline(x) for x in lines if not _TASK_DEADLINE.match(x)) if d), None)
    year = find_year(title or "") or (int(deadline[:4]) if deadline else None) or _year_from_tasks(tasks)
    for t in tasks:
        t.targets = targets_in(t.content)
    kind = "progress_report" if any(t.progress for t in tasks) else "task_plan"
    return Document(source=source, kind=kind, title=title, year=year, deadline=deadline, tasks=tasks)
