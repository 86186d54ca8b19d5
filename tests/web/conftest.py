"""The workbench under test: the demo database (seeds imported, a round open, accounts) and an app on it.

The demo is prepared once per session (importing and hashing ~60 passwords takes
seconds); each test gets its own copy of the SQLite file, so tests never see
each other's writes.
"""
from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import sync_playwright

from duban.settings import Settings
from duban.store import db as store_db
from duban.web.app import create_app
from duban.web.security import CSRF_HEADER
from duban.work.demo import DEMO_FILE, Demo, prepare_demo

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TODAY = date(2024, 3, 1)  # the demo round (2023 全年) is then due on 2024-03-08
NOW = datetime(2024, 3, 1, 10, 0)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Demo:
    counter = iter(range(10_000))
    return prepare_demo(tmp_path_factory.mktemp("demo"), today=TODAY, password=lambda: f"pw-{next(counter):04d}")


@pytest.fixture
def demo(demo_template, tmp_path) -> Demo:
    path = tmp_path / DEMO_FILE
    shutil.copy(demo_template.path, path)
    yield replace(demo_template, path=path, database_url=f"sqlite:///{path}")
    store_db.dispose_all()


class Clock:
    """The app's clock, moved by tests."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def app(demo, clock):
    return create_app(Settings(database_url=demo.database_url, secret_key="test-secret"), clock=clock)


class Browser(TestClient):
    """A test client that logs in through the form and sends the CSRF token like the pages do."""

    def csrf(self) -> str:
        from duban.web.security import COOKIE_NAME
        signer = self.app.state.signer
        data = signer.loads(self.cookies.get(COOKIE_NAME))
        if data is None:
            self.get("/login")
            data = signer.loads(self.cookies.get(COOKIE_NAME))
        return data["csrf"]

    def login(self, username: str, password: str):
        token = self.csrf()
        return self.post("/login", data={"username": username, "password": password, "csrf_token": token},
                         follow_redirects=False)

    def submit(self, url: str, data: dict | None = None, **kwargs):
        """A form post carrying the session's CSRF token, as the page's forms do."""
        return self.post(url, data={**(data or {}), "csrf_token": self.csrf()}, follow_redirects=False, **kwargs)


@pytest.fixture
def client(app):
    with Browser(app) as c:
        yield c


@pytest.fixture
def login(app):
    """``login(account)`` → a fresh logged-in client for that demo account."""
    clients = []

    def make(account) -> Browser:
        c = Browser(app)
        c.__enter__()
        clients.append(c)
        response = c.login(account.username, account.password)
        assert response.status_code == 303, response.text
        return c

    yield make
    for c in clients:
        c.__exit__(None, None, None)


__all__ = ["CSRF_HEADER", "Browser", "Clock"]


@contextmanager
def running(server: uvicorn.Server) -> Iterator[None]:
    """A real uvicorn server on a thread: started before the body runs, stopped after it."""
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium_browser() -> Iterator[Chromium]:
    """Debian's headless Chromium through Playwright, with no network beyond loopback."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
