"""Limits on what one file may make the parser do, and the one-line refusal when it exceeds them.

Why: a few kilobytes can describe gigabytes (a zip bomb, a cell at ``XFD1048576``, a
``gridSpan`` of a million, a PDF stream that inflates a thousandfold). Readers look at
sizes and counts *before* they load, and refuse with a reason naming the setting, so a
hostile file costs seconds, not minutes and gigabytes. Every limit is a ``DUBAN_*``
setting in ``duban.settings`` (the one place defaults live); this module only words
the refusal.
"""
from __future__ import annotations

from duban.parse.blocks import ParseError
from duban.settings import Settings, get_settings

# What each limit counts, as a user reads it in the refusal line.
WHAT = {
    "max_unpacked_mb": ("解压后大小", " MB"),
    "max_zip_ratio": ("压缩比", " 倍"),
    "max_paragraphs": ("段落数", ""),
    "max_rows": ("表格行数", ""),
    "max_cells": ("表格单元格数", ""),
    "max_columns": ("表格列数", ""),
    "max_pdf_stream_mb": ("PDF 单个数据流解压后大小", " MB"),
    "max_pdf_ops": ("PDF 单页文字绘制指令数", ""),
}


def limits() -> Settings:
    """The current limits (read from the environment each call, like every setting)."""
    return get_settings()


def refusal(name: str, found: float | None, limit: float) -> ParseError:
    """``found=None``: counting stopped at the limit, so only "over it" is known."""
    what, unit = WHAT[name]
    amount = f"超过 {_num(limit)}{unit}" if found is None else f"{_num(found)}{unit}，上限 {_num(limit)}{unit}"
    return ParseError(f"文件超出解析上限：{what} {amount}（DUBAN_{name.upper()}）")


def check(settings: Settings, name: str, found: float) -> None:
    """Raise the refusal when ``found`` exceeds the setting ``name``."""
    limit = getattr(settings, name)
    if found > limit:
        raise refusal(name, found, limit)


def _num(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or float(value).is_integer() else f"{value:.1f}"
