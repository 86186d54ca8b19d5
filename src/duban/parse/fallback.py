"""The never-refuse reading: Chinese prose that no layout reads well still gives its
kind, its year and the quantified commitments of its sentences.

A user who hands duban a readable document should get something to check, not a
refusal: a notice, a speech, a news item, a plan in an unusual layout. This reading
is registered with a negative prior, so any layout reader that finds its structure
wins; it only decides when nothing else applies or every other reading is poor.
Its confidence is low by construction and it says so in a Chinese warning.

- **kind** from the words the text uses most: a government work report or
  forward-looking plan (``今年``, ``预期目标``, ``将``) → ``work_report``; progress
  words (``完成情况``, ``截至``, ``已完成``) → ``progress_report``; task-division words
  (``分工``, ``责任单位``, ``牵头``) → ``task_plan``.
- **work_report**: every quantified target of the sentences that look forward (a
  sentence about last year's results — ``去年``, ``比上年``, ``过去一年`` — commits to
  nothing).
- **other kinds**: one task per numbered paragraph (``1.`` ``2.``…), or per sentence
  holding a target where nothing is numbered, with its targets.

Traditional characters and pinyin glosses are undone by the engine before any strategy
reads (``printed.py``).
"""
from __future__ import annotations

import re
from collections import Counter

from duban.parse.engine import Context, Reading, strategy
from duban.parse.fields import common_period, find_period
from duban.parse.lazyre import lazy_compile
from duban.parse.model import Document, Task
from duban.parse.progress_paragraphs import numbered_items
from duban.parse.quantity import extract_quantities
from duban.parse.text import clean

__all__ = ["sentences_reading", "read_sentences"]

SETTINGS = {"min_han": 20, "evidence": 0.3}

_HAN = lazy_compile(r"[\u4e00-\u9fff]")
# Words that vote for a kind, with their weight. ``政府工作报告`` is no vote: every task
# division and progress notice derived from a report names it too.
_KIND_WORDS = {
    "work_report": (lazy_compile(r"预期目标|努力目标|工作安排|今年|明年|新的一年|主要任务|将[着继全进加大力持深]|力争|确保"), 1),
    "progress_report": (lazy_compile(r"完成情况|进展情况|推进情况|落实情况|进展|截至|截止|已完成|已完工|累计完成|上半年|"
                                   r"前三季度|[1一]-\d{1,2}月|督查|督办|[欠超达]进度|序时进度"), 1),
    # unit labels count only as labels (责任单位：), not where prose names the units
    "task_plan": (lazy_compile(r"分工|责任分解|(?:责任|牵头|配合|参与|主责)(?:单位|部门)\s*[:：]|任务清单|任务分解|完成时限|"
                             r"责任领导"), 2),
}
_PAST = lazy_compile(r"去年|上年|过去一年|过去五年|过去的一年|回顾|比上年|同比|已经|取得|实现了|完成了|累计")
_SENTENCE = lazy_compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_NUMBERED = lazy_compile(r"^\s*(?:\d{1,3}\s*[.、．](?!\d)|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是])")
_YEAR = lazy_compile(r"((?:19|20)\d{2})\s*年")
_CHROME = lazy_compile(r"来源[:：]|发布时间|浏览|字号|分享|打印|关闭|首页|位置|索引号|\d{4}-\d{2}-\d{2}")
_BULLET = lazy_compile(r"^\s*[●○■□◆◇▲△▶►•·|]")


@strategy("sentences", "逐句提取（兜底：未识别出版式）", settings=SETTINGS, prior=-0.15,
          max_evidence=SETTINGS["evidence"])
def sentences_reading(ctx: Context, settings: dict) -> Reading | None:
    doc = read_sentences(ctx.lines, ctx.source, settings["min_han"])
    if doc is None:
        return None
    found = len(doc.commitments) + sum(len(t.targets) for t in doc.tasks)
    warning = (f"未识别出任务表、任务清单或工作报告的结构，仅按句子提取了{found}个数量目标，"
               "请核对类型和内容。")
    return Reading(doc, evidence=settings["evidence"], notes=["逐句提取数量目标（兜底读法）。"], warnings=[warning])


def read_sentences(lines: list[str], source: str, min_han: int = SETTINGS["min_han"]) -> Document | None:
    texts = [clean(line) for line in lines if line.strip()]
    copy = "\n".join(texts)
    if len(_HAN.findall(copy)) < min_han:
        return None  # not Chinese prose: nothing to read
    kind = _kind(copy)
    title = _title(texts)
    year = _year(title, copy, kind)
    doc = Document(source=source, kind=kind, title=title, year=year)
    if kind == "work_report":
        for sentence in (s for text in texts for s in _SENTENCE.findall(text)):
            if not _PAST.search(sentence):
                doc.commitments.extend(extract_quantities(sentence))
        return doc
    doc.tasks = _tasks(texts[1:] if title else texts)
    if kind == "progress_report":  # the period the title names, else the one the text opens with most
        doc.period = (find_period(title, year) if title else None) or common_period(texts, year)
    return doc


def _kind(copy: str) -> str:
    votes = Counter({kind: weight * len(pattern.findall(copy)) for kind, (pattern, weight) in _KIND_WORDS.items()})
    kind, n = votes.most_common(1)[0]
    return kind if n else "work_report"


_TITLE_WORDS = lazy_compile(r"情况|报告|通报|通知|方案|计划|清单|要点|实事|目标|任务|安排")
_LABEL = lazy_compile(r"^[^，。]{1,6}[:：]")  # 名称: …, 发布机构: … (a page's metadata, not its title)


def _title(texts: list[str]) -> str | None:
    """The first short line near the top that names a document (no sentence punctuation,
    not page chrome, not a numbered heading, not a metadata label)."""
    for text in texts[:15]:
        if _CHROME.search(text) or _LABEL.match(text) or _BULLET.match(text):
            continue
        if 4 <= len(text) <= 60 and not re.search(r"[。；;，,！？]", text) and not _NUMBERED.match(text) \
                and _TITLE_WORDS.search(text):
            return text
    return None


def _year(title: str | None, copy: str, kind: str) -> int | None:
    m = _YEAR.search(title or "")
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in _YEAR.findall(copy))
    if not years:
        return None
    if kind == "work_report":
        m = re.search(r"((?:19|20)\d{2})\s*年是", copy)  # 2025年是…收官之年: the plan's year
        if m:
            return int(m.group(1))
    return years.most_common(1)[0][0]


def _tasks(texts: list[str]) -> list[Task]:
    """Numbered paragraphs (``1.`` ``2.``…) as tasks; where nothing is numbered, each
    sentence holding a target."""
    items = numbered_items(texts)
    if len(items) < 2:
        tasks = []
        for text in (s.strip() for t in texts for s in _SENTENCE.findall(t) if len(_HAN.findall(s)) >= 4):
            targets = extract_quantities(text)
            if targets:
                tasks.append(Task(seq=len(tasks) + 1, content=clean(text), targets=targets))
        return tasks
    return [Task(seq=seq, content=clean(text), targets=extract_quantities(text)) for seq, text in items if text.strip()]
