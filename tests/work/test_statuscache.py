"""Statuses remembered per plan and round: kept while nothing the page shows changed, fresh after a write."""
from __future__ import annotations

from datetime import date, datetime

from factories.store import make_org, make_plan, make_task
from sqlalchemy import select

from duban.store.db import session_scope
from duban.store.models import Round, Target, Task
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round
from duban.work import dashboard
from duban.work.rounds import close_round, statuses_for_round
from duban.work.statuscache import cached_public_statuses, cached_statuses, public_rows

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


def test_each_task_is_reread_only_when_its_own_versions_change_and_the_result_is_the_uncached_one(db_url):
    """A deadline rush in small: after every write, the remembered statuses (each task's kept until one of
    its versions arrives) equal a fresh read of the round, for the office and the public."""
    with session_scope(db_url) as session:
        plan = make_plan(session=session, org=make_org(session=session, name="丁区政府"), title="丁区2024年任务")
        tasks = [make_task(session=session, plan=plan, seq=1, content="完成10个小区改造。"),
                 make_task(session=session, plan=plan, seq=2, content="新建5所幼儿园。", units=("区教委",)),
                 make_task(session=session, plan=plan, seq=3, content="推进垃圾分类。", units=("区城管委",)),
                 make_task(session=session, plan=plan, seq=4, content="改造3条道路。", units=("区交通委", "区住建委"))]
        session.add_all([Target(task_id=tasks[0].id, text="10个小区", value=10, unit="个"),
                         Target(task_id=tasks[1].id, text="5所幼儿园", value=5, unit="所")])
        rnd = create_round(session=session, actor="t", plan_id=plan.id, label="第一季度", end=date(2024, 3, 31),
                           due=date(2024, 5, 10), state="open")
        plan_id, round_id, task_ids = plan.id, rnd.id, [t.id for t in tasks]

    def write(index: int, state: str, items=None, unit: int = 0, **fields) -> None:
        with session_scope(db_url) as session:
            task = session.get(Task, task_ids[index])
            unit_id = sorted(task.assignments, key=lambda a: a.position)[unit].unit_id
            append_report(session=session, actor="t", task_id=task.id, round_id=round_id, unit_id=unit_id,
                          state=state, check_transition=False, **({"items": items} if items else {}), **fields)

    with session_scope(db_url) as session:
        five_schools = session.scalar(select(Target.id).where(Target.task_id == task_ids[1]))
    steps = [(0, "draft", ["已完成5个小区改造。"], 0, {}), (0, "submitted", None, 0, {}),
             (1, "submitted", ["新建幼儿园进展顺利。"], 0, {"achievements": [{"target_id": five_schools, "value": 3}]}),
             (2, "submitted", ["正在推进垃圾分类。"], 0, {}), (0, "withdrawn", None, 0, {}),
             (1, "returned", None, 0, {}), (1, "submitted", ["已完成5所幼儿园建设。"], 0, {"achievements": []}),
             (2, "approved", None, 0, {"status": "behind"}), (3, "submitted", ["已改造1条道路。"], 1, {})]
    before = None
    for index, state, items, unit, fields in steps:
        write(index, state, items, unit, **fields)
        with session_scope(db_url) as session:
            kept = cached_statuses(session, plan_id, round_id, NOW)
            assert kept == statuses_for_round(session, plan_id, round_id, NOW), f"after {state} of task {index + 1}"
            assert cached_public_statuses(session, plan_id, round_id, NOW) == public_rows(
                statuses_for_round(session, plan_id, round_id, NOW, public=True))
        if before is not None:  # the tasks nobody wrote to were not read again
            assert [a is b for a, b in zip(kept, before)] == [i != index for i in range(len(task_ids))]
        before = kept
    assert [s.status.value for s in before][2] == "behind" and before[0].report_id is None
    with session_scope(db_url) as session:
        close_round(session, actor="t", round_id=round_id)
    with session_scope(db_url) as session:  # a round's state is a change of the plan's facts: all read again
        closed = cached_statuses(session, plan_id, round_id, NOW)
        assert closed == statuses_for_round(session, plan_id, round_id, NOW)
        assert cached_public_statuses(session, plan_id, round_id, NOW) == public_rows(
            statuses_for_round(session, plan_id, round_id, NOW, public=True))
