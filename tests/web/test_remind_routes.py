"""催办 against the demo ledger: the Rounds page button, the CLI, and never twice a day."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from duban.settings import Settings
from duban.store.db import session_scope
from duban.store.models import AuditEvent, Round
from duban.web.app import create_app
from duban.work.remind_store import run_reminders


@pytest.fixture
def robot():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"errcode":0}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/send", received
    server.shutdown()
    server.server_close()


def open_round_id(url):
    with session_scope(url) as session:
        return session.scalar(select(Round.id).where(Round.state == "open"))


def test_button_sends_one_message_per_unit_and_not_again_today(demo, clock, robot):
    url, received = robot
    app = create_app(Settings(database_url=demo.database_url, secret_key="k", webhook_url=url), clock=clock)
    round_id = open_round_id(demo.database_url)
    clock.now = clock.now.replace(day=7)  # the day before the 8 March due date: inside the 3-day window
    with TestClient(app):
        from tests.web.conftest import Browser
        admin = Browser(app)
        admin.__enter__()
        account = demo.account("admin")
        assert admin.login(account.username, account.password).status_code == 303
        missing_units = admin.get(f"/rounds/{round_id}?format=json").json()["missing"]
        first = admin.submit(f"/rounds/{round_id}/remind")
        assert first.status_code == 303
        report = admin.get(first.headers["location"])
        assert f"已催办{len(missing_units)}个单位，送达{len(missing_units)}个" in report.text
        assert len(received) == len(missing_units) > 0
        texts = [m["text"]["content"] for m in received]
        assert all(t.startswith("【催办】") and "尚未报送" in t for t in texts)
        assert admin.get(first.headers["location"]).status_code == 200 and len(received) == len(missing_units)
        again = admin.get(admin.submit(f"/rounds/{round_id}/remind").headers["location"])
        assert "没有需要催办的单位" in again.text and len(received) == len(missing_units)
        admin.__exit__(None, None, None)
    with session_scope(demo.database_url) as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "remind")))
    assert len(events) == len(missing_units) and all(e.after["channels"] == {"webhook": True} for e in events)


def test_reporters_cannot_press_the_button(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    assert reporter.submit(f"/rounds/{open_round_id(demo.database_url)}/remind").status_code == 403


def test_reminders_follow_the_window_and_submitted_reports(demo):
    settings = Settings(database_url=demo.database_url, remind_days=3)
    with session_scope(demo.database_url) as session:
        due = session.scalar(select(Round.due).where(Round.state == "open"))
        early = run_reminders(session, settings, today=date.fromordinal(due.toordinal() - 4), actor="t", dry_run=True)
        inside = run_reminders(session, settings, today=due, actor="t", dry_run=True)
        late = run_reminders(session, settings, today=date.fromordinal(due.toordinal() + 4), actor="t", dry_run=True)
    assert early == [] and late == [] and inside
    assert all(s.reminder.days_left == 0 for s in inside)


def test_cli_dry_run_sends_and_records_nothing(demo, robot):
    url, received = robot
    env = {"DUBAN_DATABASE_URL": demo.database_url, "DUBAN_WEBHOOK_URL": url, "PATH": "/usr/bin:/bin"}
    with session_scope(demo.database_url) as session:
        due = session.scalar(select(Round.due).where(Round.state == "open"))
    cmd = [sys.executable, "-m", "duban.cli", "remind", "--today", due.isoformat(), "--json"]
    dry = subprocess.run(cmd + ["--dry-run"], env=env, capture_output=True, text=True, timeout=120)
    assert dry.returncode == 0, dry.stderr
    planned = json.loads(dry.stdout)
    assert planned and received == []
    real = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert real.returncode == 0, real.stderr
    assert len(received) == len(planned)
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert json.loads(again.stdout) == [] and len(received) == len(planned)
    bad = subprocess.run(cmd[:-3] + ["--today", "明天"], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("duban: ") and "Traceback" not in bad.stderr
