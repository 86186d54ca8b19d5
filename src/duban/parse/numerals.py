"""Chinese numerals as numbers (``三`` 3, ``十二`` 12, ``两千零五`` 2005, ``一亿二千万``), without cn2an.

Why not always cn2an: importing it costs about 0.2 s (it builds its converters and
patterns at import), more than parsing a small file. Numerals written in the full
standard form are read here; anything else (decimals with 点, digit-by-digit years,
shorthand such as ``三百五``) returns ``None`` and the caller asks cn2an, so the two
never disagree.
"""
from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
GROUPS = (("亿", 100_000_000), ("万", 10_000))


def chinese_int(text: str) -> int | None:
    """The integer a standard-form Chinese numeral writes, or ``None`` (then ask cn2an)."""
    total, after_group, rest = 0, False, text
    for mark, size in GROUPS:
        if rest.count(mark) > 1:
            return None
        if mark in rest:
            head, rest = rest.split(mark, 1)
            value = _section(head, after_group)
            if not value:
                return None
            total += value * size
            after_group = True
    if not rest:
        return total if after_group else None
    if after_group and total % 10_000 == 0 and text.endswith(rest) and "万" not in text and "亿" in text:
        return None  # 一亿五千: shorthand or not, leave it to cn2an
    tail = _section(rest, after_group)
    return None if tail is None else total + tail


def _section(text: str, after_group: bool) -> int | None:
    """A group below ten thousand; after 万/亿 it must start at 千 or with 零."""
    value, i = 0, 0
    last_place, zero = (10_000 if after_group else None), False
    while i < len(text):
        ch = text[i]
        if ch in DIGITS and DIGITS[ch] == 0:
            if last_place is None or zero:
                return None
            zero, i = True, i + 1
            continue
        if ch in DIGITS:
            digit, i = DIGITS[ch], i + 1
            place = UNITS.get(text[i], 1) if i < len(text) else 1
            i += place > 1
        elif ch == "十" and last_place is None:
            digit, place, i = 1, 10, i + 1
        else:
            return None
        if last_place is not None and (place * 10 >= last_place if zero else place * 10 != last_place):
            return None
        value, last_place, zero = value + digit * place, place, False
    return None if zero or last_place is None else value
