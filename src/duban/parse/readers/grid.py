"""Tables as full grids, shared by the HTML, Word, Excel and PDF readers.

Why a grid: a merged cell is stored once but covers several positions. The
segmenter maps header columns to cell positions, so every row must have the full
column count: a spanned value is repeated into the positions it covers (a
``rowspan`` over the 序号 column makes continuation rows carry the same number,
which the segmenter merges). A row that is one merged cell across the whole
table is a caption or section heading, not a data row, so it becomes a text line.
"""
from __future__ import annotations

from dataclasses import dataclass

from duban.parse.blocks import Block


@dataclass(frozen=True)
class Slot:
    """One grid position: the text of the cell covering it and that cell's identity."""

    text: str
    source: object


@dataclass(frozen=True)
class Span:
    """A cell as markup stores it: text, identity, and how far it reaches."""

    text: str
    source: object
    colspan: int = 1
    rowspan: int = 1


def fill_spans(rows: list[list[Span]]) -> list[list[Slot]]:
    """Lay out cells with ``colspan``/``rowspan`` the way a browser does."""
    grid: list[list[Slot | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        col = 0
        for cell in row:
            line = grid[r]
            while col < len(line) and line[col] is not None:
                col += 1
            for dr in range(max(1, cell.rowspan)):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                for dc in range(max(1, cell.colspan)):
                    while len(target) <= col + dc:
                        target.append(None)
                    target[col + dc] = Slot(cell.text, cell.source)
            col += max(1, cell.colspan)
    return [[slot if slot is not None else Slot("", None) for slot in row] for row in grid]


def grid_blocks(grid: list[list[Slot]], drop_empty_columns: bool = False) -> list[Block]:
    """Rows of slots to blocks: pad rows, drop empty rows, captions to lines.

    Empty columns are kept by default: a table fragment on a new page may hold
    only a continued cell, and its position is what says which column it continues.
    Spreadsheets drop them, since stray empty columns are common there.
    """
    width = max((len(row) for row in grid), default=0)
    grid = [row + [Slot("", None)] * (width - len(row)) for row in grid]
    keep = [c for c in range(width) if not drop_empty_columns or any(row[c].text.strip() for row in grid)]
    blocks: list[Block] = []
    seen_captions: set[int] = set()
    for row in grid:
        slots = [row[c] for c in keep]
        if not any(s.text.strip() for s in slots):
            continue
        sources = {id(s.source) if s.source is not None else None for s in row}
        if len(keep) > 1 and len(sources) == 1 and None not in sources:
            key = next(iter(sources))
            if key not in seen_captions:
                seen_captions.add(key)
                blocks.extend(Block(line.strip()) for line in slots[0].text.split("\n") if line.strip())
            continue
        blocks.append(Block.row([tidy_cell(s.text) for s in slots]))
    return blocks


def tidy_cell(text: str) -> str:
    """Trim each paragraph of a cell and drop blank ones; tabs would break the row form."""
    lines = (" ".join(line.replace("\t", " ").split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def captions_before_table(blocks: list[Block]) -> list[Block]:
    """Rows before the first row with two filled cells hold one text: a title typed into a sheet."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        filled = [c for c in block.cells or () if c.strip()] if block.is_row else None
        if filled is not None and len(filled) >= 2:
            return out + blocks[i:]
        if filled is None:
            out.append(block)
        else:
            out.extend(Block(line) for c in filled for line in c.split("\n"))
    return out
