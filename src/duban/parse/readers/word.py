"""Word .docx: paragraphs and tables in body order, merged cells laid out as a grid.

python-docx's ``document.paragraphs`` and ``document.tables`` lose the order
between them, and the order is what tells a title from a table from a note, so
the body's XML children are walked directly. Word's automatic list numbers are
not in the text runs; they are rendered here because progress items are told
apart by them (``1.`` ``2.``, ``（一）``).
"""
from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from duban.parse.blocks import Block
from duban.parse.limits import limits, refusal
from duban.parse.readers.grid import Slot, grid_blocks
from duban.parse.readers.word_numbering import Numbering

P, TBL, SDT, SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
TR, TC, TC_PR, TR_PR = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:trPr")
GRID_SPAN, V_MERGE, GRID_BEFORE, VAL = qn("w:gridSpan"), qn("w:vMerge"), qn("w:gridBefore"), qn("w:val")


def read_docx(data: bytes) -> list[Block]:
    document = docx.Document(io.BytesIO(data))
    reader = _BodyReader(document, Numbering.of(document))
    return reader.blocks(document.element.body)


class _BodyReader:
    def __init__(self, document, numbering: Numbering) -> None:
        self.document = document
        self.numbering = numbering
        self.max_columns = limits().max_columns

    def blocks(self, container) -> list[Block]:
        out: list[Block] = []
        for child in _content_children(container):
            if child.tag == P:
                out.extend(Block(line.strip()) for line in self.paragraph_text(child).split("\n") if line.strip())
            elif child.tag == TBL:
                out.extend(grid_blocks(self.table_grid(child)))
        return out

    def paragraph_text(self, p) -> str:
        text = Paragraph(p, self.document).text.replace("\t", " ")
        return self.numbering.label(p) + text

    def cell_text(self, tc) -> str:
        """Paragraphs joined by newlines; a nested table is flattened, a row to a line."""
        lines: list[str] = []
        for child in _content_children(tc):
            if child.tag == P:
                lines.append(self.paragraph_text(child))
            elif child.tag == TBL:
                for row in self.table_grid(child):
                    lines.append(" ".join(dict.fromkeys(s.text.replace("\n", " ") for s in row if s.text)))
        return "\n".join(line.strip() for line in lines if line.strip())

    def table_grid(self, tbl) -> list[list[Slot]]:
        """Each row as grid positions; ``gridSpan`` repeats across, ``vMerge`` continues from above."""
        grid: list[list[Slot]] = []
        for tr in tbl.iterchildren(TR):
            row: list[Slot] = [Slot("", None)] * self.width(_int_val(tr.find(TR_PR), GRID_BEFORE, 0), 0)
            for tc in _row_cells(tr):
                props = tc.find(TC_PR)
                span = self.width(max(1, _int_val(props, GRID_SPAN, 1)), len(row))
                merge = props.find(V_MERGE) if props is not None else None
                col = len(row)
                if merge is not None and merge.get(VAL, "continue") == "continue" and grid:
                    above = grid[-1]
                    slot = above[col] if col < len(above) else Slot("", None)
                else:
                    slot = Slot(self.cell_text(tc), tc)
                row.extend([slot] * span)
            grid.append(row)
        return grid

    def width(self, span: int, used: int) -> int:
        """A span is laid out position by position, so a row wider than any table is refused."""
        if used + span > self.max_columns:
            raise refusal("max_columns", used + span, self.max_columns)
        return span


def _content_children(container):
    """Children in order, looking through content controls (``w:sdt``) that wrap paragraphs or tables."""
    for child in container.iterchildren():
        if child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _content_children(content)
        else:
            yield child


def _row_cells(tr):
    for child in tr.iterchildren():
        if child.tag == TC:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from content.iterchildren(TC)


def _int_val(props, tag: str, default: int) -> int:
    element = props.find(tag) if props is not None else None
    try:
        return int(element.get(VAL)) if element is not None else default
    except (TypeError, ValueError):
        return default
