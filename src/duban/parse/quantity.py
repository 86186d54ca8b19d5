"""Quantified targets in a task or plan text (contract: Quantity).

One compiled pattern finds every number with what follows it (multiplier 万/亿, a
range, a measure word, a qualifier); each hit is then kept or dropped by general
rules about what counts work in Chinese government prose. The rules, and the small
lexicon they lean on, are explained in ``duban.parse.lexicon``.

Numbers are read from a same-length shadow of the text (full-width digits folded),
so every offset and every ``text`` slice points into the caller's string unchanged.
Chinese numerals are converted with cn2an only for the spans that survive the rules
(cn2an's ``transform`` would also rewrite names such as 第十四个五年规划).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from duban.parse import lexicon as lx
from duban.parse.lazyre import lazy_compile
from duban.parse.model import Quantity
from duban.parse.numerals import chinese_int

__all__ = ["extract_quantities", "Quantity"]

_FOLD = dict(zip("０１２３４５６７８９％．，＋／•・", "0123456789%.,+/··"))
_FOLDABLE = lazy_compile(f"[{''.join(_FOLD)}]")

_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_NUM = rf"[{_CN_DIGIT}十][{_CN_DIGIT}十百千万亿]*(?:点[{_CN_DIGIT}]+[万亿]*)?"
_AR_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:{_AR_NUM}|{_CN_NUM})"
_MUL = r"(?:万亿|千万|百万|万|亿|千(?![克米瓦伏])|百(?!分))"
_SP = r"[ \t\xa0\u3000]*"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_UNIT = (rf"(?:{_alternation(lx.UNITS)})"
         rf"(?:/(?:{_alternation(lx.RATE_DENOMINATORS)})(?:·[年月日])?)?")
_POST = _alternation(k for k in lx.QUALIFIERS_AFTER if k != "内")

_QUANTITY = lazy_compile(
    # the lookahead lets the engine skip, in one step, every position where no number can start
    rf"(?=百分之|\d|[{_CN_DIGIT}十])"
    rf"(?P<pct>百分之)?(?P<n1>{_NUM})(?:{_SP}[余多])?(?:{_SP}(?P<m1>{_MUL}))?(?:{_SP}(?P<u1>%|个百分点))?"
    rf"(?:{_SP}(?P<sep>[-–—~～至]){_SP}(?P<n2>{_NUM})(?:{_SP}(?P<m2>{_MUL}))?)?"
    rf"(?:{_SP}[余多])?(?:{_SP}(?P<unit>{_UNIT}))?(?P<bracket>[（(][^（）()]{{1,3}}[）)])?"
    rf"(?:{_SP}(?P<post>{_POST}))?"
)

_CN_UNIT_ALT = _alternation(lx.CN_UNITS)
_HAN_NOT_NUM = rf"(?:(?![{_CN_DIGIT}十百千万亿点至到])[\u4e00-\u9fff])"
_SMALL_CN = "二两三四五六七八九十"
_MASK_FIRST = "《“\"「『‘0-9A-Za-z零〇一二两三四五六七八九十双半百万中"  # every mask starts with one of these
_MASKS = lazy_compile(rf"(?=[{_MASK_FIRST}])(?:" + "|".join([
    r"《[^《》\n]{0,80}》",  # titles
    r"[“\"「『‘][^“”\"「」『』‘’\n]{1,12}[”\"」』’]",  # short quoted names and slogans
    # numerals in parallel: 一核两翼, 五位一体 (but 二期两个项目 counts two projects)
    rf"[{_CN_DIGIT}十双半]{_SP}{_HAN_NOT_NUM}{{1,2}}[{_CN_DIGIT}十双半](?!{_CN_UNIT_ALT}){_HAN_NOT_NUM}",
    r"[\dA-Za-z一二三四五六七八九十]+(?:\s*\+\s*[\dA-Za-z一二三四五六七八九十]+)+",  # 1+4, 3+1产业体系
    # a small Chinese numeral + measure word + a two-character word ending the phrase: 四个意识
    rf"(?<![{_CN_DIGIT}十百千万\d])[{_SMALL_CN}][个条张项种类]{_HAN_NOT_NUM}{{2}}"
    r"(?=[”\"’」』、，。；：,;:\s）)]|$|建设|工作|水平|理念|意识|要求|精神|原则|战略|目标|格局|体系|机制|作用|能力|导向|行动|工程|战役)",
    *lx.FIXED_PHRASES,
]) + ")")

# a qualifier right before the number, or before a short verb (至少建设 1 个)
_PRE_QUALIFIER = lazy_compile(rf"(?P<q>{_alternation(lx.QUALIFIERS_BEFORE)}){_SP}(?:{_HAN_NOT_NUM}{{1,3}}{_SP})?$")
_CLAUSE_END = "，。；！？\n,;!?：:"
# ``、`` between two targets that each name what they measure (城镇新增就业68万人左右、城镇调查失业率5.5%左右);
# not between amounts of one name (分别增长5.5%、6%以上)
NAMED_LIST = lazy_compile(r"(?<=[%％\u4e00-\u9fff])、(?=[\u4e00-\u9fff]{2}[^、，,；;]*?\d)")

_STRIVE = lazy_compile(r"力争")
_MULTIPLIER = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "万": 10**4, "亿": 10**8, "千": 1000, "百": 100}
_CN_DECIMAL = lazy_compile(rf"^(.+点[{_CN_DIGIT}]+)([万亿]*)$")
_CN_POSITIONAL = lazy_compile(r"[十百千万亿点]")
_ASCII_ALNUM = lazy_compile(r"[A-Za-z0-9+]")
_ASCII_ALPHA = lazy_compile(r"[A-Za-z]")
_NON_UNIT_FOLLOWER = lazy_compile(_alternation(lx.NON_UNIT_FOLLOWERS))
_PREFIX = lazy_compile(rf"(?:{_alternation(lx.NON_COUNT_PREFIXES)}){_SP}$")
_NOT_PREFIX_BEFORE_QIAN = "提目之此以当日"
_THRESHOLD = lazy_compile(_alternation(lx.THRESHOLD_NOUNS))
_ADDRESS = lazy_compile(rf"(?:{_alternation(lx.ADDRESS_PREFIXES)}){_SP}$")
_TRIM_METRIC = lazy_compile(r"^[等约共计为是在、]+|[等约共计为是达到在和及与、]+$")
_SPACES = lazy_compile(r"\s+")


def extract_quantities(text: str) -> list[Quantity]:
    """The quantified targets ``text`` commits to, in text order."""
    if not text:
        return []
    shadow = _fold(text)
    masks = _mask_spans(shadow)
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(shadow):
        q = _read(m, text, shadow, masks)
        if q is not None:
            found.append(q)
    return found


def _fold(text: str) -> str:
    """Same-length copy with full-width digits and signs folded. Why not ``str.translate``: it looks
    every character up in the table, and Chinese prose has only a few foldable ones (mostly ，)."""
    for char in set(_FOLDABLE.findall(text)):
        text = text.replace(char, _FOLD[char])
    return text


def _mask_spans(shadow: str) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for m in _MASKS.finditer(shadow):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _masked(pos: int, masks: tuple[list[int], list[int]]) -> bool:
    starts, ends = masks
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


def _read(m: re.Match, text: str, shadow: str, masks) -> Quantity | None:
    n1, unit = m.group("n1"), m.group("unit") or m.group("u1")
    start = m.start("n1")
    chinese = not n1[0].isdigit()
    if _masked(start, masks):
        return None
    before = shadow[max(0, start - 6):start]
    prefix = _PREFIX.search(before)
    if prefix and prefix.group().strip() == "数" and not chinese:
        prefix = None  # 人数110万人 counts; only 数十个, 数百家 are vague
    if prefix and not (before.rstrip().endswith("前") and before.rstrip()[-2:-1] in _NOT_PREFIX_BEFORE_QIAN):
        return None
    prev = shadow[start - 1] if start else ""
    num_end = m.end("m2") if m.group("m2") else m.end("n2") if m.group("n2") else m.end("m1") if m.group("m1") else m.end("n1")
    nxt = shadow[num_end:num_end + 1]
    if prev and _ASCII_ALNUM.match(prev) or nxt in ("+",) or (nxt and _ASCII_ALPHA.match(nxt)):
        return None  # codes and names: K11, C2C4B14, 5G, PM2.5, 1+4
    end = m.end()
    if m.group("pct"):
        unit = "%"
    elif unit:
        follow = shadow[m.end("unit"):m.end("unit") + 1] if m.group("unit") else ""
        if (unit + follow) in lx.FALSE_UNIT_WORDS or (len(unit) == 1 and shadow[m.start("unit"):m.start("unit") + 2] in lx.FALSE_UNIT_WORDS):
            if chinese:
                return None
            unit, end = None, num_end  # the measure word was lost (30项目): never guess
    if chinese and not _chinese_numeral_counts(m.group("n1"), unit, bool(m.group("pct"))):
        return None
    if unit is None:
        if chinese or not _bare_number_counts(m, shadow, num_end):
            return None
    value = _value(m)
    if value is None:
        return None
    unit = _clean_unit(unit)
    post = m.group("post") if end == m.end() else None
    if unit and post in ("以上", "及以上", "以下") and _THRESHOLD.match(shadow, end):
        return None  # a size class: 5000万元以上项目, 规模以上企业
    qualifier = lx.QUALIFIERS_AFTER.get(post) if post else None
    pre = _PRE_QUALIFIER.search(shadow, max(0, start - 10), start)
    if pre:
        qualifier = lx.QUALIFIERS_BEFORE[pre.group("q")]
    clause_start, clause_end = _clause(shadow, start, end)
    if qualifier is None and _STRIVE.search(shadow, clause_start, start):
        qualifier = "力争"
    q_start = pre.start() if pre and pre.start() >= clause_start else start
    return Quantity(
        text=text[clause_start:clause_end].strip(),
        metric=_metric(text, clause_start, q_start, end, clause_end),
        value=value, unit=unit, qualifier=qualifier, start=start,
    )


def _chinese_numeral_counts(numeral: str, unit: str | None, percent: bool) -> bool:
    if percent:
        return True  # 百分之九十
    if numeral == "一":
        return False  # an article: 一批, 一支队伍, 一刻钟
    if len(numeral) > 1 and not _CN_POSITIONAL.search(numeral):
        return False  # digit by digit: 二〇三五, 东四三条
    return unit is not None and unit.split("/")[0] in lx.CN_UNITS


def _bare_number_counts(m: re.Match, shadow: str, num_end: int) -> bool:
    """An Arabic number whose measure word the source lost (腾退居民1200) still counts,
    unless what surrounds it shows a year, an ordinal, an enumerator or a code."""
    n1 = m.group("n1")
    start = m.start("n1")
    digits = n1.replace(",", "")
    integer = digits.split(".")[0]
    if len(integer) == 4 and 1900 <= int(integer) <= 2099:
        return False  # a year: 2023 中国文化金融峰会, 2021-2025
    if "." not in digits and len(integer) >= 5 and not m.group("m1"):
        return False  # a code or telephone number
    rest = shadow[num_end:num_end + 4].lstrip(" \t\xa0\u3000")
    if rest[:1] in ("、", ".", ")", "）", "]", "】", "·", ":", "：", "/", "-", "×", "*"):
        return False  # enumerators 1、 1. (1), dates and codes 3·15, 10:30, 7×24
    if shadow[start - 1:start] in ("·", ":", "：", "/", "-", "—", "~", "×", "*"):
        return False
    if _NON_UNIT_FOLLOWER.match(rest) or (rest and _ASCII_ALPHA.match(rest)):
        return False
    if _ADDRESS.search(shadow, max(0, start - 3), start):
        return False  # 胡同46, 3号楼
    return True


@lru_cache(maxsize=4096)
def _number(numeral: str) -> Decimal | None:
    """Cached: cn2an takes ~15 µs for one Chinese numeral, and the same few (三, 两, 十) recur."""
    if numeral[0].isdigit():
        try:
            return Decimal(numeral.replace(",", ""))
        except InvalidOperation:
            return None
    mult = 1
    dec = _CN_DECIMAL.match(numeral)
    if dec:  # cn2an cannot read 一点二亿: convert 一点二, then apply 亿
        numeral = dec.group(1)
        for ch in dec.group(2):
            mult *= _MULTIPLIER[ch]
    plain = chinese_int(numeral)
    if plain is not None:
        return Decimal(plain) * mult
    import cn2an  # only for the forms ``numerals`` leaves to it: importing it costs about 0.2 s

    try:
        return Decimal(str(cn2an.cn2an(numeral, "smart"))) * mult
    except (ValueError, KeyError, IndexError, TypeError, InvalidOperation):
        return None


def _value(m: re.Match) -> int | float | None:
    number = _number(m.group("n1"))
    if number is None:
        return None
    mul = m.group("m1") or (m.group("m2") if m.group("n2") and not m.group("u1") else None)
    if mul:
        number *= _MULTIPLIER[mul]
    if number == number.to_integral_value() and (mul or "." not in m.group("n1")):
        return int(number)
    return float(number)


def _clean_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    return unit.replace("％", "%")


def _clause(shadow: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and shadow[left - 1] not in _CLAUSE_END:
        left -= 1
    right = end
    n = len(shadow)
    while right < n and shadow[right] not in _CLAUSE_END:
        right += 1
    left, right = _own_listed_part(shadow, left, start, end, right)
    if right - left > 30:  # a long clause (text that lost its punctuation): narrow it
        cut = shadow.rfind("、", left, start)
        left = cut + 1 if cut >= 0 else max(left, start - 12)
        cut = shadow.find("、", end, right)
        right = cut if cut >= 0 else min(right, end + 12)
    while left < start and shadow[left] in " \t\xa0\u3000":
        left += 1
    return left, right


_DIGIT = lazy_compile(r"[0-9０-９]")


def _own_listed_part(shadow: str, left: int, start: int, end: int, right: int) -> tuple[int, int]:
    """Targets listed with 、 in one clause, each naming what it measures (``赤字规模5.89万亿元、
    比上年增加2300亿元``): each amount's text is its own part of the list. Amounts of one name
    (``分别增长5.5%、6%以上``) and words without a figure (``新建、改扩建学校12所``) stay together."""
    cut = shadow.rfind("、", left, start)
    if cut >= 0 and NAMED_LIST.match(shadow, cut) and _DIGIT.search(shadow, left, cut):
        left = cut + 1
    cut = shadow.find("、", end, right)
    if cut >= 0 and NAMED_LIST.match(shadow, cut) and _DIGIT.search(shadow, cut, right):
        right = cut
    return left, right
_JOINER = lazy_compile(r"[和及与、]")


def _own_words(prefix: str, suffix: str) -> tuple[str, str]:
    """The words around one quantity, not those of its neighbour in the same clause.

    ``开展2000户平房院落申请式退租和1200户修缮``: the words after 2000户 end at the joiner
    before 1200 (``平房院落申请式退租``), and 1200户's own words start after it; cutting at
    a fixed width instead gave ``…退租和12`` and ``0户平房院落…``.
    """
    digit = _DIGIT.search(suffix)
    if digit:
        joiners = list(_JOINER.finditer(suffix, 0, digit.start()))
        suffix = suffix[:joiners[-1].start() if joiners else digit.start()]
    digits = list(_DIGIT.finditer(prefix))
    if digits:
        rest = prefix[digits[-1].end():]
        joiner = _JOINER.search(rest)
        prefix = rest[joiner.end():] if joiner else ""
    return prefix, suffix


def _metric(text: str, left: int, q_start: int, q_end: int, right: int) -> str | None:
    prefix, suffix = _own_words(_SPACES.sub("", text[left:q_start]), _SPACES.sub("", text[q_end:right]))
    prefix, suffix = prefix[-12:], suffix[:12]
    metric = _TRIM_METRIC.sub("", prefix + suffix)
    return metric or None
