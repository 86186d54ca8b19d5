"""催办: which units to chase today, one message per unit listing its missing reports.

Pure selection over plain rows, with ``today`` passed in, so a cron run, the
Rounds page button and the tests agree on who gets what. Sending lives in
``notify.py``; reading rows from the ledger and recording what was sent in
``remind_store.py``.

When: every day from ``days`` days before the due date through ``days`` days
after it (the window the office chases in), for each unit that has a task of an
open round without a handed-in report. A unit is reminded at most once per round
and day — the caller passes what was already sent.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from duban.work.dates import cn_date


@dataclass(frozen=True)
class DueTask:
    """One task a unit must report on in a round, and whether it has."""

    round_id: int
    round_label: str
    plan_title: str
    due: date
    unit_id: int
    unit_name: str
    task_id: int
    task_label: str
    reported: bool


@dataclass(frozen=True)
class Reminder:
    round_id: int
    round_label: str
    plan_title: str
    due: date
    unit_id: int
    unit_name: str
    day: date
    tasks: tuple[str, ...] = field(default=())

    @property
    def days_left(self) -> int:
        return (self.due - self.day).days

    @property
    def subject(self) -> str:
        if self.days_left > 0:
            when = f"{self.days_left}天后截止"
        elif self.days_left == 0:
            when = "今天截止"
        else:
            when = f"已逾期{-self.days_left}天"
        return f"【催办】{self.plan_title}{self.round_label}进展报送{when}"

    @property
    def body(self) -> str:
        lines = [f"{self.unit_name}：",
                 f"《{self.plan_title}》{self.round_label}进展情况报送截止日期为{cn_date(self.due)}，"
                 f"贵单位以下{len(self.tasks)}项任务尚未报送："]
        lines += [f"{i}. {label}" for i, label in enumerate(self.tasks, 1)]
        lines.append("请登录督办系统尽快填报。")
        return "\n".join(lines)

    @property
    def key(self) -> tuple[int, int, date]:
        return (self.unit_id, self.round_id, self.day)

    def to_dict(self) -> dict:
        return {"unit_id": self.unit_id, "unit": self.unit_name, "round_id": self.round_id,
                "round": self.round_label, "due": self.due.isoformat(), "day": self.day.isoformat(),
                "subject": self.subject, "tasks": list(self.tasks)}


def in_window(due: date, today: date, days: int) -> bool:
    return -days <= (today - due).days <= days


def select_reminders(due_tasks: Iterable[DueTask], today: date, days: int,
                     already_sent: set[tuple[int, int, date]] = frozenset()) -> list[Reminder]:
    """One reminder per (unit, round) with missing reports inside the window, unless sent today."""
    grouped: dict[tuple[int, int], list[DueTask]] = {}
    for row in due_tasks:
        if row.reported or not in_window(row.due, today, days):
            continue
        grouped.setdefault((row.unit_id, row.round_id), []).append(row)
    reminders = []
    for (unit_id, round_id), rows in grouped.items():
        if (unit_id, round_id, today) in already_sent:
            continue
        first = rows[0]
        labels = tuple(dict.fromkeys(r.task_label for r in sorted(rows, key=lambda r: r.task_id)))
        reminders.append(Reminder(round_id, first.round_label, first.plan_title, first.due, unit_id,
                                  first.unit_name, today, labels))
    return sorted(reminders, key=lambda r: (r.due, r.unit_name, r.round_id))
