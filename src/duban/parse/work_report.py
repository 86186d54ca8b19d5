"""Government work reports (政府工作报告): the plan for the coming year.

A work report reviews last year, then plans this one, and sometimes explains a
five-year outline or reviews a whole term. Only the plan part commits the
government for the year, so only it yields commitments. Its headings vary from
place to place (``二、2023 年主要任务``, ``第二部分 2021年主要任务``, ``2024年工作安排``,
``…总体要求和主要任务``), so parts are recognised by what their headings say,
not by their numbers:

- a *review* heading says 回顾 / 过去;
- a *long-term* heading says 五年 / 今后 / 未来 / 远景 / 纲要 / 说明 / 十四五;
- a *plan* heading names tasks, arrangements or requirements (主要任务, 工作安排,
  总体要求, 重点工作…).

The plan part runs from the first plan heading after the review to the next
heading of the same or higher level that is a review or long-term part. A heading
such as ``三、加强政府自身建设`` is still the plan: it lists this year's work.

The main expected targets (主要预期目标) sentence gives the indicators. Where a
shared predicate covers several indicators (``…降幅和细颗粒物年均浓度达到市级要求``)
or PDF extraction lost the ``、`` between them (``固定资产投资建安投资…``), the names
are split on separators and on the words that end an indicator's name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.parse.lazyre import lazy_compile
from duban.parse.lexicon import QUALIFIERS_BEFORE
from duban.parse.model import Indicator, Quantity
from duban.parse.quantity import NAMED_LIST, extract_quantities
from duban.parse.text import clean, strip_tags

__all__ = ["WorkReportResult", "parse_work_report", "looks_like_work_report"]


@dataclass
class WorkReportResult:
    indicators: list[Indicator] = field(default_factory=list)
    commitments: list[Quantity] = field(default_factory=list)
    title: str | None = None
    year: int | None = None


_CN = "一二三四五六七八九十"
_MARKERS = (
    (0, lazy_compile(rf"^第[{_CN}\d]+部分")),
    (1, lazy_compile(rf"^[{_CN}]+[、.．]")),
    (2, lazy_compile(rf"^[（(][{_CN}]+[）)]")),
    (3, lazy_compile(r"^\d+[.、．](?!\d)")),
)
_TERMINAL = tuple("。！？；：:;!?…”\"")
_REVIEW = lazy_compile(r"回顾|过去[一五]年|工作总结")
_LONG_TERM = lazy_compile(r"(?:今后|未来|过去)[五几]年|五年规划|远景目标|纲要|的说明|关于《|十[四五六]五[”\"]?时期")
_PLAN = lazy_compile(r"主要任务|工作安排|总体要求|目标任务|重点工作|工作任务|主要工作|工作部署|政策取向|"
                   r"主要目标|预期目标|做好以下|以下[几\d一二三四五六七八九十]*方面|工作建议|重点任务|"
                   r"(?:今年|明年|20\d\d\s*年)(?:的|政府)?(?:工作|任务)")
_PLAN_SENTENCE = lazy_compile(r"(?:重点|着重|着力|主要|全力)?(?:抓好|做好|推进)以下(?:[几\d一二三四五六七八九十]+个?方面)?(?:工作|任务)[。：:]?$")
_RUN_IN = 30  # how much of a run-in heading line is its heading
_PART_BREAK = lazy_compile(rf"(?:(?<=[。！？!?])\s*|\s+)(?=第[{_CN}]+部分|[{_CN}]{{1,2}}、\S)")
_YEAR = lazy_compile(r"(20\d\d)\s*年")
_PLAN_YEAR = lazy_compile(r"(20\d\d)\s*年[^。；;，,、]{0,10}?(?:工作任务|工作安排|主要任务|总体要求|预期目标|重点工作)")
_REVIEW_YEAR = lazy_compile(r"(20\d\d)\s*年[^。；;，,、]{0,4}?(?:工作)?回顾")
_TITLE = lazy_compile(r"政府工作报告")
_SENTENCE_PUNCT = lazy_compile(r"[。，,；;！？!?]")
_NOT_REPORT_TITLE = lazy_compile(r"重点任务|清单|分工|进展|任务分解|落实|情况|台账|督办|责任|绩效|解读|图解|读懂|问答|记者")
_TARGETS_SENTENCE = lazy_compile(r"(?:主要预期|预期|主要|努力|奋斗)(?:目标|指标)(?:任务)?(?:[^。，；：:]{0,4}?[:：]|是|为|中[，,])")
_TARGETS = lazy_compile(rf"{_TARGETS_SENTENCE.pattern}|预期(?:目标|指标)\s*$")  # or a heading over targets one per line
_SENTENCE = lazy_compile(r"[^。！？!?]+[。！？!?]?")
_ENUMERATED = lazy_compile(r"^\s*[（(]?[\d一二三四五六七八九十]{1,2}[)）、.．]")
_ITEM_SPLIT = lazy_compile(r"[；;，,]")
# A short line with no punctuation that does not end in a bare number is an item of its own
# (a summary printed one target per line: 地区生产总值增长8%), not a sentence broken by layout.
_STANDALONE = lazy_compile(r"^[^，。、；：,;:！？!?]{1,30}(?<![\d\s])$")
_ABBREVIATION = lazy_compile(r"\s*[（(]\s*[A-Za-z]{2,6}\s*[)）]")  # 地区生产总值（GDP）: the name without it
_LAST_YEAR = lazy_compile(r"(?<![比较])(?:去年|上年)|过去一年|过去五年|一年来|五年来|累计完成|已完成")
_EXPLAINS = lazy_compile(r"既是|体现了|目的在于|之所以|考虑了|兼顾了|预期目标(?:定|设定|确定)?为")
_TOPIC = lazy_compile(r"^[\u4e00-\u9fff]{2,6}[:：]")  # 消费：… 投资：… a digest's topic lines, one each
_BULLET = lazy_compile(r"^\s*[●○■□◆◇▲△▶►•·\-—]")  # a bulleted line is an item of its own
_LEAD_WORDS = lazy_compile(r"^(?:[●○■□◆◇▲△▶►•·]|[（(]?[\d一二三四五六七八九十]{1,2}[)）、.．]|其中|全年|全区|全市|全县|全省|全州|全旗|实现|力争|确保|努力|争取|"
                         r"主要是|即|预计|预期|全面)+")
_VERBS = ("控制在", "稳定在", "保持在", "增长", "下降", "降低", "减少", "提高", "提升", "达到", "完成", "实现", "保持",
          "改善", "同比增长", "同比下降", "保持正增长", "保持稳定", "保持平稳", "压减", "上涨", "合理增长", "基本平衡")
_VERB = lazy_compile("|".join(sorted(_VERBS, key=len, reverse=True)))
_NAME_TAIL = lazy_compile(r"(?:稳步|基本|持续|同比|同口径|可比口径|分别|力争|继续|要|将|均)+$|(?:与|和|同)经济(?:发展)?$")
_QUALIFIER_TAIL = lazy_compile("(?:" + "|".join(sorted(map(re.escape, QUALIFIERS_BEFORE), key=len, reverse=True)) + r")\s*$")
_NAME_SEPARATORS = lazy_compile(r"[、和及与]")
_NAME_ENDINGS = lazy_compile(r"投资|浓度|总值|总额|收入|降幅|增加值|失业率|增速|产量|强度")
_MODIFIERS = lazy_compile(r"^(?:占|能耗|水耗|二氧化碳|碳排放|用水|增速|增长|降幅|下降|强度|比重|占比|年均|同比|涨幅|能源|总量)")


def looks_like_work_report(lines: list[str]) -> bool:
    """True when the text has the shape of a 政府工作报告: its title says so, or a review
    part is followed by a plan part, or it holds the 主要预期目标 or a list of commitments."""
    texts = [t for t in (strip_tags(x).strip() for x in lines) if t]
    if not texts:
        return False
    if sum("\t" in t for t in texts) > len(texts) * 0.3:
        return False  # a table, not prose
    if any(_report_title(t) for t in texts[:10]):
        return True
    paragraphs = _paragraphs(texts)
    targets = _targets_of(paragraphs, 0, len(paragraphs))
    if len(targets) >= 2 or targets and _MENTIONS_REPORT.search("".join(texts[:30])):
        return True  # a news summary or one page of a report: its 主要预期目标 sentence
    if _commitment_lines(texts) and _MENTIONS_REPORT.search("".join(texts[:30])) \
            and not any(_UNIT_LABEL.search(t) for t in texts):
        return True  # the report's list of 民生实事, one commitment per line
    review = next((i for i, p in enumerate(paragraphs) if p.level is not None and p.kind == "review"), None)
    if review is None:
        return False
    return any(p.kind == "plan" for p in paragraphs[review + 1:] if p.level is not None)


def parse_work_report(lines: list[str]) -> WorkReportResult:
    """Lines in simplified characters (the engine reads a traditional page through its
    simplified copy, ``printed.py``, and maps the result back)."""
    return _read([t for t in (strip_tags(x).strip() for x in lines) if t])


def _read(texts: list[str]) -> WorkReportResult:
    title = next((clean(t) for t in texts[:10] if _report_title(t)), None) or _headline(texts)
    result = WorkReportResult(title=title)
    paragraphs = _paragraphs(texts)
    plan = _plan_part(paragraphs)
    result.year = _plan_year(paragraphs, plan, result.title)
    if plan is None:
        # no plan heading and no targets: a list of commitments, one per line, is the plan
        for i in _commitment_lines(texts):
            result.commitments.extend(extract_quantities(texts[i]))
        return result
    first, last = plan
    result.indicators = _targets_of(paragraphs, first, last)
    stated = {(i.value, i.unit) for i in result.indicators if i.value is not None}
    targets_seen = False
    news = paragraphs[first].level is None  # no plan heading: the plan runs from the targets sentence
    for n, p in enumerate(paragraphs[first:last]):
        text = p.text
        m = _TARGETS.search(text) if n == 0 and p.level is None else None
        if m:  # a plan that begins at its targets sentence: what precedes it (去年增长5.7%) is review
            text = text[max(text.rfind(c, 0, m.start()) for c in "。；;！？!?") + 1:]
        for sentence in _SENTENCE.findall(text) if news or stated and _EXPLAINS.search(text) else [text]:
            if news and _LAST_YEAR.search(sentence):
                continue  # a news item goes back to last year's results after the targets
            found = extract_quantities(sentence)
            if targets_seen and _EXPLAINS.search(sentence) and found and all((q.value, q.unit) in stated for q in found):
                continue  # 经济增长预期目标为5%左右，既是…: the targets explained after them, not committed again
            targets_seen = targets_seen or bool(_TARGETS_SENTENCE.search(sentence))
            result.commitments.extend(found)
    return result


def _targets_of(paragraphs: list[_Paragraph], first: int, last: int) -> list[Indicator]:
    """The indicators of the first targets sentence (``主要预期目标是：…``); a line that only
    names them (a headline or heading ending in ``主要预期目标``) where no sentence does."""
    for pattern in (_TARGETS_SENTENCE, _TARGETS):
        for i in range(first, last):
            if pattern.search(paragraphs[i].text):
                return _indicators([p.text for p in paragraphs[i:min(last, i + 16)]])
    return []


_MENTIONS_REPORT = lazy_compile(r"工作报告|民生实事|为民办实事|惠民实事|民生项目")
_UNIT_LABEL = lazy_compile(r"(?:责任|牵头|主责|配合|参与|协办)(?:单位|部门)")  # a task list, not commitments
_LIST_LINE_MAX = 80
_LIST_NUMBER = lazy_compile(r"^\s*(?:[一二三四五六七八九十]{1,3}是|\d{1,2}\s*[.、．](?!\d)|[（(]\d{1,2}[)）])")  # one commitment per line is a short line
_LIST_MIN = 3


def _commitment_lines(texts: list[str]) -> list[int]:
    """Indices of the lines of a bare list of commitments: a run of short lines, one
    commitment each (``建设100个口袋公园、10座体育公园。``), at least three of them
    with an amount. Where the run is numbered (``一是`` ``1.``), only its numbered lines
    are items: the sentence that introduces the list counts the items, it commits to nothing."""
    found: list[int] = []
    run: list[int] = []
    for i, text in enumerate([*texts, ""]):
        short = 0 < len(text) <= _LIST_LINE_MAX and "\t" not in text and "|" not in text \
            and not text.endswith(("：", ":"))  # the lead-in (具体包括：) is not an item
        if short:
            run.append(i)
            continue
        numbered = [j for j in run if _LIST_NUMBER.match(texts[j])]
        items = numbered if len(numbered) >= _LIST_MIN else run
        quantified = [j for j in items if extract_quantities(texts[j])]
        if len(quantified) >= _LIST_MIN:
            found.extend(quantified)
        run = []
    return found


_CHROME = lazy_compile(r"来源[:：]|发布时间|浏览|字号|分享|\d{4}-\d{2}-\d{2}")


def _headline(texts: list[str]) -> str | None:
    """A news item's headline: its first line, short, not a sentence, not a numbered heading."""
    for text in texts[:3]:
        line = clean(text)
        if _CHROME.search(line):
            continue
        if 6 <= len(line) <= 50 and not line.endswith(_TERMINAL) and _heading_level(line) is None:
            return line
        return None
    return None


@dataclass
class _Paragraph:
    text: str
    level: int | None  # heading level (0 part, 1 一、, 2 （一）, 3 1.); None for running text
    kind: str | None = None  # review / long_term / plan / other, for headings


def _report_title(line: str) -> bool:
    line = clean(line)
    return (len(line) <= 60 and bool(_TITLE.search(line)) and not _NOT_REPORT_TITLE.search(line)
            and not _SENTENCE_PUNCT.search(line))  # 市长…作政府工作报告。 is news, not a title


def _heading_level(line: str) -> int | None:
    for level, pattern in _MARKERS:
        if pattern.match(line):
            if len(line) <= 60 and "。" not in line[:-1]:
                return level
            # a part heading run into its text (web dumps): 二、2023年主要任务今年是…
            head = line[:_RUN_IN]
            return level if level <= 1 and (_PLAN.search(head) or _REVIEW.search(head)
                                            or _LONG_TERM.search(head)) else None
    if len(line) <= 30 and not line.endswith(_TERMINAL[:-2]) and (_PLAN.search(line) or _REVIEW.search(line)):
        return 1  # an unnumbered part heading: 2024年工作安排
    if _PLAN_SENTENCE.search(line) and len(line) <= 40:
        return 1
    return None


def _kind(text: str) -> str:
    if _REVIEW.search(text):
        return "review"
    if _LONG_TERM.search(text) and not _YEAR.search(text):
        return "long_term"
    if _PLAN.search(text):
        return "plan"
    return "other"


def _paragraphs(texts: list[str]) -> list[_Paragraph]:
    """Rejoin lines that page layout broke: a line that does not end a sentence runs on
    into the next one, unless either is a heading. A long line holding several parts
    (a whole page dumped as one line) is first cut before each part heading."""
    out: list[_Paragraph] = []
    pieces: list[list[str]] = []  # raw lines of each paragraph, cleaned once at the end
    open_text = False
    for line in (piece for text in texts for piece in _cut_parts(text)):
        level = _heading_level(line)
        if level is None and open_text and out and out[-1].level is None and not _BULLET.match(line) \
                and not _TOPIC.match(line):
            pieces[-1].append(line)
        else:
            out.append(_Paragraph("", level, _kind(line[:_RUN_IN]) if level is not None else None))
            pieces.append([line])
        open_text = level is None and not line.endswith(_TERMINAL) and not _STANDALONE.match(line)
    for paragraph, lines in zip(out, pieces):
        paragraph.text = clean("".join(lines))
    return out


def _cut_parts(text: str) -> list[str]:
    if len(text) < 120:
        return [text]
    return [piece for piece in _PART_BREAK.split(text) if piece.strip()]


def _plan_part(paragraphs: list[_Paragraph]) -> tuple[int, int] | None:
    review = next((i for i, p in enumerate(paragraphs) if p.level is not None and p.kind == "review"), -1)
    tops = [i for i, p in enumerate(paragraphs) if i > review and p.level is not None and p.level <= 1]
    # The plan heading names tasks or arrangements; where several do, the coming
    # year's wins (a review titled 2024年主要工作 before 2025年的工作), compared
    # among headings of the same level only.
    latest: dict[int, int] = {}
    for i in tops:
        year = _heading_year(paragraphs[i])
        if paragraphs[i].kind == "plan" and year:
            latest[paragraphs[i].level] = max(year, latest.get(paragraphs[i].level, 0))
    start = next((i for i in tops if paragraphs[i].kind == "plan"
                  and (_heading_year(paragraphs[i]) or 9999) >= latest.get(paragraphs[i].level, 0)), None)
    if start is None:  # no plan heading: begin at the targets sentence, if any
        start = next((i for i, p in enumerate(paragraphs) if i > review and _TARGETS.search(p.text)), None)
        if start is None:
            return None
        level = 1
    else:
        level = paragraphs[start].level
    end = len(paragraphs)
    for i in range(start + 1, len(paragraphs)):
        p = paragraphs[i]
        if p.level is not None and (p.level < level or p.level == level and p.kind in ("review", "long_term")):
            end = i
            break
    return start, end


def _heading_year(p: _Paragraph) -> int | None:
    m = _YEAR.search(p.text)
    return int(m.group(1)) if m else None


def _plan_year(paragraphs: list[_Paragraph], plan: tuple[int, int] | None, title: str | None) -> int | None:
    if plan is not None:
        text = paragraphs[plan[0]].text
        targets = _TARGETS.search(text)
        years = _YEAR.findall(text[:targets.end()] if targets else text)
        if years:  # the year nearest the targets phrase (2024年增长5.7%；2025年发展主要预期目标中)
            return int(years[-1] if targets else years[0])
        if paragraphs[plan[0]].level is None:  # the targets sentence: the line announcing it (2021年长沙 下战书!)
            for p in reversed(paragraphs[max(0, plan[0] - 3):plan[0]]):
                m = _YEAR.match(p.text)
                if m:
                    return int(m.group(1))
    for p in paragraphs:
        if p.level is not None and p.kind == "review":
            years = [int(y) for y in _YEAR.findall(p.text)]
            if years:
                return max(years) + 1
    # a report's outline written out in a sentence (一、2025年工作回顾；…四、2026年政府工作任务)
    text = "".join(p.text for p in paragraphs)
    named = [int(y) for y in _PLAN_YEAR.findall(text)] or [int(y) + 1 for y in _REVIEW_YEAR.findall(text)]
    if named:
        return max(named)
    for p in ([_Paragraph(title, None)] if title else []) + paragraphs[:5]:
        m = _YEAR.search(p.text)  # the title, or the delivery date under it
        if m:
            return int(m.group(1))
    if plan is not None:
        for p in paragraphs[plan[0]:plan[1]]:
            m = re.search(r"(20\d\d)\s*年是", p.text)
            if m:
                return int(m.group(1))
    return None


def _indicators(paragraphs: list[str]) -> list[Indicator]:
    """The targets sentence (``主要预期目标是：A，B；C。``), or its items printed one per
    line (``（1）…；``) or one per sentence: read on while what follows still looks like
    targets — an item of a list, or a sentence whose every item has a verb or a rate."""
    m = _TARGETS.search(paragraphs[0])
    head = [s for s in _SENTENCE.findall(paragraphs[0][m.end():]) if s.strip()]
    listed = not head  # nothing after the colon: the items follow on their own lines
    sentences = head + [s for text in paragraphs[1:] for s in _SENTENCE.findall(text) if s.strip()]
    found: list[Indicator] = []
    for n, sentence in enumerate(sentences):
        items = [i for item in _ITEM_SPLIT.split(sentence) for part in _named_parts(item) for i in _read_item(part)]
        if n:
            if not items or len(sentence) > 60 or _heading_level(sentence) not in (None, 3) \
                    or sentence.rstrip().endswith(("：", ":")):  # 重点抓好十一个方面工作： the plan goes on
                break
            if not (listed or _ENUMERATED.match(sentence)) and not all(
                    i.change or i.unit in ("%", "个百分点") for i in items):
                break
        found.extend(items)
    return found


def _named_parts(item: str) -> list[str]:
    parts = NAMED_LIST.split(item)
    if len(parts) > 1 and all(extract_quantities(p) for p in parts):
        return parts
    return [item]


def _read_item(item: str) -> list[Indicator]:
    item = _LEAD_WORDS.sub("", item.strip(" 。！？!?\t"))
    if not item:
        return []
    duty = _DUTY.match(item)
    if duty:
        return _duties(duty.group(1))
    quantities = extract_quantities(item)
    q = quantities[0] if quantities else None
    if len(quantities) > 1 and _RESPECTIVELY.search(item[:q.start]):
        return _respective(item, quantities)
    verb = _VERB.search(item)
    if verb is not None and (q is None or verb.start() < q.start):
        name, change = item[:verb.start()], verb.group()
    elif q is not None:
        name, change = _QUALIFIER_TAIL.sub("", item[:q.start]), None
    else:
        return []
    name = _NAME_TAIL.sub("", _ABBREVIATION.sub("", clean(name)).strip())
    if len(name) < 2 or _ACTION.match(name):  # 围绕实现年度目标, 聚力推进…: a task, not a measured quantity
        return []
    value, unit, qualifier = (q.value, q.unit, q.qualifier) if q is not None else (None, None, None)
    return [Indicator(n, change, value, unit, qualifier) for n in _split_names(name)]


# 完成能耗强度降低和煤炭消费压减任务, 完成国家下达的单位地区生产总值二氧化碳排放降低目标
_DUTY = lazy_compile(r"^完成(?:[^的，,]{0,6}下达的?)?(.{2,40}?)(?:的)?(?:约束性)?(?:目标任务|任务|目标|指标)$")
_ACTION = lazy_compile(r"^(?:围绕|聚力|聚焦|推进|推动|打造|加快|坚持|实施|深入|着力|大力|持续|加强|建设|构建)")
_DUTY_VERB = lazy_compile(r"(降低|下降|压减|减少|削减|控制|提升|提高)$")
_RESPECTIVELY = lazy_compile(r"分别")
_URBAN_RURAL = lazy_compile(r"^城乡")


def _duties(inner: str) -> list[Indicator]:
    """``完成A降低和B压减任务``: one qualitative target per duty, its verb at the end."""
    out = []
    for part in _NAME_SEPARATORS.split(inner):
        verb = _DUTY_VERB.search(part)
        name = part[:verb.start()] if verb else part
        if len(name) >= 2:
            out.append(Indicator(name, verb.group() if verb else "完成", None, None, None))
    return out


def _respective(item: str, quantities: list[Quantity]) -> list[Indicator]:
    """``城乡居民人均可支配收入分别增长5.5%、6%以上``: one target per amount; the name is
    split the same way (城乡 → 城镇, 农村; ``A、B分别…`` → A, B) or repeated."""
    head = item[:quantities[0].start]
    verb = _VERB.search(head)
    change = verb.group() if verb else None
    name = _NAME_TAIL.sub("", clean(head[:verb.start()] if verb else head).replace("分别", "").strip())
    names = [p.strip() for p in _NAME_SEPARATORS.split(name)]
    if len(names) != len(quantities):
        rest = _URBAN_RURAL.sub("", name)
        names = ["城镇" + rest, "农村" + rest] if rest != name and len(quantities) == 2 else [name] * len(quantities)
    return [Indicator(n, change, q.value, q.unit, q.qualifier) for n, q in zip(names, quantities)]


def _split_names(name: str) -> list[str]:
    parts = [p.strip() for p in _NAME_SEPARATORS.split(name)]
    if len(parts) > 1 and all(len(p) >= 4 for p in parts):
        names = parts
    else:
        names = [name]
    out: list[str] = []
    for n in names:
        out.extend(_split_lost_separators(n))
    return out


def _split_lost_separators(name: str) -> list[str]:
    """``固定资产投资建安投资细颗粒物年均浓度`` → three names (the ``、`` were lost)."""
    out: list[str] = []
    pos = 0
    for m in _NAME_ENDINGS.finditer(name):
        rest = name[m.end():]
        if len(rest) >= 4 and not _MODIFIERS.match(rest) and m.end() - pos >= 4:
            out.append(name[pos:m.end()])
            pos = m.end()
    out.append(name[pos:])
    return out
