"""Assemble a ``Document`` from blocks: classify the kind, then run its segmenter."""
from __future__ import annotations

from duban.parse.blocks import Block, ParseError
from duban.parse.model import Document


def build_document(blocks: list[Block], source: str) -> Document:
    raise ParseError("尚未实现")
