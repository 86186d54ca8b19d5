"""催办 selection (pure, moved clock) and delivery to a real local SMTP sink and HTTP receiver."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from email import message_from_bytes, policy

import pytest

from duban.settings import Settings
from duban.work.notify import deliver, robot_payload, send_email, send_webhook
from duban.work.remind import DueTask, select_reminders

DUE = date(2023, 10, 10)


def row(unit_id, task_id, reported=False, round_id=1, due=DUE):
    names = {1: "区住建委", 2: "区财政局", 3: "永外街道"}
    return DueTask(round_id, "前三季度", "2023年重点任务", due, unit_id, names[unit_id], task_id,
                   f"第{task_id}项 推进申请式退租", reported)


ROWS = [row(1, 5), row(1, 7), row(1, 9, reported=True), row(2, 20, reported=True), row(3, 4)]


def test_one_message_per_unit_listing_only_its_missing_tasks():
    reminders = select_reminders(ROWS, date(2023, 10, 8), days=3)
    assert [(r.unit_name, r.tasks) for r in reminders] == [
        ("区住建委", ("第5项 推进申请式退租", "第7项 推进申请式退租")),
        ("永外街道", ("第4项 推进申请式退租",)),
    ]
    assert reminders[0].subject == "【催办】2023年重点任务前三季度进展报送2天后截止"
    assert "截止日期为2023年10月10日" in reminders[0].body and "以下2项任务尚未报送" in reminders[0].body


@pytest.mark.parametrize("today, expected", [
    (date(2023, 10, 6), 0), (date(2023, 10, 7), 2), (date(2023, 10, 10), 2),
    (date(2023, 10, 13), 2), (date(2023, 10, 14), 0),
])
def test_window_is_days_before_and_after_the_due_date(today, expected):
    assert len(select_reminders(ROWS, today, days=3)) == expected


def test_overdue_subject():
    [first, _] = select_reminders(ROWS, date(2023, 10, 12), days=3)
    assert first.subject.endswith("已逾期2天")


def test_never_twice_for_the_same_unit_round_and_day():
    today = date(2023, 10, 9)
    first = select_reminders(ROWS, today, days=3)
    again = select_reminders(ROWS, today, days=3, already_sent={r.key for r in first})
    tomorrow = select_reminders(ROWS, date(2023, 10, 10), days=3, already_sent={r.key for r in first})
    assert again == [] and len(tomorrow) == 2


def test_each_round_is_its_own_message():
    rows = ROWS + [row(1, 30, round_id=2, due=date(2023, 10, 11))]
    reminders = select_reminders(rows, date(2023, 10, 9), days=3)
    assert sorted((r.unit_id, r.round_id) for r in reminders) == [(1, 1), (1, 2), (3, 1)]


# --- delivery ------------------------------------------------------------------

def test_email_reaches_the_smtp_sink_in_chinese(smtp_sink):
    sink, port = smtp_sink
    reminder = select_reminders(ROWS, date(2023, 10, 8), days=3)[0]
    settings = Settings(database_url="sqlite://", smtp_host="127.0.0.1", smtp_port=port, smtp_from="dc@example.org")
    result = send_email(settings, reminder, ["zjw@example.org"])
    assert result.ok, result.detail
    [envelope] = sink.messages
    assert envelope.rcpt_tos == ["zjw@example.org"] and envelope.mail_from == "dc@example.org"
    mail = message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"] == reminder.subject
    assert "第7项 推进申请式退租" in mail.get_content()


def test_email_to_a_closed_port_fails_cleanly():
    reminder = select_reminders(ROWS, date(2023, 10, 8), days=3)[0]
    settings = Settings(database_url="sqlite://", smtp_host="127.0.0.1", smtp_port=1)
    result = send_email(settings, reminder, ["zjw@example.org"])
    assert not result.ok and result.detail


def test_webhook_posts_robot_text_json(robot):
    url, received, _ = robot
    reminder = select_reminders(ROWS, date(2023, 10, 8), days=3)[1]
    result = send_webhook(Settings(database_url="sqlite://", webhook_url=url), reminder)
    assert result.ok
    [(content_type, body)] = received
    assert content_type.startswith("application/json")
    payload = json.loads(body.decode("utf-8"))
    assert payload == robot_payload(reminder)
    assert payload["msgtype"] == "text" and "永外街道" in payload["text"]["content"]


def test_webhook_error_code_is_a_failure(robot):
    url, _, answer = robot
    answer["body"] = b'{"errcode":310000,"errmsg":"keywords not in content"}'
    reminder = select_reminders(ROWS, date(2023, 10, 8), days=3)[0]
    result = send_webhook(Settings(database_url="sqlite://", webhook_url=url), reminder)
    assert not result.ok and "310000" in result.detail


def test_deliver_uses_only_configured_channels(robot):
    url, received, _ = robot
    reminder = select_reminders(ROWS, date(2023, 10, 8), days=3)[0]
    results = deliver(Settings(database_url="sqlite://", webhook_url=url), reminder, [])
    assert [r.channel for r in results] == ["webhook"] and len(received) == 1
    assert deliver(replace(Settings(database_url="sqlite://")), reminder, []) == []
