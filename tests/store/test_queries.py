"""The read API other areas build on: dashboard counts over current versions only."""
from __future__ import annotations

from factories.store import make_plan, make_report, make_round, make_task

from duban.store import queries
from duban.store.db import session_scope
from duban.store.services.progress import append_report


def test_dashboard_counts_use_only_the_latest_versions(db_url):
    with session_scope(db_url) as session:
        plan = make_plan(session=session)
        rnd = make_round(session=session, plan=plan)
        t1 = make_task(session=session, plan=plan, units=("区住建委",))
        t2 = make_task(session=session, plan=plan, seq=2, units=("区城管委", "区住建委"))
        t3 = make_task(session=session, plan=plan, seq=3, units=("区城管委",))
        def report(task, status):
            return append_report(session=session, actor="t", task_id=task.id, round_id=rnd.id,
                                 unit_id=task.assignments[0].unit_id, items=["x"], status=status)
        report(t1, "behind")
        report(t1, "on_track")  # a correction: only this version counts
        report(t2, "behind")
        make_report(session=session, task=t3, round=rnd)  # unassessed
        ids = plan.id, rnd.id, t1.id, t2.id, t3.id
    plan_id, round_id, t1_id, t2_id, t3_id = ids
    with session_scope(db_url) as session:
        assert queries.status_counts(session=session, plan_id=plan_id) == {
            (round_id, "on_track"): 1, (round_id, "behind"): 1, (round_id, "unassessed"): 1}
        card = {(name, status): n for _, name, status, n in queries.unit_scorecard(session=session, round_id=round_id)}
        assert card == {("区住建委", "on_track"): 1, ("区城管委", "behind"): 1, ("区城管委", "unassessed"): 1}
        lagging = queries.lagging_tasks(session=session, round_id=round_id)
        assert [(t.id, r.status) for t, r in lagging] == [(t2_id, "behind")]
        assert [t.id for t in queries.list_tasks(session=session, plan_id=plan_id, status="behind")] == [t2_id]
        assert [t.id for t in queries.list_tasks(session=session, plan_id=plan_id, unit="区城管委")] == [t2_id, t3_id]
        assert queries.task_statuses(session=session, tasks=queries.list_tasks(session=session, plan_id=plan_id)) == {
            t1_id: "on_track", t2_id: "behind", t3_id: "unassessed"}
