"""Numbered task lists: ``1. 任务……`` followed (inline or on its own line) by
``责任单位：…`` / ``牵头单位：…`` / ``完成时限：…`` — the layout of many 任务分解方案
published as running text rather than a table.
"""
from __future__ import annotations

import re

from duban.parse.fields import parse_date, split_ref
from duban.parse.model import Task
from duban.parse.text import clean
from duban.parse.units import split_units

_TASK_START = re.compile(r"^\s*(\d{1,3})\s*[.、．]\s*(?=\S)")
_LABELLED = re.compile(
    r"[（(]?\s*(主责单位|牵头单位|责任单位|责任部门|牵头部门|配合单位|协办单位|完成时限|完成时间|时间节点)\s*[:：]\s*"
    r"([^（）()\n]*?)\s*(?=[；;。]?\s*[（(]?\s*(?:主责单位|牵头单位|责任单位|责任部门|牵头部门|配合单位|协办单位|完成时限|完成时间|时间节点)\s*[:：]|[)）]|$)[)）]?[；;。]?",
    re.M,
)
_LEAD = {"主责单位", "牵头单位", "责任单位", "责任部门", "牵头部门"}
_CO = {"配合单位", "协办单位"}


def find_task_list(lines: list[str]) -> list[Task]:
    """Tasks of a numbered list; empty unless most tasks name their responsible units."""
    groups: list[tuple[int, list[str]]] = []
    for line in lines:
        if not line.strip():
            continue
        m = _TASK_START.match(line)
        expected = groups[-1][0] + 1 if groups else None
        if m and (expected is None or int(m.group(1)) == expected):
            groups.append((int(m.group(1)), [line[m.end():]]))
        elif groups:
            if re.match(r"^\s*[（(]?[一二三四五六七八九十]+[、)）]", line) and "单位" not in line:
                groups[-1][1].append("\x00")  # a section heading ends the task's text
            else:
                groups[-1][1].append(line)
    tasks = []
    for seq, parts in groups:
        body = "\n".join(p for p in _until_heading(parts))
        leads: list[str] = []
        cos: list[str] = []
        deadline = None
        for m in _LABELLED.finditer(body):
            label, value = m.group(1), m.group(2)
            if label in _LEAD:
                leads += split_units(value)
            elif label in _CO:
                cos += split_units(value)
            else:
                deadline = parse_date(value) or deadline
        content = clean(_LABELLED.sub("", body).replace("\n", ""))
        ref, ref_no, content = split_ref(content)
        tasks.append(Task(seq=seq, content=clean(content), ref=ref, ref_no=ref_no,
                          units=list(dict.fromkeys(leads + cos)), deadline=deadline))
    with_units = sum(1 for t in tasks if t.units)
    if len(tasks) < 2 or with_units < max(2, len(tasks) // 2):
        return []
    return tasks


def _until_heading(parts: list[str]) -> list[str]:
    out = []
    for p in parts:
        if p == "\x00":
            break
        out.append(p)
    return out
