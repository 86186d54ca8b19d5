"""Access rules, tried the way an intruder would: guessed URLs, missing tokens, other units' ids."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from duban.store.db import session_scope
from duban.store.models import ProgressReport, Round, Task
from duban.web.security import COOKIE_NAME
from duban.work.ledger import unit_task_ids


def first_open_task(client, other=None):
    """The client's first task in the open round; with ``other``, the first that ``other`` cannot see."""
    [group] = client.get("/my?format=json").json()
    theirs = {t["task_id"] for g in other.get("/my?format=json").json() for t in g["tasks"]} if other else set()
    return group["round_id"], next(t["task_id"] for t in group["tasks"] if t["task_id"] not in theirs)


def tasks_of_unit(demo, unit_id):
    """Tasks the unit reports on: its own and those of the groups it belongs to (各委办局…)."""
    with session_scope(demo.database_url) as session:
        return unit_task_ids(session, unit_id)


@pytest.fixture
def two_units(demo, login):
    """Reporters of two units whose task sets differ, and a task of B's that A has nothing to do with."""
    a = demo.account("reporter", "区发改委")
    b = demo.account("reporter", "区财政局")
    only_b = tasks_of_unit(demo, b.unit_id) - tasks_of_unit(demo, a.unit_id)
    assert only_b
    return login(a), login(b), a, b


def test_reporter_cannot_read_or_write_another_units_report(demo, two_units):
    rep_a, rep_b, _, _ = two_units
    round_id, task_b = first_open_task(rep_b, rep_a)
    assert rep_b.submit(f"/my/{round_id}/{task_b}", {"item": ["乙单位草稿：内部数字123"], "base_version": 0,
                                                     "action": "save"}).status_code == 303
    # A guesses B's form, task page, and posts into it
    assert rep_a.get(f"/my/{round_id}/{task_b}").status_code == 404
    assert rep_a.get(f"/my/{round_id}/{task_b}?format=json").status_code == 404
    assert rep_a.get(f"/tasks/{task_b}").status_code == 404
    written = rep_a.submit(f"/my/{round_id}/{task_b}", {"item": ["冒名填报"], "base_version": 1, "action": "submit"})
    assert written.status_code == 404
    with session_scope(demo.database_url) as session:
        items = [r.items for r in session.scalars(select(ProgressReport).where(
            ProgressReport.task_id == task_b, ProgressReport.round_id == round_id))]
    assert items == [["乙单位草稿：内部数字123"]]
    # A's task list never shows B's task
    listed = {t["task_id"] for t in rep_a.get("/tasks?format=json").json()["tasks"]}
    assert task_b not in listed


def test_drafts_are_private_to_the_unit_even_for_the_office(demo, two_units, login):
    rep_a, rep_b, _, _ = two_units
    round_id, task_b = first_open_task(rep_b, rep_a)
    rep_b.submit(f"/my/{round_id}/{task_b}", {"item": ["尚未提交的草稿"], "base_version": 0, "action": "save"})
    for account in (demo.account("admin"), demo.account("viewer")):
        page = login(account).get(f"/tasks/{task_b}")
        assert page.status_code == 200 and "尚未提交的草稿" not in page.text
    assert "尚未提交的草稿" in rep_b.get(f"/tasks/{task_b}").text
    with session_scope(demo.database_url) as session:
        draft_id = session.scalar(select(ProgressReport.id).where(ProgressReport.task_id == task_b,
                                                                  ProgressReport.round_id == round_id))
    assert login(demo.account("admin")).get(f"/review/{draft_id}").status_code == 404


@pytest.mark.parametrize("url", ["/dashboard", "/rounds", "/review", "/tasks"])
def test_reporters_and_anonymous_are_kept_out_of_office_pages(demo, login, client, url):
    reporter = login(demo.account("reporter", "区发改委"))
    if url != "/tasks":  # reporters have their own task list
        assert reporter.get(url).status_code == 403
        assert reporter.get(url + "?format=json").status_code == 403
    anonymous = client.get(url, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert client.get(url + "?format=json").status_code == 401


def test_viewer_reads_but_cannot_change(demo, login):
    viewer = login(demo.account("viewer"))
    assert viewer.get("/dashboard").status_code == 200
    round_id = [r for r in viewer.get("/rounds?format=json").json() if r["state"] == "open"][0]["id"]
    assert viewer.submit(f"/rounds/{round_id}/publish").status_code == 403
    assert viewer.submit(f"/rounds/{round_id}/close").status_code == 403
    assert viewer.get("/review").status_code == 403
    assert viewer.get("/my").status_code == 403


def test_public_sees_published_rounds_only_whatever_the_url(demo, client, login):
    with session_scope(demo.database_url) as session:
        open_round = session.scalar(select(Round).where(Round.state == "open"))
        hidden_plan_round, plan_id = open_round.id, open_round.plan_id
        published = session.scalar(select(Round.id).where(Round.plan_id == plan_id, Round.state == "published"))
        task_ids = list(session.scalars(select(Task.id).where(Task.plan_id == plan_id)))
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id = first_open_task(reporter)
    reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["未公开的进展文字"], "base_version": 0, "action": "submit"})
    guessed = client.get(f"/open?plan_id={plan_id}&round_id={hidden_plan_round}&format=json").json()
    assert guessed["round"]["id"] == published and guessed["round"]["id"] != hidden_plan_round
    assert all(r["round_id"] != hidden_plan_round for r in guessed["history"])
    page = client.get(f"/open/tasks/{task_id}")
    assert page.status_code == 200 and "未公开的进展文字" not in page.text and "全年" not in page.text
    for tid in task_ids[:3]:
        data = client.get(f"/open/tasks/{tid}?format=json").json()
        assert {r["label"] for r in data["rounds"]} == {"前三季度"}
        assert data["audit"] == []
    assert client.get("/open/tasks/999999").status_code == 404


def test_state_changes_need_the_csrf_token(demo, login):
    admin = login(demo.account("admin"))
    round_id = [r for r in admin.get("/rounds?format=json").json() if r["state"] == "open"][0]["id"]
    no_token = admin.post(f"/rounds/{round_id}/close", follow_redirects=False)
    wrong = admin.post(f"/rounds/{round_id}/close", data={"csrf_token": "forged"}, follow_redirects=False)
    assert no_token.status_code == 403 and wrong.status_code == 403
    assert admin.get(f"/rounds/{round_id}?format=json").json()["state"] == "open"
    header = admin.post(f"/rounds/{round_id}/close", headers={"X-CSRF-Token": admin.csrf()}, follow_redirects=False)
    assert header.status_code == 303


def test_session_cookie_flags_and_forgery(demo, client, login):
    response = client.get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    admin = login(demo.account("admin"))
    value = admin.cookies.get(COOKIE_NAME)
    payload, mac = value.rsplit(".", 1)
    client.cookies.set(COOKIE_NAME, payload + "." + mac[::-1])
    assert client.get("/dashboard?format=json").status_code == 401


def test_secure_cookie_setting(demo):
    from fastapi.testclient import TestClient

    from duban.settings import Settings
    from duban.web.app import create_app
    app = create_app(Settings(database_url=demo.database_url, cookie_secure=True))
    with TestClient(app) as c:
        assert "secure" in c.get("/login").headers["set-cookie"].lower()


def test_logout_ends_the_session(demo, login):
    admin = login(demo.account("admin"))
    assert admin.submit("/logout").status_code == 303
    assert admin.get("/dashboard?format=json").status_code == 401


def test_login_does_not_redirect_off_site(demo, client):
    admin = demo.account("admin")
    token = client.csrf()
    r = client.post("/login", data={"username": admin.username, "password": admin.password, "csrf_token": token,
                                    "next": "//evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/dashboard"


def test_keyword_filter_finds_a_draft_only_for_its_own_unit(demo, two_units, login):
    """The search index holds drafts too; the task list must not reveal them through a keyword."""
    rep_a, rep_b, _, _ = two_units
    round_id, task_b = first_open_task(rep_b, rep_a)
    rep_b.submit(f"/my/{round_id}/{task_b}", {"item": ["琥珀广场改造方案已起草"], "base_version": 0, "action": "save"})
    office = login(demo.account("admin"))

    def found(client) -> set[int]:
        return {t["task_id"] for t in client.get(f"/tasks?format=json&round_id={round_id}&q=琥珀").json()["tasks"]}

    assert found(rep_b) == {task_b}
    assert found(office) == set()
    assert found(login(demo.account("viewer"))) == set()
    rep_b.submit(f"/my/{round_id}/{task_b}", {"item": ["琥珀广场改造方案已起草"], "base_version": 1,
                                              "action": "submit"})
    assert found(office) == {task_b}
