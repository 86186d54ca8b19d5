"""Readers: bytes of one file format in, ``list[Block]`` out (see ``duban.parse.blocks``).

``read_bytes`` picks the reader from the content's signature first and the file
name's suffix second, so a misnamed file is still read right. Every failure a
user can cause is a ``ParseError`` with a one-line Chinese reason; library
exceptions never escape, because a bad file must not look like a program bug.
"""
from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable

from duban.parse.blocks import Block, ParseError
from duban.parse.readers.sniff import sniff

READERS = {"text": ("text", "read_text"), "csv": ("text", "read_csv"), "html": ("html", "read_html"),
           "docx": ("word", "read_docx"), "xlsx": ("sheet", "read_xlsx"), "pdf": ("pdf", "read_pdf")}


def reader_for(kind: str) -> Callable[[bytes], list[Block]]:
    """Imported on demand: a text file should not pay for loading pdfminer and openpyxl."""
    module, function = READERS[kind]
    return getattr(importlib.import_module(f"duban.parse.readers.{module}"), function)


CORRUPT = {"docx": "文件已损坏（无法作为 Word .docx 读取）", "xlsx": "文件已损坏（无法作为 Excel .xlsx 读取）",
           "pdf": "文件已损坏（无法作为 PDF 读取）", "html": "网页无法解析",
           "text": "文本无法读取", "csv": "CSV 无法读取"}


def check_before_loading(data: bytes, kind: str) -> None:
    """Sizes and counts first (``guard``): a hostile file is refused before a library loads it."""
    from duban.parse.readers import guard

    if kind in ("docx", "xlsx"):
        guard.check_zip(data, kind)
    elif kind == "pdf":
        guard.check_pdf(data)


def read_bytes(data: bytes, name: str = "") -> list[Block]:
    if not data.strip():
        raise ParseError("文件为空")
    kind = sniff(data, name)
    reader = reader_for(kind)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check_before_loading(data, kind)
            blocks = reader(data)
    except (ParseError, MemoryError):
        raise  # MemoryError: the parse budget's to report (``duban.parse.budget``), not the file's
    except RecursionError:
        raise ParseError(f"{CORRUPT[kind]}：结构嵌套过深") from None
    except Exception as exc:  # any library failure on a bad file is the file's fault, said in one line
        raise ParseError(f"{CORRUPT[kind]}：{type(exc).__name__}") from None
    if not any(b.text.strip() for b in blocks):
        if kind == "pdf":
            raise ParseError("PDF 中没有可提取的文字（可能是扫描件），请先做文字识别")
        raise ParseError("文件中没有文字内容")
    return blocks


__all__ = ["read_bytes", "sniff", "Block", "ParseError"]
