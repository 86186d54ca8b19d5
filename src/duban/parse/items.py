"""Numbered items of a progress text (``1.`` ``2.`` / ``一是`` ``二是`` / ``（一）``).

A text is split only where the *expected next* number starts an item: at the start
of a paragraph, or inline after a sentence end or white space. So ``4.1-6 月份``
(item 4 begins ``1-6 月份``), a wrapped line starting ``4.9%`` and ``综合窗口 2.0``
are not split points. Unnumbered text is one item.
"""
from __future__ import annotations

import re

from duban.parse.lazyre import lazy_compile
from duban.parse.text import clean

CN_DIGITS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n - 1]
    if n < 20:
        return "十" + CN_DIGITS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_DIGITS[tens - 1] + "十" + (CN_DIGITS[ones - 1] if ones else "")


def _marker(style: str, n: int | None = None) -> str:
    """The item marker of ``style``; with ``n=None`` any number, captured as group ``num``."""
    arabic = r"(?P<num>\d+)" if n is None else str(n)
    chinese = rf"(?P<num>[{CN_DIGITS}]+)" if n is None else cn_number(n)
    if style == "arabic":
        # ``2.1-6月份`` and ``2.2021年…`` are item 2; ``4.9%`` and ``2.0`` are decimals.
        return rf"{arabic}\s*[.．、](?:(?![0-9])|(?={_DATE_AFTER_MARKER}))"
    if style == "paren":
        return rf"[（(]\s*{arabic}\s*[)）]"
    if style == "cn_is":
        return rf"{chinese}是(?=[，,：:\s\u4e00-\u9fff“\d])"
    if style == "cn_paren":
        return rf"[（(]{chinese}[)）]"
    return rf"{chinese}、"


def _number_text(style: str, n: int) -> str:
    return str(n) if style in ("arabic", "paren") else cn_number(n)


_DATE_AFTER_MARKER = r"\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月|\d{4}\s*年|\d{1,2}\s*月"
STYLES = ("arabic", "paren", "cn_is", "cn_paren", "cn_comma")
# Where an item may begin: text start, a paragraph break, or after a sentence end / white space.
_BOUNDARY = r"(?:(?<=^)|(?<=\n)|(?<=[。；;！？!?])\s*|(?<=\s))"
# One pattern per style, compiled once: a pattern per expected number cost a compile per item
# (about 1 ms), which made a long progress text parse at 0.1 MB/s.
_NEXT = {style: lazy_compile(_BOUNDARY + _marker(style), re.M) for style in STYLES}


def split_items(text: str | None) -> list[str]:
    """The items of a progress cell, numbering removed, each cleaned."""
    if not text or not text.strip():
        return []
    text = text.strip()
    for style in STYLES:
        first = re.match(r"\s*" + _marker(style, 1), text)
        if not first:
            continue
        items = []
        pos = first.end()
        n = 2
        while True:
            m = _next_marker(text, pos, style, n)
            if not m:
                break
            items.append(text[pos:m.start()])
            pos = m.end()
            n += 1
        items.append(text[pos:])
        if len(items) >= 1:
            return [c for c in (_join(i) for i in items) if c]
    return [_join(text)]


def _next_marker(text: str, pos: int, style: str, n: int) -> re.Match | None:
    """The first place from ``pos`` where item ``n`` of ``style`` starts; other numbers are skipped."""
    pattern, wanted = _NEXT[style], _number_text(style, n)
    m = pattern.search(text, pos)
    while m and m.group("num") != wanted:
        m = pattern.search(text, m.start() + 1)
    return m


def _join(item: str) -> str:
    """Lines inside one item were broken by layout: join them with nothing."""
    return clean("".join(part.strip() for part in item.split("\n")))
