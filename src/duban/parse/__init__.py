"""The extraction engine: published documents in, contract objects out.

Pure functions only — no database, no web. ``parse_file`` reads a path,
``parse_bytes`` a file's content, ``parse_text`` a string; all return a
``Document`` whose ``to_dict()`` is the JSON contract ``duban.document/1``.
"""
from __future__ import annotations

from pathlib import Path

from duban.parse.blocks import Block, ParseError
from duban.parse.model import Document, Goal, Indicator, Period, Quantity, Task
from duban.parse.readers import read_bytes
from duban.parse.readers.text import text_blocks
from duban.settings import get_settings

__all__ = ["parse_file", "parse_bytes", "parse_text", "parse_blocks", "ParseError",
           "explain_file", "Document", "Task", "Goal", "Quantity", "Indicator", "Period", "Block"]


def parse_blocks(blocks: list[Block], source: str) -> Document:
    from duban.parse.document import build_document

    return build_document(blocks, source)


def parse_text(text: str, source: str = "<text>") -> Document:
    return parse_blocks(text_blocks(text), source)


def parse_bytes(data: bytes, name: str) -> Document:
    return parse_blocks(read_bytes(data, name), Path(name).name)


def parse_file(path: str | Path, *, max_mb: float | None = None) -> Document:
    """Parse one file; every failure is a ``ParseError`` with a one-line reason."""
    return explain_file(path, max_mb=max_mb).best.reading.document


def explain_file(path: str | Path, *, max_mb: float | None = None):
    """Every layout strategy's scored reading of one file (``engine.Outcome``), the best first."""
    from duban.parse.engine import run

    path = Path(path)
    return run(_read_file(path, max_mb), path.name)


def _read_file(path: Path, max_mb: float | None) -> list[Block]:
    limit = get_settings().max_file_mb if max_mb is None else max_mb
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ParseError("文件不存在") from None
    except OSError as exc:
        raise ParseError(f"无法读取: {exc.strerror or exc}") from None
    if path.is_dir():
        raise ParseError("是目录，不是文件")
    if size > limit * 1024 * 1024:
        raise ParseError(f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {limit:g} MB）")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"无法读取: {exc.strerror or exc}") from None
    return read_bytes(data, path.name)
