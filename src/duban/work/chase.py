"""催办 as the office and the units see it: who is still owed, what reached them, the banner a unit sees.

The scheduled run (``duban remind``) chases only inside its window around the due
date; the office's button chases every unit still owing a report, whatever the
day, with the same selection and claiming code. What was delivered is read back
from the claims (``ReminderSend``) and their audit events, so the report a person
reads after a reload is the stored truth, not a message held in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.settings import Settings
from duban.store.models import AuditEvent, Plan, ProgressReport, ReminderSend, Round, Task, Unit
from duban.work import ledger
from duban.work.remind import Reminder, select_reminders
from duban.work.remind_store import Sent, due_tasks, run_reminders
from duban.work.states import RoundState
from duban.work.status import COUNTED_STATES


def button_window(rnd: Round, today: date, days: int) -> int:
    """A window wide enough to include today: the button works on any day."""
    return max(days, abs((today - rnd.due).days)) if rnd.due else days


def chase_now(session: Session, settings: Settings, rnd: Round, today: date, actor: str) -> list[Sent]:
    wide = replace(settings, remind_days=button_window(rnd, today, settings.remind_days))
    return run_reminders(session, wide, today=today, actor=actor, round_ids=[rnd.id])


def outstanding(session: Session, rnd: Round, today: date) -> list[Reminder]:
    """Every unit still owing reports in the round, with the message it would get (for the printed 催办单)."""
    if rnd.due is None:
        return []
    return select_reminders(due_tasks(session, [rnd]), today, button_window(rnd, today, 0))


@dataclass(frozen=True)
class DeliveryRow:
    day: date
    unit_name: str
    state: str  # sent / failed / sending
    channels: dict[str, bool]
    recipients: list[str]
    attempts: int

    @property
    def outcome(self) -> str:
        """delivered / failed / undelivered (nothing configured or no address: the unit was not told)."""
        if any(ok is False for ok in self.channels.values()):
            return "failed"
        return "delivered" if self.channels else "undelivered"


def deliveries(session: Session, round_id: int) -> list[DeliveryRow]:
    """Each 催办 of the round, newest day first, with what each channel did."""
    sends = list(session.scalars(select(ReminderSend).where(ReminderSend.round_id == round_id)
                                 .order_by(ReminderSend.day.desc(), ReminderSend.id)))
    names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_({s.unit_id for s in sends}))).all())
    recipients: dict[tuple[int, str], list[str]] = {}
    for event in session.scalars(select(AuditEvent).where(AuditEvent.action == "remind", AuditEvent.entity == "unit",
                                                          AuditEvent.entity_id.in_({s.unit_id for s in sends}))):
        after = event.after or {}
        if after.get("round_id") == round_id:
            recipients[(event.entity_id, after.get("day"))] = list(after.get("recipients") or [])
    return [DeliveryRow(s.day, names.get(s.unit_id, f"（已合并的单位 {s.unit_id}）"), s.state,
                        {k: bool(v) for k, v in (s.channels or {}).items()},
                        recipients.get((s.unit_id, s.day.isoformat()), []), s.attempts) for s in sends]


@dataclass(frozen=True)
class Banner:
    """What a unit's own pages say about a round it still owes reports in."""

    round_id: int
    plan_title: str
    round_label: str
    due: date
    days_left: int
    missing: int
    reminded_on: date | None

    @property
    def urgent(self) -> bool:
        return self.days_left <= 3


def banners(session: Session, unit_id: int, today: date) -> list[Banner]:
    own = ledger.unit_task_ids(session, unit_id)
    found = []
    for rnd in session.scalars(select(Round).where(Round.state == RoundState.OPEN, Round.due.is_not(None))
                               .order_by(Round.due, Round.id)):
        tasks = session.scalars(select(ProgressReport.task_id).where(
            ProgressReport.round_id == rnd.id, ProgressReport.unit_id == unit_id,
            ProgressReport.state.in_(COUNTED_STATES)))
        plan_tasks = set(session.scalars(select(Task.id).where(Task.plan_id == rnd.plan_id))) & own
        missing = len(plan_tasks - set(tasks))
        if not missing:
            continue
        reminded = session.scalar(select(ReminderSend.day).where(
            ReminderSend.round_id == rnd.id, ReminderSend.unit_id == unit_id).order_by(ReminderSend.day.desc()).limit(1))
        plan = session.get(Plan, rnd.plan_id)
        found.append(Banner(rnd.id, plan.title, rnd.label, rnd.due, (rnd.due - today).days, missing, reminded))
    return found
