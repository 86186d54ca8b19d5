"""Statuses remembered per plan and round: kept while nothing the page shows changed, fresh after a write."""
from __future__ import annotations

from datetime import date, datetime

from factories.store import make_org, make_plan, make_task

from duban.store.db import session_scope
from duban.store.models import Round, Task
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round
from duban.work import dashboard
from duban.work.statuscache import cached_public_statuses, cached_statuses

NOW = datetime(2024, 5, 1)


def plan_with_round(session, org_name: str, state: str = "published"):
    org = make_org(session=session, name=org_name)
    plan = make_plan(session=session, org=org, title=f"{org_name}2024年任务")
    task = make_task(session=session, plan=plan, units=("区住建委",))
    session.refresh(task)
    rnd = create_round(session=session, actor="t", plan_id=plan.id, label="第一季度", end=date(2024, 3, 31),
                       due=date(2024, 4, 10), state=state)
    return plan, task, rnd


def report(session, task, rnd, items, status=None, state="published"):
    append_report(session=session, actor="t", task_id=task.id, round_id=rnd.id, unit_id=task.assignments[0].unit_id,
                  items=items, state=state, check_transition=False, **({"status": status} if status else {}))


def test_other_plans_leave_a_plans_statuses_alone_and_its_own_reports_refresh_them(db_url):
    with session_scope(db_url) as session:
        a, a_task, a_round = plan_with_round(session, "甲区政府")
        b, b_task, b_round = plan_with_round(session, "乙区政府")
        ids = a.id, a_task.id, a_round.id, b_task.id, b_round.id
    a_plan, a_task_id, a_round_id, b_task_id, b_round_id = ids
    with session_scope(db_url) as session:
        first = cached_statuses(session, a_plan, a_round_id, NOW)
    with session_scope(db_url) as session:  # a report in another organization's plan
        report(session, session.get(Task, b_task_id), session.get(Round, b_round_id), ["乙区进展。"])
    with session_scope(db_url) as session:
        assert cached_statuses(session, a_plan, a_round_id, NOW) is first, "another plan's write must not cost a recompute"
    with session_scope(db_url) as session:  # the plan's own report, confirmed by the reviewer
        report(session, session.get(Task, a_task_id), session.get(Round, a_round_id), ["已完成。"], status="done")
    with session_scope(db_url) as session:
        fresh = cached_statuses(session, a_plan, a_round_id, NOW)
        assert fresh is not first and [s.status.value for s in fresh] == ["done"]
        assert dashboard.build(session, a_plan, a_round_id, NOW).summary.counts[fresh[0].status] == 1


def test_the_public_never_gets_a_suggested_status(db_url):
    with session_scope(db_url) as session:
        # a round under review (the office sees suggestions until it is published; then everyone sees the same)
        plan, task, rnd = plan_with_round(session, "丙区政府", state="closed")
        report(session, task, rnd, ["已完成改造10个小区。"], state="approved")  # approved, but no status confirmed
        plan_id, round_id = plan.id, rnd.id
    with session_scope(db_url) as session:
        [office] = cached_statuses(session, plan_id, round_id, NOW)
        [public] = cached_public_statuses(session, plan_id, round_id, NOW)
    assert office.suggested and office.status.value != "unassessed"
    assert public.status.value == "unassessed" and not public.suggested and "待审核" not in public.reason
