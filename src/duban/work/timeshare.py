"""序时进度 (``time_share``): how much of a task's period has elapsed at a round's end.

Supervision offices count time in months: after 前三季度 an annual task is expected
to be 9/12 done, after 1-6月 6/12. We therefore count calendar months, not days
(day counting would give 273/365 = 74.8 % instead of the 75 % every notice
prints). A month counts as elapsed once its last day is reached; a round that ends
mid-month adds the elapsed fraction of that month by days, so a round ending
15 June of an annual task gives (5 + 15/30) / 12.
"""
from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache


def _months_done(start: date, at: date) -> float:
    """Months elapsed from the first day of ``start``'s month through ``at`` inclusive."""
    whole = (at.year - start.year) * 12 + (at.month - start.month)
    days_in_month = calendar.monthrange(at.year, at.month)[1]
    return whole + at.day / days_in_month


def _months_before(start: date) -> float:
    """The part of ``start``'s own month that lies before ``start`` (a task starting mid-month)."""
    days_in_month = calendar.monthrange(start.year, start.month)[1]
    return (start.day - 1) / days_in_month


@lru_cache(maxsize=4096)
def time_share(period_start: date, period_end: date, at: date) -> float:
    """The share (0.0–1.0) of ``period_start``..``period_end`` elapsed at the end of day ``at``.

    Cached: a plan's tasks mostly share one period, and every page that assesses a round asks
    again for each task.

    Before the period it is 0, after it 1. Both bounds are inclusive days, so
    2023-01-01..2023-12-31 at 2023-09-30 is exactly 0.75.
    """
    if period_end < period_start:
        raise ValueError(f"期间结束日 {period_end} 早于开始日 {period_start}")
    if at < period_start:
        return 0.0
    if at >= period_end:
        return 1.0
    offset = _months_before(period_start)
    total = _months_done(period_start, period_end) - offset
    done = _months_done(period_start, at) - offset
    return max(0.0, min(1.0, done / total))
