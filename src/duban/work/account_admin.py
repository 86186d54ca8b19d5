"""The office manages accounts from the browser: create, disable, enable, reset a password, change the role.

Why every change ends the account's sessions: a disabled reporter or one whose
password was reset must not keep working in a tab opened before. The session
version that makes that possible belongs to the login code (``accounts.end_sessions``);
these functions call it whenever it is there.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from duban.store.db import StoreError, write_transaction
from duban.store.models import USER_ROLES, Unit, User
from duban.store.services.audit import record
from duban.store.services.users import clean_email, create_user, set_password
from duban.work import accounts
from duban.work.accounts import random_password

USERNAME_MAX = 100


def end_sessions(session: Session, user_id: int) -> None:
    """Log the account out everywhere (the hook of the login code; absent in older versions)."""
    hook = getattr(accounts, "end_sessions", None)
    if hook is not None:
        hook(session, user_id)


def _unit_for(session: Session, role: str, unit_id: int | None) -> int | None:
    if role != "reporter":
        return None
    if unit_id is None:
        raise StoreError("填报人必须指定所属单位")
    if session.get(Unit, unit_id) is None:
        raise StoreError("没有这个单位")
    return unit_id


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise StoreError("没有这个账号")
    return user


def add_account(session: Session, *, actor: str, username: str, role: str, unit_id: int | None,
                email: str | None) -> tuple[User, str]:
    """A new account with a random password, returned once to be handed over."""
    username = username.strip()
    if not username or len(username) > USERNAME_MAX or any(c.isspace() for c in username):
        raise StoreError("用户名不能为空、不能含空格，最多100个字符")
    if role not in USER_ROLES:
        raise StoreError("请选择角色")
    write_transaction(session)
    password = random_password()
    user = create_user(session=session, actor=actor, username=username, password=password, role=role,
                       unit_id=_unit_for(session, role, unit_id), email=clean_email(email))
    return user, password


def _admins_left(session: Session, without: int) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.id != without)) or 0


def set_active(session: Session, *, actor: str, user_id: int, active: bool, acting_user_id: int) -> User:
    write_transaction(session)
    user = _user(session, user_id)
    if not active and user.id == acting_user_id:
        raise StoreError("不能停用自己的账号")
    if not active and user.role == "admin" and not _admins_left(session, user.id):
        raise StoreError("这是最后一个管理员账号，不能停用")
    before = user.active
    user.active = active
    session.flush()
    if not active:
        end_sessions(session, user.id)
    record(session=session, actor=actor, action="enable" if active else "disable", entity="user",
           entity_id=user.id, before={"active": before}, after={"active": active})
    return user


def reset_password(session: Session, *, actor: str, user_id: int) -> tuple[User, str]:
    write_transaction(session)
    user = _user(session, user_id)
    password = random_password()
    set_password(session=session, actor=actor, user_id=user.id, password=password)
    end_sessions(session, user.id)
    return user, password


def change_role(session: Session, *, actor: str, user_id: int, role: str, unit_id: int | None,
                acting_user_id: int) -> User:
    if role not in USER_ROLES:
        raise StoreError("请选择角色")
    write_transaction(session)
    user = _user(session, user_id)
    if user.id == acting_user_id and role != "admin":
        raise StoreError("不能取消自己的管理员角色")
    if user.role == "admin" and role != "admin" and not _admins_left(session, user.id):
        raise StoreError("这是最后一个管理员账号，不能改为其他角色")
    before = {"role": user.role, "unit_id": user.unit_id}
    user.role, user.unit_id = role, _unit_for(session, role, unit_id)
    session.flush()
    if before != {"role": user.role, "unit_id": user.unit_id}:
        end_sessions(session, user.id)
    record(session=session, actor=actor, action="role", entity="user", entity_id=user.id, before=before,
           after={"role": user.role, "unit_id": user.unit_id})
    return user


def set_email(session: Session, *, actor: str, user_id: int, email: str | None) -> User:
    write_transaction(session)
    user = _user(session, user_id)
    before = user.email
    user.email = clean_email(email)
    session.flush()
    record(session=session, actor=actor, action="email", entity="user", entity_id=user.id,
           before={"email": before}, after={"email": user.email})
    return user
