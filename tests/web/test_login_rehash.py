"""A password hashed with older argon2 parameters is re-hashed with the current ones at login, on both databases."""
from __future__ import annotations

import argon2
from sqlalchemy import select

from duban.settings import Settings
from duban.store.db import session_scope
from duban.store.models import AuditEvent, User
from duban.store.services.users import create_user, password_hasher
from duban.web.app import create_app
from tests.web.conftest import NOW, Browser, Clock

OLD = argon2.PasswordHasher(time_cost=3, memory_cost=65536)


def stored_hash(url: str, username: str) -> str:
    with session_scope(url) as session:
        return session.scalar(select(User.password_hash).where(User.username == username))


def test_old_hash_is_upgraded_at_login_and_the_password_still_works(db_url):
    with session_scope(db_url) as session:
        user = create_user(session=session, actor="t", username="office", password="x", role="admin")
        user.password_hash = OLD.hash("旧参数-pw-1")
    old = stored_hash(db_url, "office")
    assert "m=65536,t=3" in old and password_hasher.check_needs_rehash(old)
    app = create_app(Settings(database_url=db_url, secret_key="k"), clock=Clock(NOW))

    with Browser(app) as wrong:
        assert wrong.login("office", "wrong").status_code == 401
    assert stored_hash(db_url, "office") == old  # a failed login changes nothing

    with Browser(app) as first:
        assert first.login("office", "旧参数-pw-1").status_code == 303
        assert first.get("/dashboard?format=json").status_code == 200
    new = stored_hash(db_url, "office")
    assert new != old and not password_hasher.check_needs_rehash(new)
    assert "m=19456,t=2,p=1" in new

    with Browser(app) as again:
        assert again.login("office", "旧参数-pw-1").status_code == 303
        assert again.get("/dashboard?format=json").status_code == 200
    assert stored_hash(db_url, "office") == new  # already current: not re-hashed on every login
    with Browser(app) as wrong:
        assert wrong.login("office", "旧参数-pw-2").status_code == 401
    with session_scope(db_url) as session:  # the password did not change, so the trail has no password event
        assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "password")) is None
