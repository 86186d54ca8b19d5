"""账号 (the office): create accounts, disable and enable them, reset passwords (shown once), change roles."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.db import StoreError
from duban.store.models import Unit, User
from duban.web.deps import get_db, require_admin
from duban.web.render import flash, page
from duban.work import account_admin

router = APIRouter(tags=["账号"])
SECRET_KEY = "new_password"


def _back(request: Request, message: str, kind: str = "notice") -> RedirectResponse:
    flash(request, message, kind)
    return RedirectResponse("/users", status_code=303)


def _show_once(request: Request, username: str, password: str) -> None:
    """The password rides in the signed session cookie to the next page only, then is dropped."""
    request.state.session = {**request.state.session, SECRET_KEY: [username, password]}


@router.get("/users", summary="账号列表")
def user_list(request: Request, unit_id: int | None = None, format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
              db: Session = Depends(get_db), user: User = Depends(require_admin)):
    users = list(db.scalars(select(User).order_by(User.role, User.username)))
    units = list(db.scalars(select(Unit).order_by(Unit.is_group, Unit.kind, Unit.name)))
    secret = request.state.session.get(SECRET_KEY)
    if secret:
        request.state.session = {k: v for k, v in request.state.session.items() if k != SECRET_KEY}
    data = [{"id": u.id, "username": u.username, "role": u.role, "unit": u.unit.name if u.unit else None,
             "email": u.email, "active": u.active} for u in users]
    return page(request, "users.html", {"users": users, "units": units, "secret": secret,
                                        "me": user.id, "preset_unit": unit_id}, data)


def _unit_id(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@router.post("/users", summary="新建账号（随机密码，只显示一次）")
def user_create(request: Request, username: str = Form(""), role: str = Form(""), unit_id: str = Form(""),
                email: str = Form(""), db: Session = Depends(get_db), admin: User = Depends(require_admin)):
    try:
        created, password = account_admin.add_account(db, actor=admin.username, username=username, role=role,
                                                      unit_id=_unit_id(unit_id), email=email)
    except StoreError as exc:
        db.rollback()
        return _back(request, f"未能新建账号：{exc}", "error")
    _show_once(request, created.username, password)
    return _back(request, f"已新建账号 {created.username}")


@router.post("/users/{user_id}/active", summary="停用或启用账号")
def user_active(request: Request, user_id: int, active: bool = Form(...), db: Session = Depends(get_db),
                admin: User = Depends(require_admin)):
    try:
        target = account_admin.set_active(db, actor=admin.username, user_id=user_id, active=active,
                                          acting_user_id=admin.id)
    except StoreError as exc:
        db.rollback()
        return _back(request, str(exc), "error")
    return _back(request, f"已{'启用' if active else '停用'}账号 {target.username}")


@router.post("/users/{user_id}/password", summary="重置密码（新密码只显示一次）")
def user_password(request: Request, user_id: int, db: Session = Depends(get_db), admin: User = Depends(require_admin)):
    try:
        target, password = account_admin.reset_password(db, actor=admin.username, user_id=user_id)
    except StoreError as exc:
        db.rollback()
        return _back(request, str(exc), "error")
    _show_once(request, target.username, password)
    return _back(request, f"已重置 {target.username} 的密码")


@router.post("/users/{user_id}/role", summary="修改角色、所属单位和邮箱")
def user_role(request: Request, user_id: int, role: str = Form(""), unit_id: str = Form(""), email: str = Form(""),
              db: Session = Depends(get_db), admin: User = Depends(require_admin)):
    try:
        target = account_admin.change_role(db, actor=admin.username, user_id=user_id, role=role,
                                           unit_id=_unit_id(unit_id), acting_user_id=admin.id)
        if (target.email or "") != email.strip():
            account_admin.set_email(db, actor=admin.username, user_id=user_id, email=email)
    except StoreError as exc:
        db.rollback()
        return _back(request, str(exc), "error")
    return _back(request, f"已保存 {target.username}")
