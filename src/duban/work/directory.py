"""The unit directory as the office keeps it in the browser: units, names, groups, contacts, reporters.

The store's unit services do the changes (merge, alias, group membership, with
their audit events); this module gathers what the directory page shows in a few
queries and adds the contact details a unit's page needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from duban.store.db import StoreError, write_transaction
from duban.store.models import Assignment, Organization, Unit, User
from duban.store.services.audit import record
from duban.store.services.units import AliasProposal, alias_proposals
from duban.store.services.users import clean_email

PHONE = re.compile(r"[0-9+\-() 转]{3,50}")


@dataclass
class UnitRow:
    unit: Unit
    tasks: int
    reporters: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


@dataclass
class Directory:
    org: Organization | None
    rows: list[UnitRow]
    proposals: list[AliasProposal]

    @property
    def groups(self) -> list[UnitRow]:
        return [r for r in self.rows if r.unit.is_group]

    @property
    def units(self) -> list[UnitRow]:
        return [r for r in self.rows if not r.unit.is_group]


def organization(session: Session, org_id: int | None) -> Organization | None:
    if org_id is not None:
        return session.get(Organization, org_id)
    return session.scalar(select(Organization).order_by(Organization.id).limit(1))


def directory(session: Session, org: Organization | None) -> Directory:
    if org is None:
        return Directory(None, [], [])
    units = list(session.scalars(select(Unit).where(Unit.org_id == org.id)
                                 .options(selectinload(Unit.aliases), selectinload(Unit.members))
                                 .order_by(Unit.is_group.desc(), Unit.kind, Unit.name)))
    ids = [u.id for u in units]
    counts = dict(session.execute(select(Assignment.unit_id, func.count()).where(Assignment.unit_id.in_(ids))
                                  .group_by(Assignment.unit_id)).all())
    reporters: dict[int, list[str]] = {}
    for unit_id, name in session.execute(select(User.unit_id, User.username).where(
            User.unit_id.in_(ids), User.active.is_(True)).order_by(User.username)):
        reporters.setdefault(unit_id, []).append(name)
    rows = {u.id: UnitRow(u, counts.get(u.id, 0), reporters.get(u.id, [])) for u in units}
    for u in units:
        if u.is_group:
            for m in u.members:
                if m.id in rows:
                    rows[m.id].groups.append(u.name)
    return Directory(org, list(rows.values()), alias_proposals(session=session, org_id=org.id))


def set_contact(session: Session, *, actor: str, unit_id: int, name: str, phone: str, email: str) -> Unit:
    """Who the office calls and writes to at a unit; empty fields clear the value."""
    write_transaction(session)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise StoreError("没有这个单位")
    phone = phone.strip()
    if phone and not PHONE.fullmatch(phone):
        raise StoreError(f"电话“{phone}”格式不正确")
    before = {"contact_name": unit.contact_name, "contact_phone": unit.contact_phone, "email": unit.email}
    unit.contact_name = name.strip()[:100] or None
    unit.contact_phone = phone or None
    unit.email = clean_email(email)
    session.flush()
    record(session=session, actor=actor, action="contact", entity="unit", entity_id=unit.id, before=before,
           after={"contact_name": unit.contact_name, "contact_phone": unit.contact_phone, "email": unit.email})
    return unit
