"""PDF: ruled tables as rows, all other text as paragraphs, page furniture dropped.

Tables are found by their ruling lines (pdfplumber's table finder, on rulings and
characters read by pdfium: ``pdf_layer``); each cell's text is rebuilt
from its characters so wrapped lines can be told from real breaks (see
``pdf_lines``). Text outside tables is joined into paragraphs, across page ends
too. Page numbers and running heads repeated on many pages are not document text.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from statistics import median

from pdfplumber.table import TableFinder, TableSettings

from duban.parse.blocks import Block, ParseError
from duban.parse.readers.grid import Slot, grid_blocks
from duban.parse.readers.pdf_layer import open_pdf, page_chars, page_edges
from duban.parse.readers.pdf_lines import Line, cell_text, group_lines, is_page_number, paragraphs

ENCRYPTED = "PDF 已加密（需要打开密码），请去除密码后再试"
UNMAPPED = "PDF 中的文字无法解码（字体缺少 Unicode 映射），请导出为可复制文字的 PDF 或 Word 后再试"
SNAP = 1.0  # ruling positions closer than this (points) are the same line


def read_pdf(data: bytes) -> list[Block]:
    """Characters and rulings from pdfium (``pdf_layer``); tables found by pdfplumber's finder on those rulings."""
    try:
        pdf = open_pdf(data)
    except Exception as exc:
        if "password" in str(exc).lower():
            raise ParseError(ENCRYPTED) from None
        raise
    try:
        items: list[tuple[int, float, object]] = []  # (page, top, Line | list[Block])
        unmapped = total = 0
        width = 0.0
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                page_width, height = page.get_size()
                width = width or page_width
                chars = [c for c in page_chars(page, height) if c["upright"]]
                mapped = [c for c in chars if not c["text"].startswith("(cid:")]
                unmapped, total = unmapped + len(chars) - len(mapped), total + len(chars)
                ruled = _Ruled(page_edges(page, height), (0.0, 0.0, page_width, height))
                items.extend(_page_items(number, ruled, mapped))
            finally:
                page.close()
    finally:
        pdf.close()
    if unmapped > total / 2:
        raise ParseError(UNMAPPED)
    return _assemble(items, width)


class _Ruled:
    """What pdfplumber's table finder reads from a page: its ruling edges and its box."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]) -> None:
        self.edges = edges
        self.bbox = bbox

    def find_tables(self) -> list:
        return TableFinder(self, TableSettings.resolve(None)).tables


def _page_items(number: int, page: _Ruled, chars: list[dict]) -> list[tuple[int, float, object]]:
    """Tables and lines of one page with their tops. Glyphs without Unicode (``(cid:N)``) are left out.

    Overprinted duplicates (fake bold) are skipped when lines are built.
    """
    tables = [t for t in page.find_tables() if len(_positions([c[0] for c in t.cells])) > 1]
    items: list[tuple[int, float, object]] = []
    remaining = chars
    for table in tables:
        x0, top, x1, bottom = table.bbox
        inside = [c for c in remaining if x0 <= _cx(c) <= x1 and top <= _cy(c) <= bottom]
        remaining = [c for c in remaining if not (x0 <= _cx(c) <= x1 and top <= _cy(c) <= bottom)]
        items.append((number, top, grid_blocks(table_grid(table.cells, inside))))
    items.extend((number, line.top, line) for line in group_lines(remaining))
    items.sort(key=lambda item: item[1])
    return items


def _cx(char: dict) -> float:
    return (char["x0"] + char["x1"]) / 2


def _cy(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out


def table_grid(cells: list[tuple], chars: list[dict]) -> list[list[Slot]]:
    """Every (row, column) position gets the cell covering it, so a merged cell repeats its text."""
    xs = _positions([c[0] for c in cells])
    tops = _positions([c[1] for c in cells])
    cover: list[list[tuple | None]] = [[None] * len(xs) for _ in tops]
    for cell in cells:
        for i, top in enumerate(tops):
            if cell[1] - SNAP <= top < cell[3] - SNAP:
                for j, x in enumerate(xs):
                    if cell[0] - SNAP <= x < cell[2] - SNAP:
                        cover[i][j] = cell
    content: dict[tuple, list[dict]] = {}
    for char in chars:
        i = bisect_right(tops, _cy(char) + SNAP) - 1
        j = bisect_right(xs, _cx(char) + SNAP) - 1
        if 0 <= i < len(tops) and 0 <= j < len(xs) and cover[i][j] is not None:
            content.setdefault(cover[i][j], []).append(char)
    lines = {cell: group_lines(found) for cell, found in content.items()}
    edges = _column_edges(cells, lines)
    slots = {cell: Slot(cell_text(lines.get(cell, []), edges[cell]), cell) for cell in cells}
    return [[slots[cell] if cell is not None else Slot("", None) for cell in row] for row in cover]


def _column_edges(cells: list[tuple], lines: dict[tuple, list[Line]]) -> dict[tuple, float]:
    """The right edge text may reach in each cell: its border less the cell padding.

    The padding is read on the left, where left-aligned text starts exactly at it:
    the smallest gap between a cell's left border and its lines, per column.
    """
    padding: dict[tuple[int, int], float] = {}
    for cell, found in lines.items():
        key = (round(cell[0]), round(cell[2]))
        for line in found:
            padding[key] = min(padding.get(key, line.x0 - cell[0]), line.x0 - cell[0])
    return {cell: cell[2] - max(0.0, padding.get((round(cell[0]), round(cell[2])), 0.0)) for cell in cells}


def _assemble(items: list[tuple[int, float, object]], page_width: float) -> list[Block]:
    """Drop page numbers and running heads, join running text into paragraphs, keep table rows in place."""
    lines = [(page, item) for page, _, item in items if isinstance(item, Line)]
    furniture = _running_heads(lines)
    kept = [item for page, _, item in items
            if not (isinstance(item, Line) and (is_page_number(item.text) or item.text in furniture))]
    text_lines = [item for item in kept if isinstance(item, Line)]
    left, right = _margins(text_lines, page_width)
    blocks: list[Block] = []
    run: list[Line] = []
    for item in kept + [None]:
        if isinstance(item, Line):
            run.append(item)
            continue
        blocks.extend(Block(text) for text in paragraphs(run, left, right))
        run = []
        if item is not None:
            blocks.extend(item)
    return blocks


def _running_heads(lines: list[tuple[int, Line]]) -> set[str]:
    """Text that opens or closes at least three pages, and half of them, is a running head or foot."""
    by_page: dict[int, list[Line]] = {}
    for page, line in lines:
        by_page.setdefault(page, []).append(line)
    pages = len(by_page)
    if pages < 3:
        return set()
    counts: Counter[str] = Counter()
    for found in by_page.values():
        counts.update({found[0].text, found[-1].text})
    return {text for text, n in counts.items() if n >= max(3, pages // 2) and not is_page_number(text)}


def _margins(lines: list[Line], page_width: float) -> tuple[float, float]:
    """The body's left edge (most common line start) and right edge (where full lines end).

    Full lines are recognised by several lines ending together; a document of
    short lines only (a cover, a list) gets the edge mirrored from the left margin.
    """
    if not lines:
        return 0.0, 0.0
    starts = Counter(round(line.x0) for line in lines)
    left = float(min(x for x, n in starts.items() if n == max(starts.values())))
    ends = [line.core_x1 for line in lines]
    right = max(ends)
    size = median(line.size for line in lines)
    if sum(1 for end in ends if end >= right - size) >= 3:
        return left, right
    return left, max(right, page_width - left)
