"""Pages of a table: tasks that break over a page continue with their label and ``（续）``.

Why we paginate ourselves: keeping every row whole left pages half empty (a tall
row jumped to the next page), and letting Word or LibreOffice split a row prints
the continuation without saying which task it belongs to (a merged cell prints
blank on the next page). So the exporter measures the text, fills each page, and
where a task does not fit it cuts the task's long cells (项目内容, 进展情况, goals)
between paragraphs or lines — never inside a number — and repeats the short ones
(序号, 单位, 状态) on the next page under the label ``市重点任务第8项（续）`` (a unit list
taller than the room left is cut after a ``、`` there and printed whole again).

Measures are estimates made to err long (a character is a full em, Latin letters and
digits 0.55 em, lines rounded up), so a page planned full is never fuller in fact;
the exporters then start every planned page explicitly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from duban.export.table import CONTENT, FLOWING, NAME, Cell, ExportRow, ExportTable

MIN_LINES = 3  # a task is not started at a page's foot with fewer lines than this
BREAK_AFTER = "。；;，,、：:！？）)"
NUMBERISH = "0123456789０１２３４５６７８９.．%％‰万亿千百十零一二三四五六七八九两余多"


def char_em(ch: str) -> float:
    return 1.0 if ord(ch) > 0x2E7F else 0.55


@dataclass(frozen=True)
class Metrics:
    """How one file format sets text: em per centimetre of cell width, line pitch, row padding."""

    font_pt: float
    line_pt: float
    cell_pad_cm: float  # left + right cell margins
    row_pad_pt: float  # borders and top/bottom margins of one row

    def em_per_line(self, width_cm: float) -> float:
        return max(1.0, math.floor((width_cm - self.cell_pad_cm) / (self.font_pt * 0.03528) * 100) / 100)

    def lines(self, text: str, width_cm: float) -> int:
        return len(wrap_ends(text, self.em_per_line(width_cm))) or 1

    def cell_lines(self, cell: Cell, width_cm: float) -> int:
        return sum(self.lines(p, width_cm) for p in cell) if cell else 1


def wrap_ends(text: str, per_line: float) -> list[int]:
    """Where each line of ``text`` ends when wrapped greedily at ``per_line`` em."""
    ends: list[int] = []
    width = 0.0
    for i, ch in enumerate(text):
        w = char_em(ch)
        if width + w > per_line and width > 0:
            ends.append(i)
            width = 0.0
        width += w
    ends.append(len(text))
    return ends


def split_text(text: str, per_line: float, keep_lines: int) -> tuple[str, str]:
    """``text`` cut after about ``keep_lines`` lines: after a punctuation mark of the last line
    when there is one, else at the line's end moved back out of any number (``5…``)."""
    ends = wrap_ends(text, per_line)
    if keep_lines >= len(ends):
        return text, ""
    if keep_lines <= 0:
        return "", text
    end = ends[keep_lines - 1]
    start = ends[keep_lines - 2] if keep_lines >= 2 else 0
    for i in range(end, start, -1):
        if text[i - 1] in BREAK_AFTER:
            return text[:i], text[i:]
    i = end
    while i > start + 1 and text[i - 1] in NUMBERISH and text[i] in NUMBERISH:
        i -= 1
    if i <= start + 1:  # one long number filling the line: cut before it
        i = end
        while i > 0 and text[i - 1] in NUMBERISH:
            i -= 1
        i = i or end
    return text[:i], text[i:]


def cut_cell(cell: Cell, metrics: Metrics, width_cm: float, keep_lines: int) -> tuple[Cell, Cell]:
    """The paragraphs that fit in ``keep_lines`` lines, and the rest (a paragraph may be cut)."""
    fit: list[str] = []
    used = 0
    for n, paragraph in enumerate(cell):
        need = metrics.lines(paragraph, width_cm)
        if used + need <= keep_lines:
            fit.append(paragraph)
            used += need
            continue
        head, tail = split_text(paragraph, metrics.em_per_line(width_cm), keep_lines - used)
        if head:
            fit.append(head)
        return tuple(fit), ((tail,) if tail else ()) + tuple(cell[n + 1:])
    return tuple(fit), ()


@dataclass(frozen=True)
class Piece:
    """What of one task a page prints: head and tail cells merged over its sub-rows."""

    row: ExportRow
    head: tuple[Cell, ...]
    lines: tuple[tuple[Cell, ...], ...]
    tail: tuple[Cell, ...]
    continued: bool  # the task began on an earlier page


Page = list[Piece]


class Paginator:
    def __init__(self, table: ExportTable, metrics: Metrics, first_pt: float, next_pt: float):
        self.table = table
        self.metrics = metrics
        self.first_pt = first_pt
        self.next_pt = next_pt
        widths = [c.width_cm for c in table.columns]
        roles = [c.role for c in table.columns]
        hw, tw = table.head_width, table.tail_width
        n = len(widths)
        self.head_cols = list(zip(widths[:hw], roles[:hw]))
        self.line_cols = list(zip(widths[hw:n - tw], roles[hw:n - tw]))
        self.tail_cols = list(zip(widths[n - tw:], roles[n - tw:]))
        self.label_role = CONTENT if CONTENT in roles[:hw] else NAME

    def height_lines(self, cells: tuple[Cell, ...], cols) -> int:
        return max((self.metrics.cell_lines(c, w) for c, (w, _) in zip(cells, cols)), default=1)

    def piece_pt(self, head, lines, tail) -> float:
        m = self.metrics
        sub = sum(self.height_lines(line, self.line_cols) * m.line_pt + m.row_pad_pt for line in lines)
        merged = max(self.height_lines(head, self.head_cols), self.height_lines(tail, self.tail_cols)) * m.line_pt
        return max(sub, merged + m.row_pad_pt * max(1, len(lines)))

    def pages(self) -> list[Page]:
        pages: list[Page] = [[]]
        room = self.first_pt
        m = self.metrics
        for row in self.table.rows:
            label = f"{row.label or row.seq}（续）"
            head, lines, tail, continued = row.head, row.lines, row.tail, False
            while True:
                need = self.piece_pt(head, lines, tail)
                if need <= room:
                    pages[-1].append(Piece(row, head, lines, tail, continued))
                    room -= need
                    break
                budget = math.floor((room - m.row_pad_pt * max(1, len(lines))) / m.line_pt)
                if budget < MIN_LINES and pages[-1]:
                    pages.append([])
                    room = self.next_pt
                    continue
                fit, rest = self.split(head, lines, tail, max(budget, MIN_LINES), label)
                pages[-1].append(Piece(row, *fit, continued))
                pages.append([])
                room = self.next_pt
                head, lines, tail = rest
                continued = True
        return [page for page in pages if page]

    def split(self, head, lines, tail, budget: int, label: str):
        """Cut a task so its first part takes ``budget`` lines; the rest carries its label."""
        fit_lines: list[tuple[Cell, ...]] = []
        rest_lines: list[tuple[Cell, ...]] = []
        used = 0
        for index, line in enumerate(lines):
            need = self.height_lines(line, self.line_cols)
            if used + need <= budget:
                fit_lines.append(line)
                used += need
                continue
            keep = budget - used
            if keep >= 1:
                cut = [cut_cell(c, self.metrics, w, keep) if role in FLOWING else (c, c)
                       for c, (w, role) in zip(line, self.line_cols)]
                if any(a for a, _ in cut):
                    fit_lines.append(tuple(a for a, _ in cut))
                    rest_lines.append(tuple(b for _, b in cut))
                    rest_lines.extend(lines[index + 1:])
                    break
            rest_lines.extend(lines[index:])
            break
        fit_head, rest_head = [], []
        for cell, (width, role) in zip(head, self.head_cols):
            if role in FLOWING:
                a, b = cut_cell(cell, self.metrics, width, budget)
            else:  # repeated whole on the next page; here as much as fits (a long unit list cut after a 、)
                a, b = cut_cell(cell, self.metrics, width, budget)[0] or cell, cell
            if role == self.label_role:
                b = (label,) + (b if role in FLOWING else ())
            fit_head.append(a)
            rest_head.append(b)
        if not rest_lines:  # only the head was too tall: the next page repeats empty sub-row cells
            rest_lines = [tuple(() for _ in self.line_cols)]
        return ((tuple(fit_head), tuple(fit_lines) or (tuple(() for _ in self.line_cols),), tail),
                (tuple(rest_head), tuple(rest_lines), tail))



def paginate(table: ExportTable, metrics: Metrics, first_pt: float, next_pt: float) -> list[Page]:
    """The table's tasks laid out on pages of ``first_pt`` and then ``next_pt`` points of rows."""
    return Paginator(table, metrics, first_pt, next_pt).pages()
