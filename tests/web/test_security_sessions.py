"""Sessions end on the server: logout, a password change and disabling an account each end every copy of
the cookie; and `duban users` commands that do it (issue 13 item 4, issue 14 `users add --org`)."""
from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from duban.cli import app as cli_app
from duban.store.db import session_scope
from duban.store.models import Organization, Unit, User
from duban.web.security import COOKIE_NAME


def cli(*args):
    return CliRunner().invoke(cli_app, list(args))


def stolen_copy(app, client) -> TestClient:
    """Another browser holding a copy of the client's session cookie, as taken before logout."""
    thief = TestClient(app)
    thief.cookies.set(COOKIE_NAME, client.cookies.get(COOKIE_NAME))
    return thief


def test_a_cookie_copied_before_logout_no_longer_works(demo, app, login):
    admin = login(demo.account("admin"))
    thief = stolen_copy(app, admin)
    assert thief.get("/dashboard?format=json").status_code == 200
    assert admin.submit("/logout").status_code == 303
    assert thief.get("/dashboard?format=json").status_code == 401
    assert thief.get("/dashboard", follow_redirects=False).headers["location"].startswith("/login")
    # logging in again works, and only the new cookie does
    fresh = login(demo.account("admin"))
    assert fresh.get("/dashboard?format=json").status_code == 200
    assert thief.get("/dashboard?format=json").status_code == 401


def test_passwd_ends_sessions_and_changes_the_password(demo, app, login, client, monkeypatch):
    monkeypatch.setenv("DUBAN_DATABASE_URL", demo.database_url)
    account = demo.account("reporter", "区发改委")
    reporter = login(account)
    assert reporter.get("/my?format=json").status_code == 200
    result = cli("users", "passwd", account.username, "--password", "新密码-2024-abc")
    assert result.exit_code == 0, result.output
    assert "原有登录已全部失效" in result.output
    assert reporter.get("/my?format=json").status_code == 401
    assert client.login(account.username, account.password).status_code == 401
    assert client.login(account.username, "新密码-2024-abc").status_code == 303
    short = cli("users", "passwd", account.username, "--password", "short")
    assert short.exit_code == 2 and "密码至少8个字符" in short.output
    unknown = cli("users", "passwd", "nobody", "--password", "long-enough-1")
    assert unknown.exit_code == 2 and "没有用户 nobody" in unknown.output


def test_disable_ends_sessions_and_refuses_login_until_enabled(demo, app, login, client, monkeypatch):
    monkeypatch.setenv("DUBAN_DATABASE_URL", demo.database_url)
    account = demo.account("viewer")
    viewer = login(account)
    assert cli("users", "disable", account.username).exit_code == 0
    assert viewer.get("/dashboard?format=json").status_code == 401
    assert client.login(account.username, account.password).status_code == 401
    listed = {u["username"]: u["active"] for u in __import__("json").loads(cli("users", "list", "--json").output)}
    assert listed[account.username] is False
    assert cli("users", "enable", account.username).exit_code == 0
    assert client.login(account.username, account.password).status_code == 303


def test_users_add_names_the_organization_of_a_unit_with_the_same_name(demo, monkeypatch):
    monkeypatch.setenv("DUBAN_DATABASE_URL", demo.database_url)
    with session_scope(demo.database_url) as session:
        first = session.scalar(select(Organization))
        other = Organization(name="西城区政府")
        session.add(other)
        session.flush()
        session.add(Unit(org_id=other.id, name="区发改委"))
        first_name = first.name
    ambiguous = cli("users", "add", "x1", "--role", "reporter", "--unit", "区发改委", "--password", "pw-12345678")
    assert ambiguous.exit_code == 2
    assert "在多个机构中都有" in ambiguous.output and "--org" in ambiguous.output
    ok = cli("users", "add", "x2", "--role", "reporter", "--unit", "区发改委", "--org", "西城区政府",
             "--password", "pw-12345678")
    assert ok.exit_code == 0, ok.output
    ok_first = cli("users", "add", "x3", "--role", "reporter", "--unit", "区发改委", "--org", first_name,
                   "--password", "pw-12345678")
    assert ok_first.exit_code == 0, ok_first.output
    no_org = cli("users", "add", "x4", "--role", "reporter", "--unit", "区发改委", "--org", "没有的机构",
                 "--password", "pw-12345678")
    assert no_org.exit_code == 2 and "没有机构 没有的机构" in no_org.output
    with session_scope(demo.database_url) as session:
        orgs = {u.username: u.unit.organization.name for u in session.scalars(select(User).where(
            User.username.in_(["x2", "x3"])))}
    assert orgs == {"x2": "西城区政府", "x3": first_name}
