"""Word's automatic list numbers, rendered as the reader of the page sees them.

A progress cell typed as a numbered list stores ``对标…`` with a numbering
reference, not ``1.对标…``; without the number the items run together. Only
what changes the text is modelled: level formats, ``lvlText`` patterns, start
values and restarts of deeper levels.
"""
from __future__ import annotations

from docx.oxml.ns import qn

VAL = qn("w:val")
CN_DIGITS = "〇一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int) -> str:
    """Chinese counting numerals as Word prints them (1→一, 10→十, 21→二十一, 105→一百零五)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + CN_DIGITS[rest] if rest < 10 else
                                    (chinese_number(rest) if rest >= 20 else "一" + chinese_number(rest)))
        return CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "chineseCounting": chinese_number, "chineseCountingThousand": chinese_number,
    "japaneseCounting": chinese_number, "taiwaneseCounting": chinese_number,
    "ideographDigital": lambda n: "".join(CN_DIGITS[int(c)] for c in str(n)),
    "ideographTraditional": lambda n: HEAVENLY_STEMS[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n),
    "decimalEnclosedCircleChinese": lambda n: CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n),
    "lowerLetter": letters, "upperLetter": lambda n: letters(n).upper(),
    "lowerRoman": lambda n: roman(n).lower(), "upperRoman": roman,
    "bullet": lambda n: "", "none": lambda n: "",
}


class Numbering:
    """Counters per list, advanced paragraph by paragraph in body order."""

    def __init__(self, levels: dict[str, dict[int, tuple[str, str, int]]], style_numbering: dict[str, tuple[str, int]]):
        self.levels = levels  # numId -> ilvl -> (numFmt, lvlText, start)
        self.style_numbering = style_numbering  # styleId -> (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}

    @classmethod
    def of(cls, document) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls({}, {})
        abstract = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.iterchildren(qn("w:abstractNum"))}
        levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            table = dict(abstract.get(ref.get(VAL) if ref is not None else None, {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in table:
                    fmt, text, _ = table[ilvl]
                    table[ilvl] = (fmt, text, int(start.get(VAL, "1")))
            levels[num.get(qn("w:numId"))] = table
        return cls(levels, _style_numbering(document))

    def label(self, p) -> str:
        ref = self._reference(p)
        if ref is None:
            return ""
        num_id, ilvl = ref
        table = self.levels.get(num_id)
        if not table or ilvl not in table:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, table[ilvl][2] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        fmt, text, _ = table[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for level in range(ilvl, -1, -1):
            value = counts.get(level, table.get(level, ("decimal", "", 1))[2])
            level_fmt = table.get(level, ("decimal", "", 1))[0]
            text = text.replace(f"%{level + 1}", FORMATS.get(level_fmt, str)(value))
        return text

    def _reference(self, p) -> tuple[str, int] | None:
        props = p.find(qn("w:pPr"))
        if props is None:
            return None
        num_pr = props.find(qn("w:numPr"))
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            if num_id is None or num_id.get(VAL) in (None, "0"):
                return None
            return num_id.get(VAL), int(ilvl.get(VAL, "0")) if ilvl is not None else 0
        style = props.find(qn("w:pStyle"))
        return self.style_numbering.get(style.get(VAL)) if style is not None else None


def _levels(abstract) -> dict[int, tuple[str, str, int]]:
    table = {}
    for lvl in abstract.iterchildren(qn("w:lvl")):
        fmt = lvl.find(qn("w:numFmt"))
        text = lvl.find(qn("w:lvlText"))
        start = lvl.find(qn("w:start"))
        table[int(lvl.get(qn("w:ilvl"), "0"))] = (
            fmt.get(VAL, "decimal") if fmt is not None else "decimal",
            text.get(VAL, "") if text is not None else "",
            int(start.get(VAL, "1")) if start is not None else 1,
        )
    return table


def _style_numbering(document) -> dict[str, tuple[str, int]]:
    found = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        props = style.find(qn("w:pPr"))
        num_pr = props.find(qn("w:numPr")) if props is not None else None
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is not None and num_id.get(VAL) not in (None, "0"):
            found[style.get(qn("w:styleId"))] = (num_id.get(VAL), int(ilvl.get(VAL, "0")) if ilvl is not None else 0)
    return found
