"""The intermediate form every reader produces, so segmentation never knows the format.

A document is a flat list of ``Block``s in reading order. A block is either a line of
running text (``cells is None``) or one table row (``cells`` holds each cell's text;
a paragraph break inside a cell is ``\\n``). Readers that cannot see table structure
(plain text, PDF without ruling) emit lines only; the segmenter rebuilds rows from
the line stream. A tab-separated text line counts as a row.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    text: str
    cells: tuple[str, ...] | None = None

    @classmethod
    def row(cls, cells: list[str] | tuple[str, ...]) -> Block:
        cells = tuple(c if c is not None else "" for c in cells)
        return cls("\t".join(c.replace("\n", " ") for c in cells), cells)

    @property
    def is_row(self) -> bool:
        return self.cells is not None


class ParseError(Exception):
    """A file that cannot be read or parsed; the message is the one-line reason shown to users."""
