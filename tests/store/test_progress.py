"""Progress reports are append-only versions; every change is audited."""
from __future__ import annotations

import pytest
from factories.store import make_plan, make_report, make_round, make_task
from sqlalchemy import func, select

from duban.store import queries
from duban.store.db import StoreError, session_scope
from duban.store.models import AuditEvent, ProgressReport
from duban.store.services.progress import append_report, transition
from duban.store.services.users import create_user, verify_password


def test_review_cycle_appends_versions_and_keeps_the_first(db_url):
    with session_scope(db_url) as session:
        plan = make_plan(session=session)
        rnd = make_round(session=session, plan=plan)
        task = make_task(session=session, plan=plan)
        first = make_report(session=session, task=task, round=rnd, items=["草稿"])
        submitted = transition(session=session, actor="reporter", report_id=first.id, state="submitted")
        transition(session=session, actor="admin", report_id=submitted.id, state="returned",
                              comment="请补充完成数量")
        edited = append_report(session=session, actor="reporter", task_id=task.id, round_id=rnd.id,
                               unit_id=first.unit_id, items=["已完成10个小区改造。"], state="submitted")
        approved = transition(session=session, actor="admin", report_id=edited.id, state="approved")
        ids = (first.id, approved.id, task.id, rnd.id)
    with session_scope(db_url) as session:
        first_id, approved_id, task_id, round_id = ids
        versions = queries.report_versions(session=session, task_id=task_id, round_id=round_id,
                                           unit_id=session.get(ProgressReport, first_id).unit_id)
        assert [(v.version, v.state) for v in versions] == [
            (1, "draft"), (2, "submitted"), (3, "returned"), (4, "submitted"), (5, "approved")]
        assert [v.supersedes_id for v in versions] == [None] + [v.id for v in versions[:-1]]
        assert versions[0].items == ["草稿"] and versions[2].reviewer_comment == "请补充完成数量"
        assert versions[4].items == ["已完成10个小区改造。"]
        assert [r.id for r in queries.latest_reports(session=session, round_id=round_id)] == [approved_id]
        audited = session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.entity == "progress_report"))
        assert audited == 5


def test_invalid_transition_and_stale_version_are_refused(db_url):
    with session_scope(db_url) as session:
        plan = make_plan(session=session)
        rnd = make_round(session=session, plan=plan)
        task = make_task(session=session, plan=plan)
        first = make_report(session=session, task=task, round=rnd)
        with pytest.raises(StoreError, match="不能从“草稿”变为“已审核”"):
            transition(session=session, actor="x", report_id=first.id, state="approved")
        transition(session=session, actor="x", report_id=first.id, state="submitted")
        with pytest.raises(StoreError, match="已有更新版本"):
            transition(session=session, actor="x", report_id=first.id, state="submitted")


def test_task_history_lists_rounds_in_time_order(db_url):
    from datetime import date

    with session_scope(db_url) as session:
        plan = make_plan(session=session)
        later = make_round(session=session, plan=plan, label="第二季度", start=date(2024, 4, 1), end=date(2024, 6, 30))
        earlier = make_round(session=session, plan=plan, label="第一季度", start=date(2024, 1, 1),
                             end=date(2024, 3, 31))
        task = make_task(session=session, plan=plan)
        make_report(session=session, task=task, round=later, items=["二季度"])
        make_report(session=session, task=task, round=earlier, items=["一季度"])
        edited = make_report(session=session, task=task, round=earlier, items=["一季度（修改）"])
        task_id, edited_id = task.id, edited.id
    with session_scope(db_url) as session:
        history = queries.task_history(session=session, task_id=task_id)
        assert [(r.round.label, r.items) for r in history] == [("第一季度", ["一季度（修改）"]), ("第二季度", ["二季度"])]
        assert history[0].id == edited_id
        stats = queries.plan_stats(session=session)
        assert [(s["tasks"], s["units"], s["rounds"], s["reports"]) for s in stats] == [(1, 1, 2, 2)]


def test_users_store_only_a_hash(db_url):
    with session_scope(db_url) as session:
        user = create_user(session=session, actor="admin", username="zhang", password="s3cret!", role="reporter")
        assert "s3cret" not in user.password_hash and verify_password(user, "s3cret!")
        assert not verify_password(user, "wrong")
        event = session.scalar(select(AuditEvent).where(AuditEvent.entity == "user"))
        assert "password_hash" not in event.after
        with pytest.raises(StoreError):
            create_user(session=session, actor="admin", username="zhang", password="x")
