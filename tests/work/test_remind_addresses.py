"""Where reminders go: reporters' stored addresses and a unit's contact address, on both databases.

A real SMTP sink and robot receiver (``conftest.py``); the ledger is built
through the store's services and the CLI, as an office would set it up.
"""
from __future__ import annotations

import json
from datetime import date
from email import message_from_bytes, policy

import pytest
from factories.store import make_plan, make_task
from sqlalchemy import select
from typer.testing import CliRunner

from duban.cli import app
from duban.settings import Settings
from duban.store.db import StoreError, session_scope
from duban.store.models import AuditEvent, Unit, User
from duban.store.services.rounds import create_round
from duban.store.services.users import create_user
from duban.work.remind_store import recipients, run_reminders

DUE = date(2024, 4, 10)


@pytest.fixture
def ledger(db_url, monkeypatch):
    """Two units owing a report in an open round: 区住建委 with two reporters, 永外街道 with no account."""
    monkeypatch.setenv("DUBAN_DATABASE_URL", db_url)
    with session_scope(db_url) as session:
        plan = make_plan(session=session)
        make_task(session=session, plan=plan, seq=1, units=("区住建委",))
        make_task(session=session, plan=plan, seq=2, content="完成背街小巷环境整治。", units=("永外街道",))
        create_round(session=session, actor="test", plan_id=plan.id, label="第一季度", end=date(2024, 3, 31),
                     due=DUE, state="open")
    return db_url


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def add_reporters(url: str) -> None:
    for name, email in (("zjw-li", "li@zjw.example.org"), ("zjw-wang", "wang@zjw.example.org")):
        result = cli("users", "add", name, "--role", "reporter", "--unit", "区住建委", "--email", email,
                     "--password", "pw-123456")
        assert result.exit_code == 0, result.output
    with session_scope(url) as session:
        assert sorted(session.scalars(select(User.email))) == ["li@zjw.example.org", "wang@zjw.example.org"]


def test_one_message_to_both_reporters_and_webhook_only_for_a_unit_without_address(ledger, smtp_sink, robot):
    sink, port = smtp_sink
    url, received, _ = robot
    add_reporters(ledger)
    settings = Settings(database_url=ledger, smtp_host="127.0.0.1", smtp_port=port, smtp_from="dc@example.org",
                        webhook_url=url)
    with session_scope(ledger) as session:
        sent = {s.reminder.unit_name: s for s in run_reminders(session, settings, today=DUE, actor="t")}
    assert set(sent) == {"区住建委", "永外街道"}
    [envelope] = sink.messages
    assert sorted(envelope.rcpt_tos) == ["li@zjw.example.org", "wang@zjw.example.org"]
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert "区住建委" in mail.get_content() and "永外街道" not in mail.get_content()
    assert len(received) == 2  # the robot hears about both units
    street = sent["永外街道"]
    assert street.recipients == () and [(d.channel, d.ok, d.skipped) for d in street.deliveries] == [
        ("email", False, True), ("webhook", True, False)]
    with session_scope(ledger) as session:
        events = {e.after["unit"]: e.after for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "remind"))}
    assert events["区住建委"]["recipients"] == ["li@zjw.example.org", "wang@zjw.example.org"]
    assert events["区住建委"]["channels"] == {"email": True, "webhook": True}
    assert events["永外街道"]["channels"] == {"webhook": True}


def test_dry_run_names_the_addresses_and_says_when_there_is_none(ledger):
    add_reporters(ledger)
    result = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["remind", "--dry-run", "--today", DUE.isoformat()])
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") > 3}
    assert "无邮箱" in lines["永外街道"] and "无邮箱" not in lines["区住建委"]
    assert "li@zjw.example.org" in lines["区住建委"]
    planned = json.loads(cli("remind", "--dry-run", "--today", DUE.isoformat(), "--json").stdout)
    assert {p["unit"]: p["recipients"] for p in planned} == {
        "区住建委": ["li@zjw.example.org", "wang@zjw.example.org"], "永外街道": []}
    with session_scope(ledger) as session:
        assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "remind")) is None


def test_unit_contact_address_and_the_old_user_name_fallback(ledger):
    result = cli("units", "email", "永外街道", "office@yw.example.org")
    assert result.exit_code == 0, result.output
    assert cli("users", "add", "old@zjw.example.org", "--role", "reporter", "--unit", "区住建委",
               "--password", "pw-123456").exit_code == 0
    assert json.loads(cli("units", "show", "永外街道", "--json").stdout)["email"] == "office@yw.example.org"
    with session_scope(ledger) as session:
        units = {u.name: u.id for u in session.scalars(select(Unit))}
        assert recipients(session, units["永外街道"]) == ["office@yw.example.org"]
        assert recipients(session, units["区住建委"]) == ["old@zjw.example.org"]
    assert cli("units", "email", "永外街道").exit_code == 0  # no address: cleared
    with session_scope(ledger) as session:
        assert recipients(session, units["永外街道"]) == []


@pytest.mark.parametrize("args", [
    ("users", "add", "x", "--role", "reporter", "--unit", "区住建委", "--email", "不是邮箱", "--password", "p"),
    ("units", "email", "永外街道", "a@b@c.org"),
])
def test_a_malformed_address_is_one_line_and_stores_nothing(ledger, args):
    result = cli(*args)
    assert result.exit_code != 0 and result.stderr.startswith("duban: ") and "格式不正确" in result.stderr
    assert "Traceback" not in result.output
    with session_scope(ledger) as session:
        assert session.scalars(select(User)).all() == []
        assert session.scalar(select(Unit.email).where(Unit.name == "永外街道")) is None


def test_service_refuses_a_display_name_address(ledger):
    with session_scope(ledger) as session, pytest.raises(StoreError, match="格式不正确"):
        create_user(session=session, actor="t", username="y", password="p", role="viewer",
                    email="张三 <zhang@example.org>")
