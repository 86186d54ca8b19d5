"""单位 and 账号 pages (TestClient): merge proposals in one click, groups that report, contacts, accounts."""
from __future__ import annotations

import re

from sqlalchemy import select

from duban.store.db import session_scope
from duban.store.models import Unit, UnitAlias, User


def unit_id(demo, name: str) -> int:
    with session_scope(demo.database_url) as s:
        return s.scalar(select(Unit.id).where(Unit.name == name))


def test_alias_proposal_merged_in_one_click(demo, login):
    office = login(demo.account("admin"))
    page = office.get("/units")
    assert "可能是同一单位" in page.text
    proposals = office.get("/units?format=json").json()["proposals"]
    pair = next(p for p in proposals if {p["name"], p["other"]} == {"区规自分局", "规自分局"})
    keep, drop = pair["other"], pair["name"]
    answer = office.submit("/units/merge", {"source_id": unit_id(demo, drop), "target_id": unit_id(demo, keep)})
    assert answer.status_code == 303
    after = office.get(answer.headers["location"])
    assert f"已把“{drop}”并入“{keep}”" in after.text
    with session_scope(demo.database_url) as s:
        assert s.scalar(select(Unit.id).where(Unit.name == drop)) is None
        assert s.scalar(select(UnitAlias.alias).where(UnitAlias.alias == drop)) == drop
    names = [p for p in office.get("/units?format=json").json()["proposals"]
             if {p["name"], p["other"]} == {keep, drop}]
    assert names == []


def test_group_member_reports_on_the_group_task(demo, login):
    office = login(demo.account("admin"))
    units = office.get("/units?format=json").json()["units"]
    group = next(u for u in units if u["name"] == "各街道办事处")
    assert group["tasks"] > 0
    street = next(u for u in units if not u["is_group"] and u["kind"] == "街道")
    if street["name"] not in group["members"]:
        office.submit(f"/units/{group['id']}/members", {"add": str(street["id"])})
    created = office.submit("/users", {"username": "jiedao1", "role": "reporter", "unit_id": str(street["id"])})
    assert created.status_code == 303
    shown = office.get("/users").text
    password = re.search(r'<code class="password">([^<]+)</code>', shown).group(1)
    assert "只显示这一次" in shown
    assert 'class="password"' not in office.get("/users").text  # shown once: gone on reload
    reporter = office.__class__(office.app)
    reporter.__enter__()
    try:
        assert reporter.login("jiedao1", password).status_code == 303
        my = reporter.get("/my?format=json").json()
        labels = [t["label"] for g in my for t in g["tasks"]]
        assert labels, "a member of 各街道办事处 sees the group's tasks"
    finally:
        reporter.__exit__(None, None, None)


def test_contacts_saved_and_bad_phone_refused(demo, login):
    office = login(demo.account("admin"))
    uid = unit_id(demo, "区发改委")
    ok = office.submit(f"/units/{uid}/contact", {"contact_name": "王科长", "contact_phone": "010-6512 3456",
                                                 "email": "fgw@example.org"})
    assert "已保存区发改委的联系人" in office.get(ok.headers["location"]).text
    bad = office.submit(f"/units/{uid}/contact", {"contact_name": "王科长", "contact_phone": "打我电话",
                                                  "email": ""})
    assert "电话“打我电话”格式不正确" in office.get(bad.headers["location"]).text
    with session_scope(demo.database_url) as s:
        unit = s.get(Unit, uid)
        assert (unit.contact_name, unit.contact_phone, unit.email) == ("王科长", "010-6512 3456", "fgw@example.org")


def test_disable_reset_and_role_change(demo, login):
    office = login(demo.account("admin"))
    account = demo.account("reporter", "区发改委")
    reporter = login(account)
    assert reporter.get("/my").status_code == 200
    with session_scope(demo.database_url) as s:
        uid = s.scalar(select(User.id).where(User.username == account.username))
    office.submit(f"/users/{uid}/active", {"active": "false"})
    assert reporter.get("/my", follow_redirects=False).status_code in (303, 401)
    assert reporter.login(account.username, account.password).status_code == 401
    office.submit(f"/users/{uid}/active", {"active": "true"})
    office.submit(f"/users/{uid}/password")
    password = re.search(r'<code class="password">([^<]+)</code>', office.get("/users").text).group(1)
    assert password != account.password
    assert reporter.login(account.username, account.password).status_code == 401
    assert reporter.login(account.username, password).status_code == 303
    assert reporter.get("/my").status_code == 200
    office.submit(f"/users/{uid}/password")  # a second reset ends the session opened with the first password
    assert reporter.get("/my", follow_redirects=False).status_code == 303
    office.submit(f"/users/{uid}/role", {"role": "viewer", "unit_id": "", "email": ""})
    with session_scope(demo.database_url) as s:
        user = s.get(User, uid)
        assert (user.role, user.unit_id) == ("viewer", None)
    refused = office.submit(f"/users/{uid}/role", {"role": "reporter", "unit_id": "", "email": ""})
    assert "填报人必须指定所属单位" in office.get(refused.headers["location"]).text


def test_the_last_admin_cannot_lock_the_office_out(demo, login):
    office = login(demo.account("admin"))
    me = office.get("/users?format=json").json()
    admin_id = next(u["id"] for u in me if u["username"] == demo.account("admin").username)
    answer = office.submit(f"/users/{admin_id}/role", {"role": "viewer", "unit_id": "", "email": ""})
    assert "不能取消自己的管理员角色" in office.get(answer.headers["location"]).text
