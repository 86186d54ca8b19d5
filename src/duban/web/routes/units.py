"""单位 (the office): the directory, alias proposals merged in one click, groups, contacts, reporters."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from duban.store.db import StoreError, write_transaction
from duban.store.models import Unit, User
from duban.store.services import units as unit_services
from duban.web.deps import get_db, require_admin
from duban.web.render import flash, page
from duban.work import directory

router = APIRouter(tags=["单位"])


def _back(request: Request, message: str, kind: str = "notice", anchor: str = "") -> RedirectResponse:
    flash(request, message, kind)
    return RedirectResponse(f"/units{anchor}", status_code=303)


@router.get("/units", summary="单位名录：别名建议、单位组、联系人、填报人")
def unit_list(request: Request, org_id: int | None = None,
              format: Literal["html", "json"] = Query("html", description="json 返回同样的数据"),
              db: Session = Depends(get_db), user: User = Depends(require_admin)):
    found = directory.directory(db, directory.organization(db, org_id))
    data = {"units": [{"id": r.unit.id, "name": r.unit.name, "kind": r.unit.kind, "is_group": r.unit.is_group,
                       "aliases": [a.alias for a in r.unit.aliases], "tasks": r.tasks, "reporters": r.reporters,
                       "members": [m.name for m in r.unit.members] if r.unit.is_group else None,
                       "email": r.unit.email, "contact_name": r.unit.contact_name,
                       "contact_phone": r.unit.contact_phone} for r in found.rows],
            "proposals": [{"name": p.name, "other": p.other, "score": p.score, "reason": p.reason}
                          for p in found.proposals]}
    ids = {r.unit.name: r.unit.id for r in found.rows}
    return page(request, "units.html", {"dir": found, "ids": ids}, data)


def _org_id(db: Session) -> int:
    org = directory.organization(db, None)
    if org is None:
        raise StoreError("数据库中还没有机构，请先导入任务清单")
    return org.id


def _unit(db: Session, unit_id: int) -> Unit:
    unit = db.get(Unit, unit_id)
    if unit is None:
        raise StoreError("没有这个单位")
    return unit


@router.post("/units/merge", summary="合并两个单位（前者并入后者，成为其别名）")
def unit_merge(request: Request, source_id: int = Form(...), target_id: int = Form(...),
               db: Session = Depends(get_db), user: User = Depends(require_admin)):
    try:
        write_transaction(db)
        source, target = _unit(db, source_id), _unit(db, target_id)
        name = source.name
        merged = unit_services.merge_units(session=db, org_id=target.org_id, source=source.name, target=target.name,
                                           actor=user.username)
    except StoreError as exc:
        db.rollback()
        return _back(request, f"未能合并：{exc}", "error")
    return _back(request, f"已把“{name}”并入“{merged.name}”，“{name}”成为其别名")


@router.post("/units/{unit_id}/alias", summary="为单位添加别名")
def unit_alias(request: Request, unit_id: int, alias: str = Form(""), db: Session = Depends(get_db),
               user: User = Depends(require_admin)):
    try:
        write_transaction(db)
        unit = _unit(db, unit_id)
        unit_services.add_alias(session=db, org_id=unit.org_id, alias=alias, unit_name=unit.name, actor=user.username)
    except StoreError as exc:
        db.rollback()
        return _back(request, f"未能添加别名：{exc}", "error", f"#unit-{unit_id}")
    return _back(request, f"已添加别名“{alias.strip()}”", anchor=f"#unit-{unit_id}")


@router.post("/units/{unit_id}/contact", summary="设置单位联系人、电话、邮箱")
def unit_contact(request: Request, unit_id: int, contact_name: str = Form(""), contact_phone: str = Form(""),
                 email: str = Form(""), db: Session = Depends(get_db), user: User = Depends(require_admin)):
    try:
        unit = directory.set_contact(db, actor=user.username, unit_id=unit_id, name=contact_name,
                                     phone=contact_phone, email=email)
    except StoreError as exc:
        db.rollback()
        return _back(request, f"未能保存联系人：{exc}", "error", f"#unit-{unit_id}")
    return _back(request, f"已保存{unit.name}的联系人", anchor=f"#unit-{unit_id}")


@router.post("/units/{unit_id}/members", summary="单位组：添加或移除成员单位")
def unit_members(request: Request, unit_id: int, add: str = Form(""), remove: str = Form(""),
                 db: Session = Depends(get_db), user: User = Depends(require_admin)):
    try:
        write_transaction(db)
        group = _unit(db, unit_id)
        names = {k: [_unit(db, int(v)).name] if v.strip().isdigit() else [] for k, v in (("add", add), ("remove", remove))}
        unit_services.edit_group(session=db, org_id=group.org_id, group=group.name, add=names["add"],
                                 remove=names["remove"], actor=user.username)
    except StoreError as exc:
        db.rollback()
        return _back(request, f"未能修改单位组：{exc}", "error", f"#unit-{unit_id}")
    return _back(request, f"已修改单位组“{group.name}”的成员", anchor=f"#unit-{unit_id}")


@router.post("/units", summary="新建单位或单位组")
def unit_create(request: Request, name: str = Form(""), is_group: bool = Form(False), db: Session = Depends(get_db),
                user: User = Depends(require_admin)):
    name = unit_services.clean_name(name)
    try:
        if not name:
            raise StoreError("请填写单位名称")
        write_transaction(db)
        org_id = _org_id(db)
        if unit_services.find_unit(session=db, org_id=org_id, name=name) is not None:
            raise StoreError(f"{name} 已存在")
        if is_group:
            unit = unit_services.edit_group(session=db, org_id=org_id, group=name, actor=user.username)
        else:
            unit = unit_services.resolve_unit(session=db, org_id=org_id, name=name, actor=user.username)
    except StoreError as exc:
        db.rollback()
        return _back(request, f"未能新建：{exc}", "error")
    return _back(request, f"已新建{'单位组' if unit.is_group else '单位'}“{unit.name}”", anchor=f"#unit-{unit.id}")
