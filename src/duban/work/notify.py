"""Sending reminders: e-mail over SMTP and a chat-robot webhook (DingTalk / WeCom).

Side effects only, kept apart from the selection in ``remind.py`` so that the
selection is testable without a network and a failing mail server never changes
who is selected. Both robots accept the same text message JSON
(``{"msgtype": "text", "text": {"content": …}}``) and answer ``{"errcode": 0}``.
"""
from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from duban.settings import Settings
from duban.work.remind import Reminder

TIMEOUT = 10
NO_ADDRESS = "无邮箱"


@dataclass(frozen=True)
class Delivery:
    channel: str  # email / webhook
    ok: bool
    detail: str = ""
    skipped: bool = False  # not attempted (no address): reported, but not a failure that fails a cron run


def build_email(reminder: Reminder, sender: str, recipients: Sequence[str]) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = reminder.subject
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    msg.set_content(reminder.body)
    return msg


def send_email(settings: Settings, reminder: Reminder, recipients: Sequence[str]) -> Delivery:
    if not settings.smtp_host:
        return Delivery("email", False, "未配置 DUBAN_SMTP_HOST")
    if not recipients:
        return Delivery("email", False, NO_ADDRESS, skipped=True)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT) as smtp:
            smtp.send_message(build_email(reminder, settings.smtp_from, recipients))
    except (OSError, smtplib.SMTPException) as exc:
        return Delivery("email", False, f"{type(exc).__name__}: {exc}")
    return Delivery("email", True, "、".join(recipients))


def robot_payload(reminder: Reminder) -> dict:
    return {"msgtype": "text", "text": {"content": f"{reminder.subject}\n{reminder.body}"}}


def send_webhook(settings: Settings, reminder: Reminder) -> Delivery:
    if not settings.webhook_url:
        return Delivery("webhook", False, "未配置 DUBAN_WEBHOOK_URL")
    data = json.dumps(robot_payload(reminder), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(settings.webhook_url, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError) as exc:
        return Delivery("webhook", False, f"{type(exc).__name__}: {exc}")
    try:
        answer = json.loads(body) if body.strip() else {}
    except json.JSONDecodeError:
        answer = {}
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        return Delivery("webhook", False, f"机器人返回错误 {answer.get('errcode')}: {answer.get('errmsg', '')}")
    return Delivery("webhook", True)


def deliver(settings: Settings, reminder: Reminder, recipients: Sequence[str],
            done: Collection[str] = ()) -> list[Delivery]:
    """Every configured channel; a channel that is not configured is left out, not reported as failed.

    ``done`` names channels that already delivered this reminder in an earlier,
    partly failed attempt: a retry must not mail the unit a second time because
    only the robot failed.
    """
    results = []
    if settings.smtp_host and "email" not in done:
        results.append(send_email(settings, reminder, recipients))
    if settings.webhook_url and "webhook" not in done:
        results.append(send_webhook(settings, reminder))
    return results
