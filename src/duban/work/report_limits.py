"""How much one progress report may hold: number of items and length of each (``DUBAN_REPORT_*``).

Why a limit at all: one request of 300 items of 100,000 characters (90 MB) took
38 s and 2 GB, grew the database by 800 MB and made the task's page 180 MB for
everyone who opens it. Real reports have a handful of items of a few hundred
characters; the defaults (50 items, 5,000 characters each) leave ample room. The
message names the item and the numbers, so the unit knows what to shorten; the
web layer shows it with everything typed kept.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from duban.settings import Settings, get_settings
from duban.store.db import StoreError


class ReportInvalid(StoreError):
    """The typed report cannot be stored as it is; nothing was saved."""


@dataclass(frozen=True)
class ReportLimits:
    max_items: int = 50
    max_item_chars: int = 5000

    @classmethod
    def of(cls, settings: Settings | None = None) -> ReportLimits:
        settings = settings or get_settings()
        return cls(settings.report_max_items, settings.report_max_item_chars)


def check_report_text(items: Iterable[str], limits: ReportLimits | None = None, what: str = "进展") -> None:
    """Refuse too many items, an item too long, or a NUL character, with a message saying which."""
    limits = limits or ReportLimits.of()
    items = list(items)
    if len(items) > limits.max_items:
        raise ReportInvalid(f"{what}共{len(items)}条，超过{limits.max_items}条的上限，未保存；请合并或精简后再保存")
    for number, text in enumerate(items, 1):
        if len(text) > limits.max_item_chars:
            raise ReportInvalid(f"第{number}条{what}有{len(text):,}字，超过{limits.max_item_chars:,}字的上限，"
                                "未保存；请精简或分成几条")
        if "\x00" in text:
            raise ReportInvalid(f"第{number}条{what}含有不允许的空字符（NUL），未保存；请删除后再保存")
