"""The read API other areas build on: current versions only; statuses are computed in ``work/``, not stored."""
from __future__ import annotations

from factories.store import make_plan, make_report, make_round, make_task

from duban.store import queries
from duban.store.db import session_scope
from duban.store.services.progress import append_report


def test_latest_reports_are_the_current_versions(db_url):
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
        current = {r.task_id: r.status for r in queries.latest_reports(session=session, round_id=round_id)}
        assert current == {t1_id: "on_track", t2_id: "behind", t3_id: current[t3_id]} and current[t3_id] != "on_track"
        assert [t.id for t in queries.list_tasks(session=session, plan_id=plan_id, unit="区城管委")] == [t2_id, t3_id]
        # statuses are computed in work/ (work.readmodel), never read from a stored column
        assert not hasattr(queries, "status_counts") and not hasattr(queries, "task_statuses")
