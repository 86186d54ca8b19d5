"""催办 is sent once per unit, round and day, even when two runs start at the same moment; failures are retried.

Real processes (``duban remind``) against one database on both backends, and a
real local SMTP sink (``conftest.py``) answering slowly, so the two runs are
sending at the same time.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date

import pytest
from alembic import command
from factories.store import make_plan, make_task
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from duban.settings import Settings
from duban.store import db as store_db
from duban.store.db import session_scope
from duban.store.models import AuditEvent, ReminderSend, Round, Unit
from duban.store.services.rounds import create_round
from duban.store.services.units import set_unit_email
from duban.work.remind_store import run_reminders, sent_keys

DUE = date(2024, 4, 10)
UNITS = {"区住建委": "zjw@example.org", "区财政局": "czj@example.org", "永外街道": "yw@example.org",
         "区教委": "jw@example.org", "区卫健委": "wjw@example.org"}

# waits for the go file after its imports, so both runs start the reminder work together
CHILD = """
import os, sys, time
from duban.cli import run
go = sys.argv.pop(1)
while not os.path.exists(go):
    time.sleep(0.002)
sys.argv[0] = "duban"
run()
"""


@pytest.fixture
def ledger(db_url):
    """An open round due on ``DUE`` with one task for each unit of ``UNITS``, each unit with a contact address."""
    with session_scope(db_url) as session:
        plan = make_plan(session=session)
        for seq, name in enumerate(UNITS, 1):
            make_task(session=session, plan=plan, seq=seq, content=f"第{seq}项任务。", units=(name,))
            set_unit_email(session=session, org_id=plan.org_id, name=name, email=UNITS[name], actor="t")
        create_round(session=session, actor="t", plan_id=plan.id, label="第一季度", end=date(2024, 3, 31),
                     due=DUE, state="open")
    return db_url


def mailed_units(sink) -> Counter:
    return Counter(rcpt for envelope in sink.messages for rcpt in envelope.rcpt_tos)


def test_two_runs_at_once_send_each_unit_exactly_one_email(ledger, smtp_sink, tmp_path):
    sink, port = smtp_sink
    sink.delay = 0.3  # a message takes a while: without a claim both runs would mail every unit
    env = {**os.environ, "DUBAN_DATABASE_URL": ledger, "DUBAN_SMTP_HOST": "127.0.0.1",
           "DUBAN_SMTP_PORT": str(port), "DUBAN_SMTP_FROM": "dc@example.org"}
    env.pop("DUBAN_WEBHOOK_URL", None)
    go = tmp_path / "go"
    cmd = [sys.executable, "-c", CHILD, str(go), "remind", "--today", DUE.isoformat(), "--json"]
    runs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    time.sleep(3)  # both have imported duban and are waiting
    go.touch()
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (_out, err) in zip(runs, outputs):
        assert run.returncode == 0, err
    assert mailed_units(sink) == Counter({address: 1 for address in UNITS.values()})
    reported = [row["unit"] for out, _ in outputs for row in json.loads(out)]
    assert sorted(reported) == sorted(UNITS)  # each unit in the output of exactly one run
    with session_scope(ledger) as session:
        states = Counter(session.scalars(select(ReminderSend.state)))
        events = session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "remind"))
    assert states == {"sent": len(UNITS)} and events == len(UNITS)
    again = subprocess.run([sys.executable, "-m", "duban.cli", "remind", "--today", DUE.isoformat(), "--json"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and json.loads(again.stdout) == [] and len(sink.messages) == len(UNITS)


def test_a_failed_email_is_retried_but_what_was_delivered_is_not_repeated(ledger, smtp_sink, robot):
    sink, port = smtp_sink
    url, received, _ = robot
    down = Settings(database_url=ledger, smtp_host="127.0.0.1", smtp_port=1, webhook_url=url)
    with session_scope(ledger) as session:
        first = run_reminders(session, down, today=DUE, actor="cron")
    assert len(first) == len(UNITS) and len(received) == len(UNITS) and sink.messages == []
    assert all({d.channel: d.ok for d in s.deliveries} == {"email": False, "webhook": True} for s in first)
    with session_scope(ledger) as session:
        assert sent_keys(session, DUE) == set()  # failed: the next run may send again

    up = Settings(database_url=ledger, smtp_host="127.0.0.1", smtp_port=port, webhook_url=url)
    with session_scope(ledger) as session:
        retry = run_reminders(session, up, today=DUE, actor="office")
    assert all([(d.channel, d.ok) for d in s.deliveries] == [("email", True)] for s in retry)
    assert mailed_units(sink) == Counter({address: 1 for address in UNITS.values()})
    assert len(received) == len(UNITS)  # the robot, which had delivered, is not called again
    with session_scope(ledger) as session:
        rows = list(session.scalars(select(ReminderSend)))
        assert {(r.state, r.attempts, r.actor) for r in rows} == {("sent", 2, "office")}
        assert all(r.channels == {"email": True, "webhook": True} for r in rows)
        assert run_reminders(session, up, today=DUE, actor="office") == []
    assert len(sink.messages) == len(UNITS) and len(received) == len(UNITS)


def test_a_reminder_left_sending_by_a_killed_run_is_not_sent_again_that_day(ledger, smtp_sink):
    sink, port = smtp_sink
    with session_scope(ledger) as session:
        unit_id = session.scalar(select(Unit.id).where(Unit.name == "永外街道"))
        round_id = session.scalar(select(Round.id))
        session.add(ReminderSend(round_id=round_id, unit_id=unit_id, day=DUE, state="sending", actor="cron"))
    settings = Settings(database_url=ledger, smtp_host="127.0.0.1", smtp_port=port)
    with session_scope(ledger) as session:
        sent = run_reminders(session, settings, today=DUE, actor="office")
    assert sorted(s.reminder.unit_name for s in sent) == sorted(set(UNITS) - {"永外街道"})
    assert UNITS["永外街道"] not in mailed_units(sink)
    with session_scope(ledger) as session:  # the next day it is chased as usual
        tomorrow = run_reminders(session, settings, today=date(2024, 4, 11), actor="cron")
    assert len(tomorrow) == len(UNITS) and mailed_units(sink)[UNITS["永外街道"]] == 1


def test_reminders_recorded_before_the_upgrade_count_as_sent(empty_db_url):
    engine = store_db.make_engine(empty_db_url)
    store_db.upgrade(engine)
    with Session(engine) as session, session.begin():
        plan = make_plan(session=session)
        make_task(session=session, plan=plan, seq=1, units=("区住建委",))
        make_task(session=session, plan=plan, seq=2, units=("永外街道",))
        rnd = create_round(session=session, actor="t", plan_id=plan.id, label="第一季度", end=date(2024, 3, 31),
                           due=DUE, state="open")
        units, round_id = {u.name: u.id for u in session.scalars(select(Unit))}, rnd.id
    with engine.begin() as conn:
        command.downgrade(store_db.alembic_config(conn), "0003")
    with Session(engine) as session, session.begin():  # what run_reminders wrote before: the audit trail only
        for name, channels in (("区住建委", {"email": True}), ("永外街道", {"email": False})):
            session.add(AuditEvent(actor="remind", action="remind", entity="unit", entity_id=units[name],
                                   after={"unit": name, "round_id": round_id, "day": DUE.isoformat(),
                                          "channels": channels}))
    store_db.upgrade(engine)
    with Session(engine) as session:
        assert sent_keys(session, DUE) == {(units["区住建委"], round_id, DUE)}  # the failed one may be retried
        states = dict(session.execute(select(ReminderSend.unit_id, ReminderSend.state)).all())
    engine.dispose()
    assert states == {units["区住建委"]: "sent", units["永外街道"]: "failed"}
