"""Numbered task lists: ``1. 任务……`` followed (inline or on its own line) by
``责任单位：…`` / ``牵头单位：…`` / ``完成时限：…`` — the layout of many 任务分解方案
published as running text rather than a table.

Offices number tasks in any of the usual styles (``1.`` ``（1）`` ``①`` ``（一）``
``一、``); every style is tried and the one that gives the most tasks naming their
units wins. A line numbered in a *higher* style than the tasks (``一、经济发展``
above ``1.`` tasks) is a section heading; numbering may go on across sections or
start again at 1 after one. A task ends at the next task, at a heading, or at the
first unlabelled paragraph after its labelled lines (a closing note such as
``各牵头单位要于每季度……报送``).
"""
from __future__ import annotations

import re

from duban.parse.fields import REF_BODY, cn_int, parse_date, split_ref
from duban.parse.model import Task
from duban.parse.text import clean
from duban.parse.units import looks_like_unit, split_units

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Numbering styles, highest level first: (name, pattern whose group 1 is the number).
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^\s*第([{_CN}]+)(?:部分|章|篇)")),
    ("cn_comma", re.compile(rf"^\s*([{_CN}]+)\s*[、.．]\s*(?=\S)")),
    ("cn_paren", re.compile(rf"^\s*[（(]\s*([{_CN}]+)\s*[)）]\s*(?=\S)")),
    ("arabic", re.compile(r"^\s*(\d{1,3})\s*(?:[.、．](?!\d)|\s+(?=[\u4e00-\u9fff（(“]))\s*(?=\S)")),
    ("paren", re.compile(r"^\s*[（(]\s*(\d{1,3})\s*[)）]\s*(?=\S)")),
    ("circled", re.compile(rf"^\s*([{_CIRCLED}])\s*(?=\S)")),
]

_LABELS = r"主责单位|牵头单位|责任单位|责任部门|牵头部门|配合单位|协办单位|参与单位|完成时限|完成时间|时间节点|时限要求"
_LABELLED = re.compile(
    rf"[（(]?\s*({_LABELS})\s*[:：]\s*"
    rf"([^（）()\n]*?)\s*(?=[；;。，,]?\s*[（(]?\s*(?:{_LABELS})\s*[:：]|[)）]|$)[)）]?[；;。]?",
    re.M,
)
_HAS_LABEL = re.compile(rf"(?:{_LABELS})\s*[:：]")
_LEAD = {"主责单位", "牵头单位", "责任单位", "责任部门", "牵头部门"}
_CO = {"配合单位", "协办单位", "参与单位"}
_END = "\x00"


def _number(style: str, token: str) -> int:
    if style == "circled":
        return _CIRCLED.index(token) + 1
    if token.isdigit():
        return int(token)
    return cn_int(token) or 0


def find_task_list(lines: list[str]) -> list[Task]:
    """Tasks of a numbered list; empty unless most tasks name their responsible units."""
    best: list[Task] = []
    for level, (style, pattern) in enumerate(STYLES):
        if style == "part":
            continue
        tasks = _tasks(lines, style, pattern, [p for _, p in STYLES[:level]])
        with_units = sum(1 for t in tasks if t.units)
        if len(tasks) < 2 or with_units < max(2, len(tasks) // 2):
            continue
        if with_units > sum(1 for t in best if t.units):
            best = tasks
    return best


def _groups(lines: list[str], style: str, pattern: re.Pattern[str],
            headings: list[re.Pattern[str]]) -> list[tuple[int, list[str]]]:
    groups: list[tuple[int, list[str]]] = []
    after_heading = False
    for line in lines:
        if not line.strip():
            continue
        m = pattern.match(line)
        if m:
            n = _number(style, m.group(1))
            expected = groups[-1][0] + 1 if groups else None
            if expected is None or n == expected or (after_heading and n == 1):
                groups.append((n, [line[m.end():]]))
                after_heading = False
                continue
        if any(h.match(line) for h in headings) and not _HAS_LABEL.search(line):
            after_heading = True
            if groups:
                groups[-1][1].append(_END)  # a section heading ends the task's text
            continue
        if groups:
            groups[-1][1].append(line)
    return groups


def _tasks(lines: list[str], style: str, pattern: re.Pattern[str], headings: list[re.Pattern[str]]) -> list[Task]:
    tasks = []
    for seq, parts in _groups(lines, style, pattern, headings):
        body = "\n".join(_task_lines(parts))
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
        if not ref:
            content, ref, ref_no = _trailing_ref(content)
        tasks.append(Task(seq=seq, content=clean(content), ref=ref, ref_no=ref_no,
                          units=list(dict.fromkeys(leads + cos)), deadline=deadline))
    return tasks


def _task_lines(parts: list[str]) -> list[str]:
    """The task's own lines: up to a heading, or to the first unlabelled paragraph after
    its labelled lines (a units list wrapped onto the next line still belongs to it)."""
    out: list[str] = []
    labelled = False
    for p in parts:
        if p == _END:
            break
        if labelled and not _HAS_LABEL.search(p):
            if not (out[-1].rstrip().endswith(("、", "，", ",", "；", ";")) or looks_like_unit(p)):
                break
        labelled = labelled or bool(_HAS_LABEL.search(p))
        out.append(p)
    return out


_TRAILING_REF = re.compile(rf"[（(【\[]\s*{REF_BODY}\s*[)）】\]]\s*$")


def _trailing_ref(content: str) -> tuple[str, str | None, int | None]:
    """A ref printed after the task in brackets (``……。（市任务第3条）``)."""
    m = _TRAILING_REF.search(content)
    if not m:
        return content, None, None
    ref, ref_no, _ = split_ref(m.group(0))
    return content[:m.start()].rstrip(), ref, ref_no
