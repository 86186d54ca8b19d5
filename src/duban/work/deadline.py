"""报送时限: where a round stands against its due date, and who has not handed in — before and after it.

Why apart from the statuses: 未报送 is a status only once the due date has passed,
so before it the status cards say 0 while units are still owing. The office
needs both views: 未到期 (time left), 临期 (the last days), 逾期 (past due), and
the units that owe reports in each case.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duban.work.rounds import TaskStatus

NEAR_DAYS = 3  # 临期: due within this many days


@dataclass(frozen=True)
class Owing:
    unit_id: int | None
    unit_name: str
    missing: int
    tasks: int


@dataclass(frozen=True)
class Deadline:
    due: date | None
    days_left: int | None
    owing: list[Owing]

    @property
    def phase(self) -> str:
        """not_due / near / overdue (none when the round has no due date)."""
        if self.days_left is None:
            return "none"
        if self.days_left < 0:
            return "overdue"
        return "near" if self.days_left <= NEAR_DAYS else "not_due"

    @property
    def phase_label(self) -> str:
        return {"not_due": "未到期", "near": "临期", "overdue": "逾期", "none": "未设截止日期"}[self.phase]

    @property
    def missing(self) -> int:
        return sum(o.missing for o in self.owing)

    def to_dict(self) -> dict:
        return {"due": self.due.isoformat() if self.due else None, "days_left": self.days_left,
                "phase": self.phase, "phase_label": self.phase_label, "missing": self.missing,
                "owing": [{"unit_id": o.unit_id, "unit": o.unit_name, "missing": o.missing, "tasks": o.tasks}
                          for o in self.owing]}


def deadline(statuses: list[TaskStatus], due: date | None, today: date) -> Deadline:
    per_unit: dict[int | None, list[TaskStatus]] = {}
    for s in statuses:
        per_unit.setdefault(s.unit_id, []).append(s)
    owing = [Owing(uid, rows[0].unit_name or "（未指定单位）", sum(1 for s in rows if s.handed_in_at is None), len(rows))
             for uid, rows in per_unit.items()]
    owing = sorted((o for o in owing if o.missing), key=lambda o: (-o.missing, o.unit_name))
    return Deadline(due, (due - today).days if due else None, owing)
