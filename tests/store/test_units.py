"""The unit directory: printed names, kinds, groups, alias proposals, aliases and merges."""
from __future__ import annotations

import pytest
from factories.store import import_gold, make_org, make_plan, make_report, make_round, make_task
from sqlalchemy import select

from duban.store.db import StoreError, session_scope
from duban.store.models import Assignment, AuditEvent, ProgressReport, Unit, UnitAlias
from duban.store.services import units as svc


@pytest.mark.parametrize("name, kind", [("区住建委", "委办局"), ("区生态环境局", "委办局"), ("永外街道", "街道"),
                                        ("王府井管委会", "其他"), ("区委组织部（公务员局）", "委办局"),
                                        ("某某镇", "街道"), ("区房屋征收中心", "其他")])
def test_kind_from_the_name(name, kind):
    assert svc.unit_kind(name) == kind


@pytest.mark.parametrize("name, group", [("各街道办事处", True), ("区政府各委办局", True), ("各区属机构", True),
                                         ("区政府各部门", True), ("各有关单位", True), ("区政府办", False),
                                         ("各庄街道", False)])
def test_group_names(name, group):
    assert svc.is_group_name(name) is group


def test_seed_names_give_proposals_for_people_not_merges(db_url):
    with session_scope(db_url) as session:
        for prefix in ("000", "002"):
            import_gold(session=session, prefix=prefix)
    with session_scope(db_url) as session:
        org_id = session.scalar(select(Unit.org_id).limit(1))
        pairs = {frozenset((p.name, p.other)) for p in svc.alias_proposals(session=session, org_id=org_id)}
        names = set(session.scalars(select(Unit.name)))
    assert {frozenset(("区规分局", "区规自分局")), frozenset(("区规自分局", "规自分局")),
            frozenset(("区规分局", "规自分局")), frozenset(("区司法局", "司法局")),
            frozenset(("区政府办", "区政府办公室"))} <= pairs
    assert frozenset(("区委宣传部", "区委组织部（公务员局）")) not in pairs
    assert frozenset(("区住建委", "区城管委")) not in pairs
    assert {"区规分局", "区规自分局", "规自分局"} <= names  # nothing merged on its own


def test_groups_collect_units_of_their_kind(db_url):
    with session_scope(db_url) as session:
        import_gold(session=session, prefix="000")
    with session_scope(db_url) as session:
        streets = session.scalar(select(Unit).where(Unit.name == "各街道办事处"))
        assert streets.is_group and {"交道口街道", "永外街道"} <= {m.name for m in streets.members}
        assert all(m.kind == "街道" for m in streets.members)
        org_id = streets.org_id
        group = svc.edit_group(session=session, org_id=org_id, group="各街道办事处", remove=["永外街道"], actor="t")
        assert "永外街道" not in {m.name for m in group.members}
        with pytest.raises(StoreError):
            svc.edit_group(session=session, org_id=org_id, group="区住建委", add=["永外街道"], actor="t")


def test_alias_maps_later_printed_names_to_the_unit(db_url):
    with session_scope(db_url) as session:
        org = make_org(session=session)
        plan = make_plan(session=session, org=org)
        make_task(session=session, plan=plan, units=("区住房城乡建设委",))
        svc.add_alias(session=session, org_id=org.id, alias="区住建委", unit_name="区住房城乡建设委", actor="t")
        task = make_task(session=session, plan=plan, seq=2, units=("区住建委",))
        assert [a.unit.name for a in task.assignments] == ["区住房城乡建设委"]
        with pytest.raises(StoreError, match="已是"):
            svc.add_alias(session=session, org_id=org.id, alias="区住建委", unit_name="区住房城乡建设委", actor="t")
        assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "alias")) == "alias"


def test_merge_moves_tasks_and_reports_and_keeps_the_old_name(db_url):
    with session_scope(db_url) as session:
        org = make_org(session=session)
        plan = make_plan(session=session, org=org)
        rnd = make_round(session=session, plan=plan)
        t1 = make_task(session=session, plan=plan, units=("区规分局",))
        t2 = make_task(session=session, plan=plan, seq=2, units=("区规自分局", "区规分局"))
        report = make_report(session=session, task=t1, round=rnd)
        with pytest.raises(StoreError, match="已是单位"):
            svc.add_alias(session=session, org_id=org.id, alias="区规分局", unit_name="区规自分局", actor="t")
        kept = svc.merge_units(session=session, org_id=org.id, source="区规分局", target="区规自分局", actor="t")
        kept_id, org_id, t1_id, t2_id, report_id = kept.id, org.id, t1.id, t2.id, report.id
    with session_scope(db_url) as session:
        assert session.scalar(select(Unit).where(Unit.name == "区规分局")) is None
        assert session.scalar(select(UnitAlias.unit_id).where(UnitAlias.alias == "区规分局")) == kept_id
        assert svc.find_unit(session=session, org_id=org_id, name="区规分局").id == kept_id
        assert set(session.scalars(select(Assignment.task_id).where(Assignment.unit_id == kept_id))) == {t1_id, t2_id}
        assert session.get(ProgressReport, report_id).unit_id == kept_id
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "merge")).before["source"]["name"] == "区规分局"
