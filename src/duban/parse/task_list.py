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
from duban.parse.items import split_items
from duban.parse.lazyre import LazyPattern, lazy_compile
from duban.parse.model import Task
from duban.parse.text import clean
from duban.parse.units import looks_like_unit, split_units

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Numbering styles, highest level first: (name, pattern whose group 1 is the number).
STYLES: list[tuple[str, LazyPattern]] = [
    ("part", lazy_compile(rf"^\s*第([{_CN}]+)(?:部分|章|篇)")),
    ("cn_comma", lazy_compile(rf"^\s*([{_CN}]+)\s*[、.．]\s*(?=\S)")),
    ("cn_paren", lazy_compile(rf"^\s*[（(]\s*([{_CN}]+)\s*[)）]\s*(?=\S)")),
    ("arabic", lazy_compile(r"^\s*(\d{1,3})\s*(?:[.、．](?!\d)|\s+(?=[\u4e00-\u9fff（(“]))\s*(?=\S)")),
    ("paren", lazy_compile(r"^\s*[（(]\s*(\d{1,3})\s*[)）]\s*(?=\S)")),
    ("circled", lazy_compile(rf"^\s*([{_CIRCLED}])\s*(?=\S)")),
]

# Label words, by what their value is. Offices prefix them freely (牵头责任单位, 协同责任单位,
# 牵头负责领导), so the longest is tried first.
LEAD_LABELS = ("牵头责任单位", "主要责任单位", "牵头单位", "主责单位", "责任单位", "责任部门", "牵头部门", "主办单位",
               "承办单位", "实施单位", "责任主体")
CO_LABELS = ("协同责任单位", "配合责任单位", "协同单位", "配合单位", "协办单位", "参与单位", "配合部门", "协同部门",
             "参与部门", "协助单位")
PERSON_LABELS = ("牵头负责领导", "牵头市领导", "牵头区领导", "牵头县领导", "项目责任人", "牵头领导", "责任领导", "分管领导",
                 "负责领导", "包保领导", "责任人", "联系人")
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时限要求")
PROGRESS_LABELS = ("实际完成情况", "进展与成效", "进展及成效", "工作进展", "进展情况", "完成情况", "推进情况", "落实情况",
                   "目前进度", "当前进度", "目前进展")
_ALL_LABELS = sorted(LEAD_LABELS + CO_LABELS + PERSON_LABELS + DEADLINE_LABELS + PROGRESS_LABELS, key=len, reverse=True)
_LABELS = "|".join(_ALL_LABELS)
# A label's value runs to the next label, a closing bracket or the line end; brackets inside it
# (an alias, a note such as ``(列第一位者为牵头单位,下同)``) are kept whole.
_LABELLED = lazy_compile(
    rf"(?:[，,；;]\s*)?[（(]?\s*({_LABELS})\s*[:：]\s*"
    rf"((?:[^（）()\n]|[（(][^（）()\n]*[)）])*?)\s*(?=[；;。，,]?\s*[（(]?\s*(?:{_LABELS})\s*[:：]|[)）]|$)[)）]?[；;。]?",
    re.M,
)
_HAS_LABEL = lazy_compile(rf"(?:{_LABELS})\s*[:：]")
_LEAD = set(LEAD_LABELS)
_CO = set(CO_LABELS)
_PERSON = set(PERSON_LABELS)
_PROGRESS = set(PROGRESS_LABELS)
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
        if not tasks or with_units < max(1, len(tasks) // 2):
            continue
        if with_units >= sum(1 for t in best if t.units):
            best = tasks  # on a tie the lower level: a higher-numbered line holding tasks is their heading
    return best


def _groups(lines: list[str], style: str, pattern: LazyPattern,
            headings: list[LazyPattern]) -> list[tuple[int, list[str]]]:
    groups: list[tuple[int, list[str]]] = []
    after_heading = False
    for line in lines:
        if not line.strip():
            continue
        m = pattern.match(line)
        if m:
            n = _number(style, m.group(1))
            expected = groups[-1][0] + 1 if groups else 1
            if n == expected or (after_heading and n == 1):
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


def _tasks(lines: list[str], style: str, pattern: LazyPattern, headings: list[LazyPattern]) -> list[Task]:
    tasks = []
    for seq, parts in _groups(lines, style, pattern, headings):
        body = "\n".join(_task_lines(parts))
        leads: list[str] = []
        cos: list[str] = []
        progress: list[str] = []
        deadline = None
        labelled = ":" in body or "：" in body  # every label ends in a colon; the label pattern is slow to scan
        for m in _LABELLED.finditer(body) if labelled else ():
            label, value = m.group(1), m.group(2)
            if label in _LEAD:
                leads += split_units(value)
            elif label in _CO:
                cos += split_units(value)
            elif label in _PROGRESS:
                progress += split_items(value)
            elif label not in _PERSON:
                deadline = parse_date(value) or deadline
        content = clean((_LABELLED.sub("", body) if labelled else body).replace("\n", ""))
        ref, ref_no, content = split_ref(content)
        if not ref:
            content, ref, ref_no = _trailing_ref(content)
        tasks.append(Task(seq=seq, content=clean(content), ref=ref, ref_no=ref_no, progress=progress,
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


_TRAILING_REF = lazy_compile(rf"[（(【\[]\s*{REF_BODY}\s*[)）】\]]\s*$")


def _trailing_ref(content: str) -> tuple[str, str | None, int | None]:
    """A ref printed after the task in brackets (``……。（市任务第3条）``)."""
    m = _TRAILING_REF.search(content)
    if not m:
        return content, None, None
    ref, ref_no, _ = split_ref(m.group(0))
    return content[:m.start()].rstrip(), ref, ref_no
