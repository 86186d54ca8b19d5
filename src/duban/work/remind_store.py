"""催办 against the ledger: read who owes reports, claim, send, and record what was sent.

Each reminder is a ``ReminderSend`` row keyed by (round, unit, day), inserted and
committed in a transaction of its own *before* anything is sent. Two runs at the
same moment (a cron ``duban remind`` and the office's button) both select the
unit, but only the run whose insert wins sends; the other's insert meets the
unique key and it moves on. After sending, the row says ``sent`` or ``failed``
and an ``AuditEvent`` (action ``remind``) records who was chased, as the office
reads it in the trail.

What the office expects: a reminder that went out is never sent again that day;
one that failed is retried by the next run (the button again, or tomorrow's
cron), sending only the channels that failed. A run killed between claiming and
recording leaves its row ``sending``, and that unit is not chased again that
day: whether the mail left cannot be known, and a double 催办 is worse than one
a day late inside a window of several days.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from duban.settings import Settings
from duban.store.db import transaction, write_transaction
from duban.store.models import Plan, ReminderSend, Round, Unit, User, utcnow
from duban.store.services.audit import record
from duban.work import ledger
from duban.work.notify import NO_ADDRESS, Delivery, deliver
from duban.work.remind import DueTask, Reminder, select_reminders
from duban.work.states import RoundState
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
            counted = [r for r in reports.get(task.id, []) if r.state in COUNTED_STATES]
            if unit.is_group and unit.members:  # 各街道办事处: each member reports, so each member is chased
                for member in unit.members:
                    rows.append(DueTask(rnd.id, rnd.label, plan.title, rnd.due, member.id, member.name, task.id,
                                        ledger.task_label(task), any(r.unit_id == member.id for r in counted)))
                continue
            rows.append(DueTask(rnd.id, rnd.label, plan.title, rnd.due, unit.id, unit.name, task.id,
                                ledger.task_label(task), bool(counted)))
    return rows


def sent_keys(session: Session, day: date) -> set[tuple[int, int, date]]:
    """(unit, round, day) of reminders sent or being sent on ``day``; failed ones may be sent again."""
    rows = session.execute(select(ReminderSend.unit_id, ReminderSend.round_id).where(
        ReminderSend.day == day, ReminderSend.state != "failed"))
    return {(unit_id, round_id, day) for unit_id, round_id in rows}


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


def _of(reminder: Reminder):
    return select(ReminderSend).where(ReminderSend.round_id == reminder.round_id,
                                      ReminderSend.unit_id == reminder.unit_id, ReminderSend.day == reminder.day)


def claim(sessions: sessionmaker[Session], reminder: Reminder, actor: str) -> frozenset[str] | None:
    """Take the reminder for this run, committed before sending; None when another run has it.

    Returns the channels an earlier failed attempt already delivered. A new key is
    an insert the unique constraint lets only one run make; a failed one is taken
    back under a row lock (PostgreSQL) or the write lock (SQLite), so of two
    retries at once only the first sees it still ``failed``.
    """
    try:
        with transaction(sessions) as session:
            write_transaction(session)
            session.add(ReminderSend(round_id=reminder.round_id, unit_id=reminder.unit_id, day=reminder.day,
                                     state="sending", attempts=1, actor=actor, channels={}))
        return frozenset()
    except IntegrityError:
        pass  # the key exists: sent, being sent by another run, or failed
    with transaction(sessions) as session:
        write_transaction(session)
        row = session.scalar(_of(reminder).where(ReminderSend.state == "failed").with_for_update())
        if row is None:
            return None
        row.state, row.actor, row.claimed_at, row.finished_at = "sending", actor, utcnow(), None
        row.attempts += 1
        return frozenset(c for c, ok in (row.channels or {}).items() if ok)


def finish(sessions: sessionmaker[Session], sent: Sent, done: frozenset[str], actor: str) -> None:
    """Record the outcome on the claim and in the audit trail, in one transaction."""
    this_time = {d.channel: d.ok for d in sent.deliveries if not d.skipped}
    with transaction(sessions) as session:
        write_transaction(session)
        row = session.scalar(_of(sent.reminder))
        row.state = "sent" if all(this_time.values()) else "failed"
        row.channels = {**{c: True for c in done}, **this_time}
        row.finished_at = utcnow()
        record(session=session, actor=actor, action="remind", entity="unit", entity_id=sent.reminder.unit_id,
               after={**sent.reminder.to_dict(), "recipients": list(sent.recipients), "channels": this_time})


def run_reminders(session: Session, settings: Settings, *, today: date, actor: str, dry_run: bool = False,
                  round_ids: list[int] | None = None) -> list[Sent]:
    """Select today's reminders for open rounds and send (unless ``dry_run``) those this run claims.

    Claims and outcomes are committed on sessions of their own, so ``session`` is
    only read: call this before writing in it (on SQLite a write held there would
    lock the claims out). Nothing is held for writing while a mail server or
    robot takes its time to answer. Returns what this run sent (or would send).
    """
    query = select(Round).where(Round.state == RoundState.OPEN)
    if round_ids is not None:
        query = query.where(Round.id.in_(round_ids))
    rounds = list(session.scalars(query))
    reminders = select_reminders(due_tasks(session, rounds), today, settings.remind_days, sent_keys(session, today))
    if dry_run:
        return [Sent(r, [], tuple(recipients(session, r.unit_id))) for r in reminders]
    sessions = sessionmaker(session.get_bind(), expire_on_commit=False)
    results = []
    for reminder in reminders:
        done = claim(sessions, reminder, actor)
        if done is None:
            continue
        addresses = tuple(recipients(session, reminder.unit_id))
        sent = Sent(reminder, deliver(settings, reminder, addresses, done), addresses)
        finish(sessions, sent, done, actor)
        results.append(sent)
    return results
