"""Labelled blocks: each task told as label–value pairs instead of table cells.

Seen in real progress reports and task lists:

    01 项目名称:提升县域生态环境            项目名称:
    项目内容:                               加大文化惠民力度
    连通城区河道水系……新改建公厕5座。      项目内容:……
    责任单位:                               责任单位
    水务局、城管局、自然资源局               文广旅局
    进展与成效:                             进展与成效:……
    ……

and the same labels run together on one line, several tasks per line
(``1.某某工程 牵头领导:张三 责任单位:区住建局 项目责任人:李四 配合单位:区财政局
实际完成情况:已完成主体。 2.某某项目 牵头领导:……``).

A label starts a value anywhere when a colon follows it, and on a line of its own
without one (``责任单位``). A task begins where the label that opened the first task
comes again; text before a task's first label is its title (with its printed number).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.parse.engine import Context, Reading, strategy
from duban.parse.items import split_items
from duban.parse.lazyre import lazy_compile
from duban.parse.model import Task
from duban.parse.task_list import CO_LABELS, DEADLINE_LABELS, LEAD_LABELS, PERSON_LABELS, PROGRESS_LABELS
from duban.parse.text import clean, squash
from duban.parse.units import split_units

NAME_LABELS = ("项目名称", "任务名称", "事项名称", "实事名称", "工程名称", "工作名称")
CONTENT_LABELS = ("项目内容", "建设内容", "工作内容", "任务内容", "主要内容", "实施内容", "目标任务", "主要任务",
                  "具体任务", "重点工作", "重点任务", "工作任务")
# A task's aims beside its text (年度阶段性工作目标): their figures are its targets, not its text.
AIM_LABELS = ("年度阶段性工作目标", "阶段性工作目标", "阶段性目标", "年度工作目标", "工作目标", "年度目标")

_KIND = {**{w: "name" for w in NAME_LABELS}, **{w: "content" for w in CONTENT_LABELS},
         **{w: "aim" for w in AIM_LABELS},
         **{w: "lead" for w in LEAD_LABELS}, **{w: "co" for w in CO_LABELS}, **{w: "person" for w in PERSON_LABELS},
         **{w: "deadline" for w in DEADLINE_LABELS}, **{w: "progress" for w in PROGRESS_LABELS}}
_WORDS = "|".join(sorted(_KIND, key=len, reverse=True))
# A label with its colon anywhere, a label alone on its line (``责任单位``), or a label cell
# that says more before its colon (``进展情况、存在问题及下一步工作建议:``).
_LABEL = lazy_compile(rf"(?P<word>{_WORDS})\s*[:：]|^\s*(?P<alone>{_WORDS})\s*$"
                    rf"|^\s*(?P<long>{_WORDS})[^:：\n。；;]{{1,16}}[:：]", re.M)
_NUMBER = lazy_compile(r"(?:^|(?<=\s))(?:0?(\d{1,2})\s*[.、．](?!\d)|[（(](\d{1,2})[)）])\s*(?=\S)")
# A task headed by a Chinese ordinal (``二、公共文化设施建设项目``) over its ``目标任务:`` / ``目前进度:`` labels.
_CN_HEADING = lazy_compile(r"^\s*[一二三四五六七八九十]{1,3}[、.．]\s*(?=\S)")
_LEADING_NUMBER = lazy_compile(r"^\s*(?:0?(\d{1,3})(?:\s*[.、．](?!\d)\s*|\s+|$)|[（(](\d{1,3})[)）]\s*)(?=\S|$)")


@dataclass
class _Block:
    title: str = ""
    values: dict[str, list[str]] = field(default_factory=dict)


@strategy("labelled_blocks", "标签式段落（项目名称：/责任单位：/进展与成效：）", settings={"min_labelled": 2},
          prior=-0.01)
def labelled_blocks(ctx: Context, settings: dict) -> Reading | None:
    text = "\n".join(line.replace("\t", " ") for line in ctx.lines)
    marks = list(_LABEL.finditer(text))
    if len(marks) < 2 * settings["min_labelled"]:
        return None
    blocks = _blocks(text, marks)
    tasks = [t for t in (_task(n, b) for n, b in enumerate(blocks, start=1)) if t.content]
    labelled = [t for t in tasks if t.units or t.progress]
    single = len(blocks) == 1 and "content" in blocks[0].values  # one task per page: 重点工作: … 牵头单位: …
    if len(labelled) < settings["min_labelled"] and not (single and labelled):
        return None
    kind = "progress_report" if any(t.progress for t in tasks) else "task_plan"
    from duban.parse.document import labelled_document

    head = text[:marks[0].start()].split("\n")
    if blocks[0].title:
        head = head[:-1]  # the first task's numbered title line
    doc = labelled_document(head, tasks, ctx.source, kind)
    return Reading(doc, evidence=len(labelled) / len(tasks),
                   notes=[f"按标签读取{len(tasks)}项（{'、'.join(sorted({_kind(m) for m in marks}))}）"])


def _word(m: re.Match) -> str:
    return m.group("word") or m.group("alone") or m.group("long")


def _kind(m: re.Match) -> str:
    return _KIND[_word(m)]


def _blocks(text: str, marks: list[re.Match]) -> list[_Block]:
    """Cut the text at its labels; a new block starts where the first block's opening
    label kind comes again."""
    opener = _word(marks[0])
    blocks: list[_Block] = [_Block(title=_tail_title(text[:marks[0].start()]))]
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        value = text[m.end():end]
        nxt = marks[k + 1] if k + 1 < len(marks) else None
        title = ""
        if nxt is not None and _word(nxt) == opener:
            value, title = _split_title(value)
        elif _KIND[_word(m)] in ("lead", "co", "person", "deadline"):
            value, title = _numbered_line_after(value)  # 责任单位:X / 3.下一项任务（无标签）
        kind = _kind(m)
        if _word(m) == opener and blocks[-1].values:
            blocks.append(_Block())
        blocks[-1].values.setdefault(kind, []).append(value)
        if title:
            blocks.append(_Block(title=title))
    return [b for b in blocks if b.values]


def _numbered_line_after(value: str) -> tuple[str, str]:
    """A short value (units, an official, a date) ends at its line; a numbered line after it
    is the next task's title."""
    lines = value.split("\n")
    for k in range(1, len(lines)):
        if _LEADING_NUMBER.match(lines[k]) and lines[k].strip():
            return "\n".join(lines[:k]), "\n".join(lines[k:]).strip()
    return value, ""


def _tail_title(head: str) -> str:
    """The last line before the first label: the first task's title (``1.某某工程``) when numbered."""
    lines = [x for x in head.split("\n") if x.strip()]
    return lines[-1].strip() if lines and (_LEADING_NUMBER.match(lines[-1]) or _CN_HEADING.match(lines[-1])) else ""


def _split_title(value: str) -> tuple[str, str]:
    """The value before the next task's opening label ends with that task's title: cut at
    the last line start, or the last printed number (``… 2.某某项目``)."""
    stripped = value.rstrip()
    lines = stripped.split("\n")
    if len(lines) > 1 and (_LEADING_NUMBER.match(lines[-1]) or _CN_HEADING.match(lines[-1])):
        return "\n".join(lines[:-1]), lines[-1]
    numbers = list(_NUMBER.finditer(stripped))
    if numbers and numbers[-1].start() > 0:
        cut = numbers[-1].start()
        return stripped[:cut], stripped[cut:]
    if len(lines) > 1 and len(squash(lines[-1])) <= 4:
        return "\n".join(lines[:-1]), lines[-1]  # ``01`` alone on its line
    return stripped, ""


def _task(n: int, block: _Block) -> Task:
    title = block.title.strip()
    v = block.values
    text = clean("".join(x.strip() for x in v.get("content", [])))
    m = _LEADING_NUMBER.match(title)
    seq = int(m.group(1) or m.group(2)) if m else n
    if m:
        title = title[m.end():]
    elif _CN_HEADING.match(title):
        title = title[_CN_HEADING.match(title).end():]
    elif _LEADING_NUMBER.match(text):  # 重点工作: 135.统筹…: the task's number leads its text
        number = _LEADING_NUMBER.match(text)
        seq, text = int(number.group(1) or number.group(2)), text[number.end():]
    name = clean(" ".join(x.strip() for x in v.get("name", []))) or None
    content = text or clean(title) or name or ""
    units = split_units("、".join(x.strip() for x in v.get("lead", []) + v.get("co", [])))
    progress = [item for x in v.get("progress", []) for item in split_items(x.strip())]
    aim = clean(" ".join(x.strip() for x in v.get("aim", [])))
    return Task(seq=seq, content=content, name=name, units=units, progress=progress, deadline=aim or None)
