"""Workbench accounts: logging in, and what ends sessions (log out, password change, disable).

Why a session version: the session cookie is signed, not stored, so the server
cannot forget it; instead each cookie carries the user's ``session_version`` as
it was at login, and every request compares it with the stored one. Logging out,
changing the password and disabling the account bump the number, so every cookie
issued before — copied, stolen or left in another browser — stops working at
once. The command line (``duban users passwd|disable|enable``) and the
workbench's account pages call the same functions here. Throttling of guesses is
in ``duban.work.throttle``.
"""
from __future__ import annotations

import secrets
from functools import lru_cache

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from duban.store.db import StoreError, write_transaction
from duban.store.models import User
from duban.store.services.audit import record
from duban.store.services.users import password_hasher, set_password, upgrade_hash, verify_password

MIN_PASSWORD = 8
MAX_PASSWORD = 200
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


def end_sessions(session: Session, user_id: int) -> int:
    """Bump the user's session version: every cookie issued before stops working. Returns the new version."""
    session.execute(update(User).where(User.id == user_id).values(session_version=User.session_version + 1)
                    .execution_options(synchronize_session=False))
    return session.scalar(select(User.session_version).where(User.id == user_id))


def session_is_current(user: User | None, data: dict) -> bool:
    """The cookie's user is active and the cookie was issued under the user's current session version."""
    return user is not None and user.active and data.get("sv", 0) == (user.session_version or 0)


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise StoreError(f"没有用户 {username}")
    return user


def check_new_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"密码至少{MIN_PASSWORD}个字符")
    if len(password) > MAX_PASSWORD or "\x00" in password:
        raise StoreError(f"密码不能超过{MAX_PASSWORD}个字符，且不能含控制字符")
    return password


def change_password(session: Session, *, actor: str, user_id: int, password: str) -> User:
    """A new password (checked for length), and every session of the user ended."""
    write_transaction(session)
    user = set_password(session=session, actor=actor, user_id=user_id, password=check_new_password(password))
    end_sessions(session, user_id)
    session.refresh(user)
    return user


def set_active(session: Session, *, actor: str, user_id: int, active: bool) -> User:
    """Disable (ending every session at once) or enable an account; audited."""
    write_transaction(session)
    user = session.get(User, user_id)
    if user is None:
        raise StoreError(f"没有用户 {user_id}")
    before = user.active
    user.active = active
    session.flush()
    if not active:
        end_sessions(session, user_id)
        session.refresh(user)
    record(session=session, actor=actor, action="update", entity="user", entity_id=user_id,
           before={"active": before}, after={"active": active})
    return user
