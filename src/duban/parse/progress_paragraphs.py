"""Progress told in paragraphs: each numbered item states a target, then its progress.

Supervision offices (督查室) report on the work report's tasks without a table:

    1.引进…投资项目不少于3个；新开工亿元以上产业项目100个。上半年，引进…项目3个……

The item is the task; the sentence that opens with a period word (``上半年，``,
``截至6月底，``, ``1-9月，``, ``今年以来，``) starts its progress. An item with no
period word is a task whose progress was not reported (``progress: []``).
Prose paragraphs that are not numbered ``N.`` (a section of achieved indicators)
give no task.

A notice printed in traditional characters reads the same: the engine hands every
strategy a simplified copy and maps the result back (``printed.py``).
"""
from __future__ import annotations

import re

from duban.parse.engine import Context, Reading, strategy
from duban.parse.fields import common_period, find_period, find_year
from duban.parse.lazyre import lazy_compile
from duban.parse.model import Document, Task
from duban.parse.quantity import extract_quantities
from duban.parse.text import clean

__all__ = ["read_progress_paragraphs", "progress_paragraphs", "numbered_items"]

SETTINGS = {"min_items": 2}

_ITEM = lazy_compile(r"^\s*(\d{1,3})\s*[.、．](?!\d)\s*")
_HEADING = lazy_compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分)")
# A period word that opens a sentence, followed by a comma: the progress starts there.
_PERIOD_WORD = (r"(?:上半年|下半年|前三季度|[一二三四1-4]季度|第[一二三四]季度|今年以来|年初以来|全年|"
                r"(?:1|一)\s*[-—~至]\s*(?:1[0-2]|[1-9]|[一二三四五六七八九十]{1,2})\s*月份?|"
                r"截[至止][^，,。；]{1,14}?(?:底|末|日|止|前))")
_MARKER = lazy_compile(rf"(?<=[。；;！!])\s*(?:{_PERIOD_WORD})\s*[，,]")
_PROGRESS_DOC = lazy_compile(r"完成情况|进展情况|推进情况|落实情况|督办|督查|通报")


@strategy("progress_paragraphs", "目标与进展同段（上半年，…）", settings=SETTINGS)
def progress_paragraphs(ctx: Context, settings: dict) -> Reading | None:
    doc = read_progress_paragraphs(ctx.lines, ctx.source, settings["min_items"])
    if doc is None:
        return None
    split = sum(bool(t.progress) for t in doc.tasks)
    notes = ["按段首时段词（上半年，/截至…，）把每项的目标与进展分开。"]
    warnings = []
    if split < len(doc.tasks):
        warnings.append(f"{len(doc.tasks) - split}项未找到时段词，进展留空，请核对。")
    # the layout's mark is the period word opening the progress; half the items having it is clear
    return Reading(doc, evidence=min(1.0, 0.5 + split / len(doc.tasks)), notes=notes, warnings=warnings)


def read_progress_paragraphs(lines: list[str], source: str, min_items: int = SETTINGS["min_items"]) -> Document | None:
    """The document as numbered target-and-progress paragraphs, or None where it is not one."""
    texts = [line.strip() for line in lines if line.strip()]
    items = numbered_items(texts)
    if len(items) < min_items:
        return None
    tasks = [_task(seq, text) for seq, text in items]
    split = sum(bool(t.progress) for t in tasks)
    intro = " ".join(texts[:max(1, _first_item_line(texts))][:6])
    if split == 0 or not (_PROGRESS_DOC.search(intro) or split * 2 >= len(tasks)):
        return None
    year = find_year(intro) or _year_in(tasks)
    period = common_period([p for t in tasks for p in t.progress], year) or find_period(intro, year)
    return Document(source=source, kind="progress_report", title=_title(texts), year=year, period=period,
                    tasks=tasks)


def _first_item_line(texts: list[str]) -> int:
    return next((i for i, t in enumerate(texts) if _ITEM.match(t)), len(texts))


def numbered_items(texts: list[str]) -> list[tuple[int, str]]:
    """``N.`` paragraphs numbered 1, 2, 3… in order; a line that is neither an item nor a
    heading continues the item above (a page break inside it)."""
    items: list[tuple[int, list[str]]] = []
    for text in texts:
        m = _ITEM.match(text)
        if m and int(m.group(1)) == (items[-1][0] + 1 if items else 1):
            items.append((int(m.group(1)), [text[m.end():]]))
        elif _HEADING.match(text):
            if items:
                items.append((items[-1][0], []))  # closes the item; numbering may go on
        elif items and items[-1][1]:
            items[-1][1].append(text)
    return [(seq, "".join(parts)) for seq, parts in items if parts]


def _task(seq: int, text: str) -> Task:
    m = _MARKER.search(text, 1)
    if m:
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        content, progress = clean(text[:start]), [clean(text[start:])]
    else:
        content, progress = clean(text), []
    return Task(seq=seq, content=content, progress=progress, targets=extract_quantities(content))


def _year_in(tasks: list[Task]) -> int | None:
    for t in tasks:
        year = find_year(t.content)
        if year:
            return year
    return None


def _title(texts: list[str]) -> str | None:
    """A short heading line before the items that names a progress report; None otherwise."""
    for text in texts[:3]:
        line = clean(text)
        if len(line) <= 60 and not re.search(r"[。，,；;]", line) and _PROGRESS_DOC.search(line) \
                and not _HEADING.match(line) and not _ITEM.match(line):
            return line
    return None
