"""Settings of an organization (full name, issuing office, addressees), set once and audited.

Why stored on the organization and not in ``DUBAN_*`` settings: one database serves
several governments, and each prints its own name on its tables and notices.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from duban.store.db import StoreError
from duban.store.models import Organization
from duban.store.services.audit import record

SETTINGS = {"full_name": "政府全称", "issuing_office": "发文机关", "addressees": "主送机关"}
MAX_LENGTH = {"full_name": 200, "issuing_office": 200, "addressees": 2000}


@dataclass(frozen=True)
class OrgProfile:
    """What documents print about their organization, with the fallbacks used while unset."""

    name: str
    full_name: str
    issuing_office: str
    addressees: str | None
    missing: tuple[str, ...]  # labels of settings not set (the command says so)

    @classmethod
    def of(cls, org: Organization | None) -> OrgProfile:
        if org is None:
            return cls("", "", "督查室", None, tuple(SETTINGS.values()))
        full = (org.full_name or "").strip() or org.name
        office = (org.issuing_office or "").strip() or f"{full}督查室"
        missing = tuple(label for key, label in SETTINGS.items() if not (getattr(org, key) or "").strip())
        return cls(org.name, full, office, (org.addressees or "").strip() or None, missing)


def update_settings(*, session: Session, org: Organization, actor: str, **values: str | None) -> Organization:
    """Set the given settings (``None`` leaves one as it is, ``""`` clears it); one audit event."""
    changes = {}
    for key, value in values.items():
        if key not in SETTINGS:
            raise StoreError(f"未知的机构设置 {key}")
        if value is None:
            continue
        value = " ".join(value.split())
        if "\x00" in value or len(value) > MAX_LENGTH[key]:
            raise StoreError(f"{SETTINGS[key]}过长或含有非法字符（最多 {MAX_LENGTH[key]} 字）")
        changes[key] = value or None
    if not changes:
        return org
    before = {key: getattr(org, key) for key in changes}
    for key, value in changes.items():
        setattr(org, key, value)
    record(session=session, actor=actor, action="settings", entity="organization", entity_id=org.id,
           before=before, after=changes)
    return org
