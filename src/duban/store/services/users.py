"""Workbench accounts: argon2 password hashes, a role, for reporters their unit, and an e-mail address."""
from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from duban.store.db import StoreError, write_transaction
from duban.store.models import USER_ROLES, User
from duban.store.services.audit import record, snapshot

# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~35 ms a check here,
# where argon2-cffi's defaults cost ~380 ms and let a deadline rush of logins starve the server.
# Verifying reads the parameters from each hash, so hashes made with other settings still work.
password_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# one plain address (local@domain.tld): no display name, list or spaces, which a reminder's To header would split
EMAIL = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+")


def clean_email(value: str | None) -> str | None:
    """The address trimmed, or None when empty; a malformed one is refused before it is stored."""
    value = (value or "").strip()
    if not value:
        return None
    if not EMAIL.fullmatch(value):
        raise StoreError(f"邮箱地址 {value} 格式不正确")
    return value


def create_user(*, session: Session, actor: str, username: str, password: str, role: str = "viewer",
                unit_id: int | None = None, email: str | None = None) -> User:
    if role not in USER_ROLES:
        raise StoreError(f"未知角色 {role}（可选: {'、'.join(USER_ROLES)}）")
    if session.scalar(select(User.id).where(User.username == username)):
        raise StoreError(f"用户 {username} 已存在")
    user = User(username=username, password_hash=password_hasher.hash(password), role=role, unit_id=unit_id,
                email=clean_email(email))
    session.add(user)
    session.flush()
    record(session=session, actor=actor, action="create", entity="user", entity_id=user.id, after=snapshot(user))
    return user


def set_password(*, session: Session, actor: str, user_id: int, password: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise StoreError(f"没有用户 {user_id}")
    user.password_hash = password_hasher.hash(password)
    session.flush()
    record(session=session, actor=actor, action="password", entity="user", entity_id=user.id)
    return user


def verify_password(user: User, password: str) -> bool:
    try:
        return password_hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False



def upgrade_hash(*, session: Session, user_id: int, old_hash: str, password: str) -> bool:
    """Re-hash a just-verified password when its hash was made with other parameters; True if stored.

    Only at login is the plain password at hand, so this is the one moment an old
    hash (argon2-cffi's slow defaults, or parameters from before the current ones)
    can be brought to the store's settings. The update matches the old hash, so a
    password changed meanwhile by an administrator is not overwritten. No audit
    event: the password is the same, only how it is stored changed.
    """
    if not password_hasher.check_needs_rehash(old_hash):
        return False
    write_transaction(session)  # the caller's transaction commits the new hash with the login
    result = session.execute(update(User).where(User.id == user_id, User.password_hash == old_hash)
                             .values(password_hash=password_hasher.hash(password))
                             .execution_options(synchronize_session="fetch"))
    return result.rowcount == 1
