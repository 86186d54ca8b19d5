"""Strategies read a simplified, gloss-free copy; the contract keeps text as printed.

A mirror page in traditional characters with pinyin glosses (``牽頭單位``,
``工(gōng)作``) is read through ``normalize.py``'s copy, so every rule written in
simplified characters applies. The chosen reading is then mapped back: each string
the strategy produced is found in the copy (white space ignored) and replaced by the
printed text behind it, glosses and traditional characters kept.
"""
from __future__ import annotations

from dataclasses import dataclass

from duban.parse.blocks import Block
from duban.parse.lazyre import lazy_compile
from duban.parse.model import Document, Quantity
from duban.parse.normalize import Normalized, normalize
from duban.parse.text import clean

_SPACE = lazy_compile(r"\s")


@dataclass
class Printed:
    """The normalized blocks and the way back to the printed text."""

    blocks: list[Block]
    whole: Normalized
    squashed: str  # the copy without white space
    index: list[int]  # index[i]: where squashed[i] stands in the copy

    @classmethod
    def of(cls, blocks: list[Block]) -> Printed | None:
        """None when the copy equals the text (nothing to map back)."""
        whole = normalize("\n".join(b.text for b in blocks))
        if not whole.changed:
            return None
        copy = [Block.row([normalize(c).text for c in b.cells]) if b.is_row else Block(normalize(b.text).text)
                for b in blocks]
        index = [i for i, ch in enumerate(whole.text) if not _SPACE.match(ch)]
        return cls(copy, whole, "".join(whole.text[i] for i in index), index)

    def text(self, value: str | None) -> str | None:
        """The printed text behind a string of the copy (the string itself when not found)."""
        if not value:
            return value
        if "\n" in value:
            return "\n".join(self.text(part) or part for part in value.split("\n"))
        flat = _SPACE.sub("", value)
        at = self.squashed.find(flat) if flat else -1
        if at < 0:
            return value
        start, end = self.index[at], self.index[at + len(flat) - 1] + 1
        return clean(self.whole.original(start, end))

    def restore(self, doc: Document) -> None:
        doc.title = self.text(doc.title)
        for task in doc.tasks:
            task.content = self.text(task.content) or ""
            task.name = self.text(task.name)
            task.units = [self.text(u) or u for u in task.units]
            task.progress = [self.text(p) or p for p in task.progress]
            for goal in task.goals:
                goal.text = self.text(goal.text) or goal.text
                goal.progress = self.text(goal.progress)
            self._quantities(task.targets)
        self._quantities(doc.commitments)
        for indicator in doc.indicators:
            indicator.name = self.text(indicator.name) or indicator.name
            indicator.change = self.text(indicator.change)  # the verb as printed (增長)

    def _quantities(self, quantities: list[Quantity]) -> None:
        for q in quantities:
            q.text = self.text(q.text) or q.text
            q.metric = self.text(q.metric)
