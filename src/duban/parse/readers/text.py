"""Plain text: decode (UTF-8, else GB18030 which covers GBK/GB2312) and split into lines.

A line holding a tab is a table row (tab-separated exports), and so is a line of
cells between pipes (``| 序号 | 任务 | 责任单位 |``, as text copied from web tables
comes out); a line closed by one pipe (``城管局 |``) is one cell of a table flattened
one cell per line; other lines are text.
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
        stripped = line.strip()
        if "\t" in stripped:
            blocks.append(Block.row([c.strip() for c in line.split("\t")]))
        elif stripped.count("|") >= 2 and not stripped.strip("|").strip() == "":
            blocks.append(Block.row([c.strip() for c in stripped.strip("|").split("|")]))
        elif stripped.endswith("|"):
            blocks.append(Block(stripped.rstrip("|").rstrip()))
        else:
            blocks.append(Block(line))
    return blocks


def read_text(data: bytes) -> list[Block]:
    return text_blocks(decode(data))


def read_csv(data: bytes) -> list[Block]:
    """Comma-separated export: each record a row; quoted cells may hold line breaks."""
    import csv
    import io

    text = decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    blocks: list[Block] = []
    for record in csv.reader(io.StringIO(text, newline=""), dialect):
        cells = [c.replace("\r\n", "\n").replace("\r", "\n").strip() for c in record]
        filled = [c for c in cells if c]
        if len(filled) > 1:
            blocks.append(Block.row(cells))
        elif filled:
            blocks.extend(Block(line) for line in filled[0].split("\n"))
    return blocks
