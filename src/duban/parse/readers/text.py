"""Plain text: decode (UTF-8, else GB18030 which covers GBK/GB2312) and split into lines.

A line holding a tab is a table row (tab-separated exports); other lines are text.
"""
from __future__ import annotations

from duban.parse.blocks import Block, ParseError


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError("无法识别文本编码（不是 UTF-8 或 GBK/GB18030）")


def text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if "\t" in line.strip():
            blocks.append(Block.row([c.strip() for c in line.split("\t")]))
        else:
            blocks.append(Block(line))
    return blocks


def read_text(data: bytes) -> list[Block]:
    return text_blocks(decode(data))
