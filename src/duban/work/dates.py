"""Dates as Chinese documents print them: ``2023年9月30日`` (no leading zeros)."""
from __future__ import annotations

from datetime import date, datetime


def cn_date(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{cn_date(value)} {value.hour:02d}:{value.minute:02d}"
