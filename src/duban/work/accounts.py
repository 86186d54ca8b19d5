"""Logging in to the workbench: password check (the store keeps argon2 hashes) and throttling.

Why throttling lives here and is in memory: a supervision office runs one server
process; counting failures per user name and per client address for a quarter
hour stops password guessing without a table, and the clock is passed in so the
lock-out can be tested without waiting.
"""
from __future__ import annotations

import secrets
import threading
from collections import deque
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.models import User
from duban.store.services.users import password_hasher, upgrade_hash, verify_password

MAX_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)
ROLE_LABELS = {"admin": "督查室管理员", "reporter": "填报人", "viewer": "查看人"}


@lru_cache(maxsize=1)
def _dummy() -> User:
    """Hashed with the store's own parameters: an unknown name costs what a known one does, no more."""
    return User(username="", password_hash=password_hasher.hash("duban-timing-equaliser"))


def random_password() -> str:
    return secrets.token_urlsafe(9)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password; a hash is checked even for unknown names (same timing).

    The read transaction ends before the hash is verified: argon2 takes tens of
    milliseconds by design, and a deadline rush of logins must not hold every pooled
    database connection meanwhile. A hash made with older parameters is replaced
    by one with the current parameters (left for the caller to commit).
    """
    row = session.execute(select(User.id, User.password_hash, User.active)
                          .where(User.username == username.strip())).first()
    session.rollback()  # nothing was written; this hands the connection back to the pool
    if row is None or not row.active:
        verify_password(_dummy(), password)
        return None
    if not verify_password(User(password_hash=row.password_hash), password):
        return None
    upgrade_hash(session=session, user_id=row.id, old_hash=row.password_hash, password=password)
    return session.get(User, row.id)


class LoginThrottle:
    """At most ``MAX_FAILURES`` failed logins per user name and per client within ``LOCK_WINDOW``."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: timedelta = LOCK_WINDOW):
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, keys: list[str], now: datetime) -> bool:
        with self._lock:
            return any(len(self._recent(k, now)) >= self.max_failures for k in keys)

    def failed(self, keys: list[str], now: datetime) -> None:
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)
