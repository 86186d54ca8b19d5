"""A status the source document printed (``stated_status``): what its words mean as a ``Status``.

Why a table of its own: a progress table a government published with its own verdict
column (是否达序 是/否, 完成状态 已完成, 完成情况 序时推进) is the publishing office's
statement — a person's verdict, not a machine's guess — so an imported round shows it as
confirmed, with the basis 来源文件. Only words whose meaning is plain are mapped; anything
else (顺利推进, 有序推进, a score) means nothing here and the task stays a suggestion,
未评估 until the office confirms it. Nothing is guessed from a word's parts.

A yes/no answer means the question its column asks: 是 under 是否达序 is on track, 是
under 是否完成 is done; 否 under 是否完成 says only that the work is not finished, which is
no verdict on its pace.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from duban.store.services.imports import STATED_KEY  # in a report's sections: {"text": "否", "column": "是否达序"}
from duban.work.status import Status

# Verdict words as offices print them (white space and a trailing full stop removed).
WORDS: dict[str, Status] = {
    **dict.fromkeys(("已完成", "完成", "已办结", "办结", "已完工", "全部完成", "已全部完成", "提前完成", "超额完成"),
                    Status.DONE),
    **dict.fromkeys(("超序时", "超进度", "提前", "超序时推进", "超进度推进", "提前推进"), Status.AHEAD),
    **dict.fromkeys(("序时推进", "正常推进", "达序", "达序推进", "按序时", "按序时推进", "达进度", "按进度推进",
                     "按计划推进", "序时"), Status.ON_TRACK),
    **dict.fromkeys(("滞后", "未达序", "欠进度", "未启动", "未开工", "进度滞后", "滞后推进", "滞后序时", "未达进度",
                     "尚未启动", "尚未开工"), Status.BEHIND),
}

# What a yes/no column asks, by the words of its question → (status for 是, status for 否).
QUESTIONS: tuple[tuple[re.Pattern[str], Status | None, Status | None], ...] = (
    (re.compile(r"滞后|未达序|延期|超期"), Status.BEHIND, None),
    (re.compile(r"达序|序时|按期|按时|按计划|达到.*进度|进度"), Status.ON_TRACK, Status.BEHIND),
    (re.compile(r"完成|办结|完工|建成"), Status.DONE, None),
)
YES, NO = ("是", "√", "✓", "Y"), ("否", "×", "✗", "N")



@dataclass(frozen=True)
class Stated:
    """The words a source printed for a task and the column they stood in."""

    text: str
    column: str | None = None

    @property
    def status(self) -> Status | None:
        return stated_status(self.text, self.column)

    @property
    def shown(self) -> str:
        """As the staff page shows it: ``是否达序：否``, or the words alone."""
        return f"{self.column}：{self.text}" if self.column else self.text

    def to_dict(self) -> dict:
        return {"text": self.text, "column": self.column}

    @classmethod
    def from_dict(cls, data) -> Stated | None:
        if not isinstance(data, dict) or not str(data.get("text") or "").strip():
            return None
        return cls(str(data["text"]), str(data["column"]) if data.get("column") else None)


def stated_of(report) -> Stated | None:
    """The verdict an imported table printed for this report (kept in its ``sections`` by the
    import); None for a report a unit wrote, whatever its sections say."""
    if report.source_document_id is None:
        return None
    return Stated.from_dict((report.sections or {}).get(STATED_KEY))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text or "").rstrip("。.")


def stated_status(text: str | None, column: str | None = None) -> Status | None:
    """The ``Status`` the printed words say, or None when they say none plainly."""
    words = _flat(text or "")
    if not words:
        return None
    if words in WORDS:
        return WORDS[words]
    question = _flat(column or "")
    if question.startswith("是否") and (words in YES or words in NO):
        for pattern, yes, no in QUESTIONS:
            if pattern.search(question[2:]):
                return yes if words in YES else no
    return None
