"""Issue 10 items 4–5: legal steps only, and staff and public count every round alike.

Real databases (SQLite and PostgreSQL through ``db_url``); every step goes through the
same ``work`` functions the workbench calls.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest
from factories.store import make_plan, make_round, make_task

from duban.store.db import session_scope
from duban.store.models import ProgressReport, Round, Task, User
from duban.store.services.users import create_user
from duban.work import rounds as round_work
from duban.work.reporting import review_report, save_report, withdraw_report
from duban.work.states import REPORT_STATE_LABELS, ROUND_STATE_LABELS, StateError, check_round_step
from duban.work.status import Status, summarize

NOW = datetime(2024, 4, 20, 10)  # after the due day: a unit with nothing counted is 未报送


@pytest.fixture
def ledger(db_url):
    with session_scope(db_url) as s:
        plan = make_plan(session=s)
        tasks = [make_task(session=s, plan=plan, seq=i, units=(unit,), content=f"完成{i}0个小区改造。")
                 for i, unit in ((1, "区住建委"), (2, "区城管委"), (3, "区商务局"))]
        rnd = make_round(session=s, plan=plan, start=date(2024, 1, 1), end=date(2024, 3, 31))
        rnd.due = date(2024, 4, 10)
        users = {}
        for t in tasks:
            unit_id = t.assignments[0].unit_id
            users[t.id] = create_user(session=s, actor="t", username=f"u{t.id}", password="pw-secret-1",
                                      role="reporter", unit_id=unit_id).id
        create_user(session=s, actor="t", username="office", password="pw-secret-1", role="admin")
        ids = plan.id, rnd.id, [t.id for t in tasks], users
    return (db_url, *ids)


def _save(url, user_id, task_id, round_id, items, submit, base):
    with session_scope(url) as s:
        return save_report(s, user=s.get(User, user_id), task=s.get(Task, task_id), round_=s.get(Round, round_id),
                           items=items, achievements={}, base_version=base, submit=submit).version


def _statuses(url, plan_id, round_id, public=False):
    with session_scope(url) as s:
        return {x.task_id: x for x in round_work.statuses_for_round(s, plan_id, round_id, NOW, public=public)}


def test_one_label_per_state():
    assert REPORT_STATE_LABELS["submitted"] == "已报送" and REPORT_STATE_LABELS["approved"] == "已审核"
    assert ROUND_STATE_LABELS == {"open": "报送中", "closed": "已截止", "published": "已公开"}


def test_round_steps():
    with pytest.raises(StateError, match="轮次已公开"):
        check_round_step("published", "closed")
    with pytest.raises(StateError, match="已经是"):
        check_round_step("closed", "closed")
    assert check_round_step("closed", "open").value == "open"


def test_an_empty_report_cannot_be_handed_in(ledger):
    url, plan_id, round_id, (t1, *_), users = ledger
    with pytest.raises(StateError, match="进展为空"):
        _save(url, users[t1], t1, round_id, ["  ", ""], True, 0)
    assert _statuses(url, plan_id, round_id)[t1].status is Status.MISSING


def test_an_emptied_draft_over_a_handed_in_report_counts_nothing_new(ledger):
    url, plan_id, round_id, (t1, *_), users = ledger
    v1 = _save(url, users[t1], t1, round_id, ["已完成5个小区改造，正在推进其余小区。"], True, 0)
    v2 = _save(url, users[t1], t1, round_id, [""], False, v1)
    with session_scope(url) as s:
        latest = s.get(ProgressReport, _statuses(url, plan_id, round_id)[t1].report_id)
        assert (latest.version, latest.state, latest.items) == (v1, "submitted", ["已完成5个小区改造，正在推进其余小区。"])
        draft = s.query(ProgressReport).filter_by(task_id=t1, version=v2).one()
        assert draft.state == "draft"
    status = _statuses(url, plan_id, round_id)[t1]
    assert status.handed_in_at is not None and status.status is not Status.MISSING


def test_withdrawing_is_explicit_and_leaves_nothing_counted(ledger):
    url, plan_id, round_id, (t1, *_), users = ledger
    v1 = _save(url, users[t1], t1, round_id, ["已完成5个小区改造。"], True, 0)
    with session_scope(url) as s:
        withdraw_report(s, user=s.get(User, users[t1]), task=s.get(Task, t1), round_=s.get(Round, round_id),
                        base_version=v1)
    status = _statuses(url, plan_id, round_id)[t1]
    assert status.status is Status.MISSING and status.handed_in_at is None
    with session_scope(url) as s, pytest.raises(StateError, match="不能撤回"):
        withdraw_report(s, user=s.get(User, users[t1]), task=s.get(Task, t1), round_=s.get(Round, round_id),
                        base_version=v1 + 1)


def _review(url, task_id, round_id, decision, status=None):
    with session_scope(url) as s:
        office = s.query(User).filter_by(username="office").one()
        latest = s.query(ProgressReport).filter_by(task_id=task_id, round_id=round_id).order_by(
            ProgressReport.version.desc()).first()
        review_report(s, user=office, report_id=latest.id, decision=decision, comment="请补充数字",
                      status=status, base_version=latest.version)


@pytest.mark.parametrize("choice", ["approve", "exclude"])
def test_publishing_with_reports_pending_review(ledger, choice):
    url, plan_id, round_id, (t1, t2, t3), users = ledger
    for t in (t1, t2, t3):
        _save(url, users[t], t, round_id, [f"已完成{t}个小区改造，正在推进其余。"], True, 0)
    _review(url, t1, round_id, "approve", "on_track")
    with session_scope(url) as s:
        round_work.close_round(s, actor="office", round_id=round_id)
    with session_scope(url) as s, pytest.raises(StateError, match="2份进展待审核"):
        round_work.publish_round(s, actor="office", round_id=round_id)
    with session_scope(url) as s:
        round_work.publish_round(s, actor="office", round_id=round_id, pending=choice)
    with session_scope(url) as s:
        assert round_work.pending_reviews(s, round_id) == []
        with pytest.raises(StateError, match="轮次已公开"):
            round_work.close_round(s, actor="office", round_id=round_id)
    staff, public = _statuses(url, plan_id, round_id), _statuses(url, plan_id, round_id, public=True)
    assert summarize(staff.values()).counts == summarize(public.values()).counts
    assert staff[t1].status is Status.ON_TRACK  # the reviewer's status, public and staff alike
    # approved without a status of their own, or left out: never a machine suggestion in public
    assert {staff[t2].status, staff[t3].status} <= {Status.UNASSESSED, Status.MISSING}
    assert not any(s.suggested for s in staff.values())


def test_staff_and_public_counts_are_equal_for_every_published_round(ledger):
    url, plan_id, round_id, (t1, t2, t3), users = ledger
    _save(url, users[t1], t1, round_id, ["已完成10个小区改造，全部完成。"], True, 0)
    _save(url, users[t2], t2, round_id, ["高度重视，积极推进。"], True, 0)
    _review(url, t1, round_id, "approve", "done")
    _review(url, t2, round_id, "return")
    before = _statuses(url, plan_id, round_id)
    assert before[t2].status is not Status.MISSING  # the office still sees the returned report before publishing
    with session_scope(url) as s:
        round_work.publish_round(s, actor="office", round_id=round_id)
    staff, public = _statuses(url, plan_id, round_id), _statuses(url, plan_id, round_id, public=True)
    assert {k: v.status for k, v in staff.items()} == {k: v.status for k, v in public.items()}
    assert staff[t1].status is Status.DONE


def test_a_suggestion_is_shown_to_staff_only(ledger):
    url, plan_id, round_id, (t1, *_), users = ledger
    _save(url, users[t1], t1, round_id, ["已完成改造5个小区（计划10个），其余正在施工。"], True, 0)
    staff = _statuses(url, plan_id, round_id)[t1]
    assert staff.suggested and staff.status is Status.AHEAD and staff.share == pytest.approx(0.5)  # 5 of 10 by Q1
    assert "5个" in staff.reason  # the engine's why, for the office to weigh
    with session_scope(url) as s:
        official = {x.task_id: x for x in round_work.statuses_for_round(s, plan_id, round_id, NOW, confirmed=True)}
    assert official[t1].status is Status.UNASSESSED and not official[t1].suggested
    _review(url, t1, round_id, "approve", "behind")  # a person confirms: now it is official
    with session_scope(url) as s:
        official = {x.task_id: x for x in round_work.statuses_for_round(s, plan_id, round_id, NOW, confirmed=True)}
    assert official[t1].status is Status.BEHIND
