"""Document-level fields: title, year, reporting period, deadline, and a task's ref.

Periods are read from the words supervision offices print (``前三季度``,
``1-6 月份``, ``上半年``, ``全年``, ``一季度``); the title speaks first, then the
table header (``全年完成情况``), then what the progress texts say most often.
"""
from __future__ import annotations

import calendar
from collections import Counter

from duban.parse.lazyre import LazyPattern, lazy_compile
from duban.parse.model import Period
from duban.parse.text import squash

CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
          "十一": 11, "十二": 12}

# (pattern over squashed text, end month, label builder); cumulative periods start in January.
_PERIODS: list[tuple[LazyPattern, object]] = [
    (lazy_compile(r"前三季度"), lambda m: ("前三季度", 1, 9)),
    (lazy_compile(r"(?:第)?([一二三四1-4])季度"), lambda m: (m.group(0), _quarter_start(m.group(1)), _quarter_end(m.group(1)))),
    (lazy_compile(r"上半年"), lambda m: ("上半年", 1, 6)),
    (lazy_compile(r"下半年"), lambda m: ("下半年", 7, 12)),
    (lazy_compile(r"(?<![0-9])(1|一)[-—~至](1[0-2]|[1-9]|[一二三四五六七八九十]{1,2})月份?"),
     lambda m: (f"1-{_month(m.group(2))}月", 1, _month(m.group(2)))),
    (lazy_compile(r"(?:全年|年度)(?:完成|工作|进展|任务完成)"), lambda m: ("全年", 1, 12)),
    (lazy_compile(r"年度[\u4e00-\u9fff]{0,16}?(?:完成情况|考核结果|自评)"), lambda m: ("全年", 1, 12)),
    (lazy_compile(r"截[至止](?:(?:19|20)\d{2}年)?(1[0-2]|[1-9])月(?:底|末|份|(?:30|31|2[89])日)"),
     lambda m: (f"1-{m.group(1)}月", 1, int(m.group(1)))),
]


# A monthly report names its month (``2024年4月份重点工作推进情况``, header ``5月工作进展``);
# a month followed by 底/末/前/日 is a date, not a period. Only titles and headers are read so.
_ONE_MONTH = lazy_compile(r"(?:(?<=年)|^|(?<=[（(]))(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月份?(?![底末前中初上下\d日])")


def _month(token: str) -> int:
    return int(token) if token.isdigit() else CN_NUM.get(token, 12)


def _quarter_start(q: str) -> int:
    return (_month(q) - 1) * 3 + 1


def _quarter_end(q: str) -> int:
    return _month(q) * 3


def find_period(text: str, year: int | None) -> Period | None:
    """The first period named in ``text`` (a title or a header), with dates when the year is known."""
    flat = squash(text)
    best = None
    for pattern, build in _PERIODS:
        m = pattern.search(flat)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), build(m))
    if best is None:
        m = _ONE_MONTH.search(flat)
        if not m:
            return None
        month = _month(m.group(1))
        return make_period(f"{month}月", month, month, year)
    label, start_month, end_month = best[1]
    return make_period(label, start_month, end_month, year)


def make_period(label: str, start_month: int, end_month: int, year: int | None) -> Period:
    if year is None:
        return Period(label, None, None)
    last = calendar.monthrange(year, end_month)[1]
    return Period(label, f"{year}-{start_month:02d}-01", f"{year}-{end_month:02d}-{last:02d}")


def common_period(texts: list[str], year: int | None) -> Period | None:
    """The period the progress texts mention most often at the start of a sentence or item."""
    votes: Counter = Counter()
    labels: dict[tuple[int, int], Counter] = {}
    for text in texts:
        flat = squash(text)[:40]
        for pattern, build in _PERIODS:
            m = pattern.search(flat)
            if m:
                label, s, e = build(m)
                votes[(s, e)] += 1
                labels.setdefault((s, e), Counter())[label] += 1
    if not votes:
        return None
    (s, e), _ = max(votes.items(), key=lambda kv: (kv[1], kv[0][1]))
    label = labels[(s, e)].most_common(1)[0][0]
    return make_period(label, s, e, year)


_YEAR = lazy_compile(r"((?:19|20)\d{2})\s*年")


def find_year(text: str) -> int | None:
    m = _YEAR.search(squash(text))
    return int(m.group(1)) if m else None


_DEADLINE_LINE = lazy_compile(r"(?:完成时限|完成时间|时限|截止时间|完成期限)[^0-9]{0,6}")
_DATE = lazy_compile(r"((?:19|20)\d{2})年(?:(1[0-2]|[1-9])月)?(?:(\d{1,2})日)?(底|末)?")


_NUMERIC_DATE = lazy_compile(r"((?:19|20)\d{2})[-/.](1[0-2]|0?[1-9])(?:[-/.]([0-3]?\d))?(?!\d)")


def parse_date(text: str) -> str | None:
    """``2021年底前`` → 2021-12-31, ``2023年6月底`` → 2023-06-30, ``2024年3月15日`` → 2024-03-15;
    a spreadsheet's ``2024-06-30`` / ``2024/6/30`` / ``2024.6`` likewise."""
    flat = squash(text)
    m = _DATE.search(flat)
    if not m or not (m.group(2) or m.group(4)):
        numeric = _NUMERIC_DATE.search(flat)
        if numeric:
            year, month = int(numeric.group(1)), int(numeric.group(2))
            day = int(numeric.group(3)) if numeric.group(3) else calendar.monthrange(year, month)[1]
            if 1 <= day <= calendar.monthrange(year, month)[1]:
                return f"{year}-{month:02d}-{day:02d}"
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    if m.group(3) and month:
        return f"{year}-{month:02d}-{int(m.group(3)):02d}"
    if month:
        return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    if m.group(4):
        return f"{year}-12-31"
    return None


_YEAR_END = lazy_compile(r"^(?:全年|年底前?|年内|年末前?|本年度?内?|(?:20\d\d)年(?:底前?|内|全年))(?:完成)?$")


def column_deadline(cells: list[str], year: int | None) -> str | None:
    """The deadline a plan's 完成时限 column gives every row alike (``全年`` in each row:
    the plan is due at the end of its year); None when rows differ or a cell is empty."""
    texts = {squash(c) for c in cells}
    if len(cells) < 2 or len(texts) != 1 or "" in texts:
        return None
    text = texts.pop()
    return parse_date(text) or (f"{year}-12-31" if year and _YEAR_END.match(text) else None)


def find_deadline(line: str) -> str | None:
    """A document-wide deadline line such as ``※ 各项任务完成时限均为 2021年底前``."""
    flat = squash(line)
    if len(flat) > 60 or not _DEADLINE_LINE.search(flat):
        return None
    return parse_date(flat)


# The clause of a higher plan: ``市重点任务第 8 项``; group 1 the ref, group 2 its number.
CN_NUMERALS = "一二三四五六七八九十百零〇两"  # what ``cn_int`` reads
REF_BODY = rf"((?:[\u4e00-\u9fff《》]{{1,16}}?)第\s*([0-9]+|[{CN_NUMERALS}]+)\s*[项条])"
REF = lazy_compile(rf"^\s*[（(【\[]?\s*{REF_BODY}\s*[)）】\]]?\s*[:：]?\s*")


def split_ref(content: str) -> tuple[str | None, int | None, str]:
    """Split ``市重点任务第 8 项 …`` into (``市重点任务第8项``, 8, rest)."""
    m = REF.match(content)
    if not m:
        return None, None, content
    ref = squash(m.group(1))
    number = m.group(2)
    ref_no = int(number) if number.isdigit() else cn_int(number)
    return ref, ref_no, content[m.end():]


def cn_int(token: str) -> int | None:
    """A Chinese numeral as an integer (``十二`` → 12), or None."""
    from duban.parse.numerals import chinese_int

    plain = chinese_int(token)
    if plain is not None:
        return plain
    try:
        import cn2an  # only for the forms ``numerals`` leaves to it (importing it costs about 0.2 s)

        return int(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError):
        return None
