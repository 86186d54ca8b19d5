"""Login throttling slows guesses without locking the owner out; X-Forwarded-For only from trusted proxies
(issue 13 item 5, issue 11 item 10)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
import uvicorn

from duban.commands.work_cmds import server_config
from duban.settings import Settings
from duban.store.pgcluster import free_port
from duban.web.app import create_app
from duban.work.throttle import LoginThrottle, ThrottlePolicy

from .conftest import Browser, running


def browser_at(app, address: str) -> Browser:
    b = Browser(app, client=(address, 40000))
    b.__enter__()
    return b


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(demo, app, clock):
    admin = demo.account("admin")
    guesser, owner = browser_at(app, "203.0.113.9"), browser_at(app, "198.51.100.7")
    for _ in range(5):
        assert guesser.login(admin.username, "wrong").status_code == 401
    slowed = guesser.login(admin.username, "still-wrong")
    assert slowed.status_code == 401  # the sixth is checked; then the guesser must wait
    refused = guesser.login(admin.username, admin.password)
    assert refused.status_code == 429 and "秒后再试" in refused.text
    assert int(refused.headers["retry-after"]) >= 1
    assert "name=\"username\"" in refused.text and admin.username in refused.text  # the typed name kept
    # the owner, from another address, is not slowed at all
    assert owner.login(admin.username, admin.password).status_code == 303
    # the wait doubles with each further failure, and ends
    clock.now += timedelta(seconds=2)
    assert guesser.login(admin.username, "wrong").status_code == 401
    assert guesser.login(admin.username, admin.password).status_code == 429
    clock.now += timedelta(seconds=5)
    assert guesser.login(admin.username, admin.password).status_code == 303


def test_many_addresses_guessing_one_account_are_slowed_but_the_owner_waits_seconds(demo, app, clock):
    admin = demo.account("admin")
    policy = app.state.throttle.policy
    for n in range(policy.account_burst):
        assert browser_at(app, f"203.0.113.{n + 1}").login(admin.username, "wrong").status_code == 401
    owner = browser_at(app, "198.51.100.7")
    refused = owner.login(admin.username, admin.password)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) <= policy.account_refill_seconds
    clock.now += timedelta(seconds=policy.account_refill_seconds)
    assert owner.login(admin.username, admin.password).status_code == 303


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(demo, clock):
    admin = demo.account("admin")
    direct = create_app(Settings(database_url=demo.database_url, secret_key="k"), clock=clock)
    b = browser_at(direct, "127.0.0.1")
    for n in range(6):  # rotating the header from loopback changes nothing
        b.headers["X-Forwarded-For"] = f"192.0.2.{n}"
        b.login(admin.username, "wrong")
    b.headers["X-Forwarded-For"] = "192.0.2.200"
    assert b.login(admin.username, admin.password).status_code == 429

    proxied = create_app(Settings(database_url=demo.database_url, secret_key="k", trusted_proxies="10.0.0.0/8"),
                         clock=clock)
    proxy = browser_at(proxied, "10.1.2.3")
    proxy.headers["X-Forwarded-For"] = "192.0.2.50, 10.9.9.9"  # client, then an inner trusted proxy
    for _ in range(6):
        proxy.login(admin.username, "wrong")
    assert proxy.login(admin.username, admin.password).status_code == 429
    proxy.headers["X-Forwarded-For"] = "192.0.2.51"  # another person behind the same proxy
    assert proxy.login(admin.username, admin.password).status_code == 303


def test_a_bad_trusted_proxy_setting_is_refused_with_its_name(demo):
    from duban.settings import SettingsError
    with pytest.raises(SettingsError, match="DUBAN_TRUSTED_PROXIES"):
        create_app(Settings(database_url=demo.database_url, secret_key="k", trusted_proxies="not-an-address"))


def test_the_throttle_table_is_bounded():
    from datetime import datetime
    throttle = LoginThrottle(ThrottlePolicy(max_entries=100))
    now = datetime(2024, 3, 1, 10, 0)
    for n in range(5000):
        throttle.failed(f"invented-{n}", f"192.0.2.{n % 250}", now)
    assert len(throttle) <= 100


def test_the_real_server_does_not_believe_forwarded_for_from_loopback(demo, clock):
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 by default; `duban serve` must not."""
    settings = Settings(database_url=demo.database_url, secret_key="k", port=free_port())
    app = create_app(settings, clock=clock)
    server = uvicorn.Server(server_config(app, replace(settings, host="127.0.0.1")))
    admin = demo.account("admin")
    with running(server):
        with httpx.Client(base_url=f"http://127.0.0.1:{settings.port}") as http:
            token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text).group(1)
            # one password tried on many accounts, a new X-Forwarded-For each time: still one address
            burst = app.state.throttle.policy.address_burst
            codes = [http.post("/login", data={"username": f"user{n}", "password": "Winter2024", "csrf_token": token},
                               headers={"X-Forwarded-For": f"192.0.2.{n}"}).status_code for n in range(burst + 2)]
            assert codes[:burst] == [401] * burst and codes[-1] == 429
            assert http.post("/login", data={"username": admin.username, "password": "x", "csrf_token": token},
                             headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429
