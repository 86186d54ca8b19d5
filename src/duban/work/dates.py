"""Dates as Chinese documents print them: ``2023年9月30日`` (no leading zeros)."""
from __future__ import annotations

from datetime import UTC, date, datetime


def cn_date(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None, *, utc: bool = True) -> str:
    """Date and minute; ``utc`` values (as stored) are shown in local time."""
    if value is None:
        return ""
    value = local_from_utc(value) if utc else value
    return f"{cn_date(value)} {value.hour:02d}:{value.minute:02d}"


def local_from_utc(value: datetime | None) -> datetime | None:
    """The ledger stores naive UTC times; people read their own clock."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
