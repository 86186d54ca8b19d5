"""The unit directory: printed names to units, aliases, merges, groups and alias proposals.

Why proposals and never automatic merges: ``区规分局`` and ``区规自分局`` are the same
office, but ``区委宣传部`` and ``区委组织部`` are not, and only a person who knows the
government can tell. The rules below only find pairs worth asking about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from duban.store.db import StoreError
from duban.store.models import Assignment, ProgressReport, SearchDoc, Unit, UnitAlias, UnitGroupMember, User
from duban.store.services.audit import record, snapshot
from duban.store.services.users import clean_email

# 各 + a category word (各街道办事处, 区政府各委办局, 各区属机构, 各有关单位); not 各庄街道
GROUP_NAME = re.compile(r"(^|政府|[区市县]属)各(有关|相关)?(街道|乡镇|街乡|委办局|委|局|办|部门|单位|[区市县]属|机构|成员|区|县|市)"
                        r"|^(全体|所有|相关|有关)(单位|部门|街道|乡镇)")
BRACKETED = re.compile(r"[（(][^）)]*[）)]")
STREET = re.compile(r"(街道(办事处|办)?|地区(办事处)?|乡|镇)$")
DEPARTMENT = re.compile(r"(委员会|委|局|办公室|办|部|厅|署|处)$")
LEVEL_PREFIX = re.compile(r"^[区市县]")


def clean_name(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


def is_group_name(name: str) -> bool:
    return bool(GROUP_NAME.search(name))


def unit_kind(name: str) -> str:
    """委办局 / 街道 / 其他 from the name's ending; a group takes the kind of what it names."""
    core = BRACKETED.sub("", name)
    if is_group_name(core):
        if re.search("街道|乡镇|街乡", core):
            return "街道"
        if re.search("委办局|部门|委局", core):
            return "委办局"
        return "其他"
    if STREET.search(core):
        return "街道"
    if DEPARTMENT.search(core):
        return "委办局"
    return "其他"


def find_unit(*, session: Session, org_id: int, name: str) -> Unit | None:
    name = clean_name(name)
    unit = session.scalar(select(Unit).where(Unit.org_id == org_id, Unit.name == name))
    if unit is None:
        unit = session.scalar(select(Unit).join(UnitAlias, UnitAlias.unit_id == Unit.id)
                              .where(UnitAlias.org_id == org_id, UnitAlias.alias == name))
    return unit


def get_unit(*, session: Session, org_id: int, name: str) -> Unit:
    unit = find_unit(session=session, org_id=org_id, name=name)
    if unit is None:
        raise StoreError(f"没有单位 {name}")
    return unit


def resolve_unit(*, session: Session, org_id: int, name: str, actor: str, audit: bool = True) -> Unit:
    """The unit a printed name stands for, created (with kind and group links) when new."""
    name = clean_name(name)
    unit = find_unit(session=session, org_id=org_id, name=name)
    if unit is not None:
        return unit
    unit = Unit(org_id=org_id, name=name, kind=unit_kind(name), is_group=is_group_name(name))
    session.add(unit)
    session.flush()
    if unit.is_group:
        if unit.kind != "其他":
            peers = session.scalars(select(Unit.id).where(Unit.org_id == org_id, Unit.kind == unit.kind,
                                                         Unit.is_group.is_(False))).all()
            session.add_all(UnitGroupMember(group_id=unit.id, member_id=p) for p in peers)
    else:
        groups = session.scalars(select(Unit.id).where(Unit.org_id == org_id, Unit.kind == unit.kind,
                                                      Unit.is_group.is_(True))).all()
        session.add_all(UnitGroupMember(group_id=g, member_id=unit.id) for g in groups)
    if audit:
        record(session=session, actor=actor, action="create", entity="unit", entity_id=unit.id, after=snapshot(unit))
    return unit


def add_alias(*, session: Session, org_id: int, alias: str, unit_name: str, actor: str) -> UnitAlias:
    """Make ``alias`` another printed name of an existing unit."""
    alias = clean_name(alias)
    unit = get_unit(session=session, org_id=org_id, name=unit_name)
    existing = find_unit(session=session, org_id=org_id, name=alias)
    if existing is not None and existing.id == unit.id:
        raise StoreError(f"{alias} 已是 {unit.name} 的名称")
    if existing is not None:
        raise StoreError(f"{alias} 已是单位 {existing.name}，请用 duban units merge {alias} {unit.name}")
    row = UnitAlias(org_id=org_id, alias=alias, unit_id=unit.id)
    session.add(row)
    session.flush()
    record(session=session, actor=actor, action="alias", entity="unit", entity_id=unit.id,
           after={"alias": alias, "unit": unit.name})
    return row


def set_unit_email(*, session: Session, org_id: int, name: str, email: str | None, actor: str) -> Unit:
    """Set (or, with None, clear) the unit's contact address for reminders."""
    unit = get_unit(session=session, org_id=org_id, name=name)
    before = {"email": unit.email}
    unit.email = clean_email(email)
    session.flush()
    record(session=session, actor=actor, action="email", entity="unit", entity_id=unit.id, before=before,
           after={"email": unit.email})
    return unit


def merge_units(*, session: Session, org_id: int, source: str, target: str, actor: str) -> Unit:
    """Fold unit ``source`` into ``target``: its tasks, reports, users and names move; it becomes an alias."""
    src = get_unit(session=session, org_id=org_id, name=source)
    dst = get_unit(session=session, org_id=org_id, name=target)
    if src.id == dst.id:
        raise StoreError(f"{source} 与 {target} 已是同一单位")
    if src.is_group != dst.is_group:
        raise StoreError("单位组只能与单位组合并")
    src_pairs = set(session.execute(select(ProgressReport.task_id, ProgressReport.round_id)
                                    .where(ProgressReport.unit_id == src.id)).all())
    dst_pairs = set(session.execute(select(ProgressReport.task_id, ProgressReport.round_id)
                                    .where(ProgressReport.unit_id == dst.id)).all())
    if src_pairs & dst_pairs:
        raise StoreError(f"无法合并：{src.name} 与 {dst.name} 在同一轮次报送了同一任务的进展")
    before = {"source": snapshot(src), "target": snapshot(dst)}
    dst_tasks = set(session.scalars(select(Assignment.task_id).where(Assignment.unit_id == dst.id)))
    for a in session.scalars(select(Assignment).where(Assignment.unit_id == src.id)).all():
        if a.task_id in dst_tasks:
            session.delete(a)
        else:
            a.unit_id = dst.id
    session.execute(update(ProgressReport).where(ProgressReport.unit_id == src.id).values(unit_id=dst.id))
    session.execute(update(SearchDoc).where(SearchDoc.unit_id == src.id).values(unit_id=dst.id))
    session.execute(update(User).where(User.unit_id == src.id).values(unit_id=dst.id))
    session.execute(update(UnitAlias).where(UnitAlias.unit_id == src.id).values(unit_id=dst.id))
    dst_groups = set(session.scalars(select(UnitGroupMember.group_id).where(UnitGroupMember.member_id == dst.id)))
    for m in session.scalars(select(UnitGroupMember).where(UnitGroupMember.member_id == src.id)).all():
        if m.group_id not in dst_groups:
            session.add(UnitGroupMember(group_id=m.group_id, member_id=dst.id))
        session.delete(m)
    dst_members = set(session.scalars(select(UnitGroupMember.member_id).where(UnitGroupMember.group_id == dst.id)))
    for m in session.scalars(select(UnitGroupMember).where(UnitGroupMember.group_id == src.id)).all():
        if m.member_id not in dst_members:
            session.add(UnitGroupMember(group_id=dst.id, member_id=m.member_id))
        session.delete(m)
    session.flush()
    name = src.name
    dst.email = dst.email or src.email  # the contact address is not lost with the merged name
    session.delete(src)
    session.flush()
    session.add(UnitAlias(org_id=org_id, alias=name, unit_id=dst.id))
    session.flush()
    record(session=session, actor=actor, action="merge", entity="unit", entity_id=dst.id, before=before,
           after={"unit": dst.name, "alias": name})
    return dst


def edit_group(*, session: Session, org_id: int, group: str, add: list[str] = (), remove: list[str] = (),
               actor: str) -> Unit:
    """Add or remove members of a unit group (created when new)."""
    unit = find_unit(session=session, org_id=org_id, name=group)
    if unit is None:
        unit = resolve_unit(session=session, org_id=org_id, name=group, actor=actor)
        if not unit.is_group:
            unit.is_group = True
    elif not unit.is_group:
        raise StoreError(f"{unit.name} 是单位，不是单位组")
    before = sorted(m.name for m in unit.members)
    current = set(session.scalars(select(UnitGroupMember.member_id).where(UnitGroupMember.group_id == unit.id)))
    for name in add:
        member = get_unit(session=session, org_id=org_id, name=name)
        if member.id == unit.id or member.is_group:
            raise StoreError(f"{member.name} 不能作为 {unit.name} 的成员")
        if member.id not in current:
            session.add(UnitGroupMember(group_id=unit.id, member_id=member.id))
            current.add(member.id)
    for name in remove:
        member = get_unit(session=session, org_id=org_id, name=name)
        session.execute(delete(UnitGroupMember).where(UnitGroupMember.group_id == unit.id,
                                                      UnitGroupMember.member_id == member.id))
    session.flush()
    session.expire(unit, ["members"])
    record(session=session, actor=actor, action="group", entity="unit", entity_id=unit.id,
           before={"members": before}, after={"members": sorted(m.name for m in unit.members)})
    return unit


@dataclass(frozen=True)
class AliasProposal:
    name: str
    other: str
    score: float
    reason: str


def _core(name: str) -> str:
    core = BRACKETED.sub("", name)
    stripped = LEVEL_PREFIX.sub("", core)
    return stripped if len(stripped) >= 3 else core


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def alias_score(a: str, b: str) -> tuple[float, str] | None:
    """How likely two printed names are one unit, and why; ``None`` when not worth asking."""
    ca, cb = _core(a), _core(b)
    if ca == cb:
        return 100.0, "去掉级别前缀或括注后相同"
    short, long = sorted((ca, cb), key=len)
    if len(short) >= 3 and long.startswith(short):
        return 90.0, "一个是另一个的前缀"
    if len(short) >= 3 and short[-1] == long[-1] and _is_subsequence(short, long):
        return 85.0, "一个是另一个的简称"
    ratio = fuzz.ratio(ca, cb)
    if ratio >= 80 and ca[-1] == cb[-1]:
        return float(ratio), "字面相似"
    return None


def alias_proposals(*, session: Session, org_id: int) -> list[AliasProposal]:
    """Pairs of distinct units that look like one, best first; nothing is changed."""
    names = sorted(session.scalars(select(Unit.name).where(Unit.org_id == org_id, Unit.is_group.is_(False))))
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            scored = alias_score(a, b)
            if scored:
                found.append(AliasProposal(a, b, *scored))
    return sorted(found, key=lambda p: (-p.score, p.name, p.other))
