"""催办 against the ledger: read who owes reports, send, and remember what was sent.

A sent reminder is recorded as an ``AuditEvent`` (action ``remind``, entity
``unit``, with round and day in ``after``) — the store has no reminder table, and
the audit trail is where an office looks for "did we chase them?" anyway. The
record is what keeps a unit from being chased twice for the same round on the
same day, whether by cron or by the button.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.settings import Settings
from duban.store.db import write_transaction
from duban.store.models import AuditEvent, Plan, Round, Unit, User
from duban.store.services.audit import record
from duban.work import ledger
from duban.work.notify import NO_ADDRESS, Delivery, deliver
from duban.work.remind import DueTask, Reminder, select_reminders
from duban.work.status import COUNTED_STATES


def due_tasks(session: Session, rounds: list[Round]) -> list[DueTask]:
    rows = []
    for rnd in rounds:
        if rnd.due is None:
            continue
        plan = session.get(Plan, rnd.plan_id)
        reports = ledger.reports_of_round(session, rnd.id)
        for task in ledger.tasks_of(session, plan.id):
            unit = ledger.reporting_unit(task)
            if unit is None:
                continue
            reported = any(r.state in COUNTED_STATES for r in reports.get(task.id, []))
            rows.append(DueTask(rnd.id, rnd.label, plan.title, rnd.due, unit.id, unit.name, task.id,
                                ledger.task_label(task), reported))
    return rows


def sent_keys(session: Session, day: date) -> set[tuple[int, int, date]]:
    """(unit, round, day) of reminders already sent on ``day``."""
    # audit times are UTC and the office's day is local: look a day either side, match on the recorded day
    since = datetime.combine(day - timedelta(days=1), time.min)
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "remind", AuditEvent.entity == "unit",
                                                      AuditEvent.at >= since))
    keys = set()
    for event in events:
        after = event.after or {}
        if after.get("day") == day.isoformat() and after.get("round_id") is not None:
            keys.add((event.entity_id, int(after["round_id"]), day))
    return keys


def recipients(session: Session, unit_id: int) -> list[str]:
    """Where the unit's reminder goes: its active reporters' addresses and the unit's contact address.

    A reporter without an address whose user name is one (``zhang@…``, how
    accounts were made before addresses were stored) still gets it there.
    """
    found = []
    for username, email in session.execute(select(User.username, User.email).where(
            User.unit_id == unit_id, User.role == "reporter", User.active.is_(True))):
        address = email or (username if "@" in username else None)
        if address:
            found.append(address)
    contact = session.scalar(select(Unit.email).where(Unit.id == unit_id))
    if contact:
        found.append(contact)
    return sorted(set(found), key=lambda a: (a.lower(), a))


@dataclass(frozen=True)
class Sent:
    reminder: Reminder
    deliveries: list[Delivery]
    recipients: tuple[str, ...] = ()

    @property
    def recipients_label(self) -> str:
        return "、".join(self.recipients) or NO_ADDRESS

    def to_dict(self) -> dict:
        return {**self.reminder.to_dict(), "recipients": list(self.recipients),
                "deliveries": [{"channel": d.channel, "ok": d.ok, "detail": d.detail, "skipped": d.skipped}
                               for d in self.deliveries]}


def run_reminders(session: Session, settings: Settings, *, today: date, actor: str, dry_run: bool = False,
                  round_ids: list[int] | None = None) -> list[Sent]:
    """Select today's reminders for open rounds, send them (unless ``dry_run``) and record each.

    Everything is sent before anything is written, so the ledger is not held for
    writing while a mail server or robot takes its time to answer.
    """
    query = select(Round).where(Round.state == "open")
    if round_ids is not None:
        query = query.where(Round.id.in_(round_ids))
    rounds = list(session.scalars(query))
    reminders = select_reminders(due_tasks(session, rounds), today, settings.remind_days, sent_keys(session, today))
    results = []
    for reminder in reminders:
        addresses = tuple(recipients(session, reminder.unit_id))
        deliveries = [] if dry_run else deliver(settings, reminder, addresses)
        results.append(Sent(reminder, deliveries, addresses))
    if dry_run:
        return results
    write_transaction(session)  # only now: the sends above did not hold the ledger for writing
    for sent in results:
        record(session=session, actor=actor, action="remind", entity="unit", entity_id=sent.reminder.unit_id,
               after={**sent.reminder.to_dict(), "recipients": list(sent.recipients),
                      "channels": {d.channel: d.ok for d in sent.deliveries if not d.skipped}})
    session.flush()
    return results
