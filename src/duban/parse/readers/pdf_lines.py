"""Characters to lines to paragraphs: pure functions over pdfplumber's char dicts.

A PDF has no paragraphs, only glyphs at positions; line breaks come from the
page width, not the author. Whether a break is real is read from geometry: a
wrapped line is one the next word would not have fitted on. A line that stops
short, a sentence end in a narrow cell, an indented next line or a next line
that starts a numbered item are real breaks; every other break is joined.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from statistics import median

from duban.parse.lazyre import lazy_compile

SENTENCE_END = tuple("。；;：:！？!?")
ITEM_START = lazy_compile(r"^\s*(?:\d{1,3}[.．、](?!\d)|[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]"
                        r"|[一二三四五六七八九十]{1,3}(?:是|、)|第[一二三四五六七八九十\d]{1,3}[，,、]"
                        r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|[●•■◆▪·]\s*)")
HANGING = set("，。、；：？！）》」』”’,.;:?!)")  # may sit past the right edge at a line end
CLOSING = HANGING | {"%"}
ASCII_WORD = lazy_compile(r"[A-Za-z0-9]")
PAGE_NUMBER = lazy_compile(
    r"^\s*(?:[-—–－~·]+\s*\d{1,4}\s*[-—–－~·]+|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$",
    re.IGNORECASE)


@dataclass
class Line:
    chars: list[dict]
    text: str

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars if not c["text"].isspace()) if self.text.strip() else self.x0

    @property
    def columned(self) -> bool:
        """Text set in columns without rules: wide gaps inside the line. Such lines are never joined."""
        visible = [c for c in self.chars if not c["text"].isspace()]
        wide = 2 * self.size
        return any(b["x0"] - a["x1"] > wide for a, b in zip(visible, visible[1:]))

    @property
    def core_x1(self) -> float:
        """Where the line ends without hanging punctuation: what tells where the text edge is."""
        visible = [c for c in self.chars if not c["text"].isspace()]
        while len(visible) > 1 and visible[-1]["text"] in HANGING:
            visible.pop()
        return visible[-1]["x1"] if visible else self.x0

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @cached_property
    def size(self) -> float:
        """Cached: asked for by every gap test, and a median over the line's characters."""
        return median(c["size"] for c in self.chars)

    def lead_width(self) -> float:
        """Width of what must move as a unit to the line before: an ASCII word, or a character with its closing marks."""
        visible = [c for c in self.chars if not c["text"].isspace()]
        if not visible:
            return 0.0
        end = 1
        if ASCII_WORD.match(visible[0]["text"]):
            while end < len(visible) and (ASCII_WORD.match(visible[end]["text"]) or visible[end]["text"] in ".%"):
                end += 1
        while end < len(visible) and visible[end]["text"] in CLOSING:
            end += 1
        return visible[end - 1]["x1"] - visible[0]["x0"]


def group_lines(chars: list[dict]) -> list[Line]:
    """Chars that share a baseline band form a line, read left to right; gaps become spaces."""
    rows: list[list[dict]] = []
    bottom = 0.0
    for char in sorted(chars, key=lambda c: c["top"]):
        height = max(char["bottom"] - char["top"], 1.0)
        if rows and char["top"] < bottom - 0.5 * height:
            rows[-1].append(char)
            bottom = max(bottom, char["bottom"])
        else:
            rows.append([char])
            bottom = char["bottom"]
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text = _line_text(row)
        if text.strip():
            lines.append(Line(row, text.strip()))
    return lines


def _line_text(chars: list[dict]) -> str:
    parts: list[str] = []
    previous = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            if gap > 0.3 * min(char["size"], previous["size"]) and not char["text"].isspace() \
                    and not previous["text"].isspace():
                parts.append(" ")
            elif gap < -0.5 * char["size"] and char["text"] == previous["text"]:
                continue  # an overprinted duplicate (fake bold)
        parts.append(char["text"])
        previous = char
    return "".join(parts)


def is_page_number(text: str) -> bool:
    return PAGE_NUMBER.match(text) is not None


def glue(left: str, right: str) -> str:
    """Join a wrapped line: nothing between, except a space between two Latin words (a number may wrap anywhere)."""
    if left and right and ASCII_WORD.match(left[-1]) and ASCII_WORD.match(right[0]) \
            and not (left[-1].isdigit() and right[0].isdigit()):
        return left + " " + right
    return left + right


def fits(line: Line, following: Line, right_edge: float) -> bool:
    """Would the next line's first unit have fitted after this line? Then the break was the author's."""
    return line.x1 + following.lead_width() <= right_edge + 0.5


def cell_text(lines: list[Line], right_edge: float) -> str:
    """Lines of one table cell: a break is kept after a sentence end, before an item, after a short line."""
    if not lines:
        return ""
    out = lines[0].text
    for line, following in zip(lines, lines[1:]):
        if line.text.endswith(SENTENCE_END) or ITEM_START.match(following.text) or fits(line, following, right_edge):
            out += "\n" + following.text
        else:
            out = glue(out, following.text)
    return out


def paragraphs(lines: list[Line], left_edge: float, right_edge: float) -> list[str]:
    """Running text: a line continues the paragraph unless it stopped short, the next one is indented or
    numbered, or either is set in columns (an unruled table's rows must stay rows of text)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i == 0:
            out.append(line.text)
            continue
        previous = lines[i - 1]
        indented = line.x0 > left_edge + 0.8 * line.size
        columned = line.columned or previous.columned
        if indented or columned or ITEM_START.match(line.text) or fits(previous, line, right_edge):
            out.append(line.text)
        else:
            out[-1] = glue(out[-1], line.text)
    return out
