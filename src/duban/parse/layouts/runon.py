"""A table whose columns ran together: a Word or PDF table saved as text, each row one run
of characters with no separator between its cells, page markers (``2、``, ``— 3 —``)
inserted where a page ended:

    序号工作任务牵头单位责任人完成时限
    1推进老旧小区改造，完成改造10个小区。区住建局张某2023年12月底
    2新建口袋公园5个。区园林局李某2023年10月底

The header is cut into header words (``columns.segment_header``); each row starts at
the next number and runs until the next row; its cells are then cut from the right, by
the header's roles and the shape of what each column holds: a date or ``全年`` for a
deadline, a two-to-three-character name for a person column, whole unit names for the
units (``units.split_units``), a status word for a status column; what is left is the
task text (and, in a progress table, the text after the units is the progress).
"""
from __future__ import annotations

import re

from duban.parse import cell_shapes as S
from duban.parse import columns as C
from duban.parse.engine import Context, Reading, strategy
from duban.parse.items import split_items
from duban.parse.lazyre import lazy_compile
from duban.parse.model import Task
from duban.parse.text import clean, squash
from duban.parse.units import is_complete, split_units

_PAGE_MARK = lazy_compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}\s*[、.．]?|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
_DATE_TAIL = lazy_compile(r"(?:(?:19|20)\d{2}年(?:\d{1,2}月)?(?:底|末|前|内)*(?:前|完成)?|\d{1,2}月(?:底|末)?前?|全年|年底前?|年内|长期|"
                        r"持续推进|第?[一二三四]季度(?:末|前)?|[上下]半年)$")
_PERSON_TAIL = lazy_compile(r"[\u4e00-\u9fff]{2,3}")
_PERSON_WORDS = ("领导", "责任人", "联系人")
_STATUS_TAIL = lazy_compile(r"(?:已|正在|未|尚未)?(?:完成|完工|开工|推进中|序时推进|滞后|达序|未达序|是|否)$")


@strategy("runon_table", "列连写的表格文本（无分隔符）", settings={"min_rows": 2})
def runon_table(ctx: Context, settings: dict) -> Reading | None:
    found = _header(ctx.lines)
    if found is None:
        return None
    index, words, roles = found
    rows = _rows(ctx.lines[index + 1:])
    if len(rows) < settings["min_rows"]:
        return None
    tasks = [_task(seq, text, roles, words) for seq, text in rows]
    tasks = [t for t in tasks if t.content]
    if len(tasks) < settings["min_rows"]:
        return None
    from duban.parse.document import labelled_document

    kind = "progress_report" if C.PROGRESS in roles else "task_plan"
    doc = labelled_document(ctx.lines[:index], tasks, ctx.source, kind)
    with_units = sum(1 for t in tasks if t.units) / len(tasks)
    return Reading(doc, evidence=0.5 + with_units / 2, notes=[f"表头：{' '.join(words)}（列间无分隔）"],
                   warnings=["表格各列文字连在一起，已按表头和单位名称的形状切分，请核对。"])


def _header(lines: list[str]) -> tuple[int, list[str], list[str]] | None:
    for i, line in enumerate(lines):
        flat = squash(line)
        if not flat.startswith(C.KEYWORDS[C.SEQ][:2]) or len(line.split()) > 2:
            continue  # words separated by spaces are the table strategies' to read
        words = C.segment_header(flat)
        roles = C.header_roles(words) if words else None
        if roles and roles[0] == C.SEQ and all(roles):
            return i, words, roles  # type: ignore[return-value]
    return None


def _rows(lines: list[str]) -> list[tuple[int, str]]:
    rows: list[tuple[int, list[str]]] = []
    for line in lines:
        flat = line.strip()
        if not flat:
            continue
        expected = rows[-1][0] + 1 if rows else 1
        m = re.match(rf"^\s*({expected})(?![\d.．%年月万亿])\s*[、.．]?\s*(?=\S)", flat)
        if m and not _PAGE_MARK.match(flat):
            rows.append((expected, [flat[m.end():]]))
        elif _PAGE_MARK.match(flat):
            continue  # a page number between two parts of a row
        elif rows:
            rows[-1][1].append(flat)
    return [(seq, "".join(parts)) for seq, parts in rows]


def _task(seq: int, text: str, roles: list[str], words: list[str]) -> Task:
    rest = squash(text)
    cells: dict[str, str] = {}
    columns = list(zip(roles, words))[1:]
    for role, word in reversed(columns):
        if role == C.DEADLINE:
            m = _DATE_TAIL.search(rest)
            if m:
                cells[role], rest = m.group(), rest[:m.start()]
        elif role == C.OTHER and any(w in word for w in _PERSON_WORDS):
            for size in (2, 3, 4):  # a name of two to four characters right after a unit name
                name, before = rest[-size:], rest[:-size]
                if _PERSON_TAIL.fullmatch(name[-3:]) and re.fullmatch(r"[\u4e00-\u9fff]+", name) \
                        and _units_end(before) and not is_complete(name):
                    rest = before
                    break
        elif role in (C.OTHER, C.STATUS):
            m = _STATUS_TAIL.search(rest)
            if m:
                if role == C.STATUS:
                    cells[role] = m.group()
                rest = rest[:m.start()]
        elif role == C.PROGRESS:
            start = _units_start(rest, allow_tail=True)
            if start is not None:
                end = _unit_run(rest, start)
                cells[role], rest = rest[end:], rest[:end]
        elif role in (C.UNITS, C.CO_UNITS):
            start = _units_start(rest)
            if start is not None:
                cells[C.UNITS] = rest[start:] + ("、" + cells[C.UNITS] if C.UNITS in cells else "")
                rest = rest[:start]
    content = clean(rest)
    progress = split_items(cells[C.PROGRESS]) if cells.get(C.PROGRESS) else []
    return Task(seq=seq, content=content, units=split_units(cells.get(C.UNITS, "")), progress=progress,
                stated_status=cells.get(C.STATUS))


def _units_end(text: str) -> bool:
    """Does ``text`` end with a whole unit name (so what follows it is no part of one)?"""
    return any(is_complete(text[-n:]) for n in range(3, min(len(text), 12) + 1))


def _units_start(text: str, allow_tail: bool = False) -> int | None:
    """Where the run of unit names at the end of ``text`` begins (after the task's last
    sentence end, or where a unit name begins); with ``allow_tail`` the run may be followed
    by other text (a progress text after the units)."""
    for cut in _cuts(text):
        tail = text[cut:]
        if allow_tail:
            if _unit_run(text, cut) > cut:
                return cut
        elif tail and S.is_unit_cell(tail) and all(is_complete(n) and len(n) <= 20 for n in split_units(tail)):
            return cut
    return None


def _cuts(text: str) -> list[int]:
    """Candidate starts of the units: after each sentence end, in order."""
    return [m.end() for m in re.finditer(r"[。；;！？]", text) if m.end() < len(text)]


def _unit_run(text: str, start: int) -> int:
    """End of the longest run of whole unit names from ``start`` (``start`` when none)."""
    best = start
    for end in range(start + 2, min(len(text), start + 80) + 1):
        names = split_units(text[start:end])
        if names and S.is_unit_cell(text[start:end]) and all(is_complete(n) and len(n) <= 20 for n in names) \
                and text[end - 1] != "、":
            best = end
    return best
