"""Oversize requests, out-of-range ids, NUL, database failures (issue 13 items 2 and 7), through the real app.

Each test reproduces one failure of the release that landed: an anonymous login
read whole before being refused, a 90 MB report, ids above 2^63 (500), NUL on
PostgreSQL (500), a full disk losing the reporter's text, a stopped PostgreSQL
answering a bare "Internal Server Error".
"""
from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from sqlalchemy import event, func, select

from duban.settings import Settings
from duban.store import db as store_db
from duban.store.db import session_scope
from duban.store.models import ProgressReport
from duban.store.pgcluster import free_port, start_cluster
from duban.store.services.users import create_user
from duban.web.app import create_app

from .conftest import Browser, running

HTML = {"Accept": "text/html,application/xhtml+xml"}


def first_open_task(client):
    [group] = client.get("/my?format=json").json()
    return group["round_id"], group["tasks"][0]["task_id"]


def report_count(url: str) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(ProgressReport))


@pytest.fixture
def live(demo, clock):
    """The app on a real uvicorn server on a free port."""
    settings = Settings(database_url=demo.database_url, secret_key="k", port=free_port())
    server = uvicorn.Server(uvicorn.Config(create_app(settings, clock=clock), host="127.0.0.1", port=settings.port,
                                           log_level="warning"))
    with running(server):
        yield settings.port


def raw_post(port: int, head: str, body_chunks, timeout: float = 10.0) -> tuple[bytes, int]:
    """Send a request by hand; returns what the server answered and how many body bytes it let us send."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1"))
        try:
            for chunk in body_chunks:
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:  # the server closed the connection on us: what we want
            pass
        reply = b""
        try:
            while b"\r\n\r\n" not in reply:
                part = sock.recv(65536)
                if not part:
                    break
                reply += part
        except OSError:
            pass
    return reply, sent


def test_an_anonymous_login_of_999_megabyte_fields_is_refused_before_it_is_read(live):
    field = b"a=" + b"x" * (1024 * 1024 - 2) + b"&"
    head = (f"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {999 * len(field)}\r\n\r\n")
    started = time.monotonic()
    reply, sent = raw_post(live, head, (field for _ in range(999)))
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert sent < 200 * len(field)  # refused on the declared length; far from 999 MB accepted
    assert time.monotonic() - started < 10
    # no Content-Length at all: cut off as soon as the stream passes the anonymous limit
    chunked = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n" \
              "Transfer-Encoding: chunked\r\n\r\n"
    piece = b"%x\r\n%s\r\n" % (len(field), field)
    reply, _ = raw_post(live, chunked, (piece for _ in range(999)))
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]


def test_a_report_of_300_long_items_is_refused_with_the_text_kept(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id = first_open_task(reporter)
    before = report_count(demo.database_url)
    many = [f"第{n}条：推进老旧小区改造" for n in range(60)]
    r = reporter.submit(f"/my/{round_id}/{task_id}", {"item": many, "base_version": 0, "action": "save"},
                        headers=HTML)
    assert r.status_code == 400  # the form again, the message beside the items
    assert "共60条，超过50条的上限" in r.text and "未保存" in r.text
    assert "第59条：推进老旧小区改造" in r.text  # what was typed comes back to copy
    long_item = "申请式退租" * 2000  # 10,000 characters
    r = reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["正常的一条", long_item], "base_version": 0,
                                                      "action": "save"}, headers=HTML)
    assert r.status_code == 400 and "第2条进展有10,000字，超过5,000字的上限" in r.text
    assert long_item in r.text
    huge = reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["字" * 100_000] * 30, "base_version": 0,
                                                         "action": "save"})
    assert huge.status_code == 413 and "提交的内容过大" in huge.text
    assert report_count(demo.database_url) == before
    ok = reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["字" * 5000], "base_version": 0, "action": "save"})
    assert ok.status_code == 303


def test_too_many_form_fields_are_refused(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id = first_open_task(reporter)
    r = reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["一"] * 1000, "base_version": 0, "action": "save"})
    assert r.status_code == 413 and "表单字段过多" in r.text


@pytest.mark.parametrize("url,status", [("/tasks/99999999999999999999", 404), ("/tasks/9223372036854775808", 404),
                                        ("/review/18446744073709551616", 404),
                                        ("/tasks?plan_id=99999999999999999999", 422),
                                        ("/dashboard?round_id=-9223372036854775809", 422)])
def test_ids_beyond_64_bits_are_a_chinese_page_not_a_500(demo, login, url, status):
    admin = login(demo.account("admin"))
    r = admin.get(url)
    assert r.status_code == status
    assert ("页面不存在" if status == 404 else "超出范围") in r.text
    assert admin.get("/tasks/9223372036854775807").status_code == 404  # the largest id is merely absent


def test_nul_in_a_progress_item_is_refused_and_nothing_stored(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id = first_open_task(reporter)
    before = report_count(demo.database_url)
    r = reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["前半\x00后半"], "base_version": 0, "action": "save"})
    assert r.status_code == 400 and "空字符" in r.text
    multipart = reporter.post(f"/my/{round_id}/{task_id}", files={"x": ("a.txt", b"x")},
                              data={"item": "前半\x00后半", "base_version": "0", "action": "save",
                                    "csrf_token": reporter.csrf()})
    assert multipart.status_code == 400 and "空字符" in multipart.text
    assert report_count(demo.database_url) == before


def test_nul_in_a_user_name_or_search_on_postgresql_is_a_400_not_a_500(pg_cluster):
    url = pg_cluster.create_database("t_nul_login")
    try:
        with session_scope(url) as session:
            create_user(session=session, actor="t", username="office", password="pw-12345678", role="admin")
        with Browser(create_app(Settings(database_url=url, secret_key="k"))) as client:
            r = client.post("/login", data={"username": "off\x00ice", "password": "x", "csrf_token": client.csrf()})
            assert r.status_code == 400 and "空字符" in r.text
            assert client.login("office", "pw-12345678").status_code == 303
            assert client.get("/tasks?q=%00").status_code == 400
    finally:
        store_db.dispose_all()
        pg_cluster.drop_database("t_nul_login")


def test_a_full_disk_during_a_save_keeps_the_reporters_text(demo, app, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id = first_open_task(reporter)
    engine = store_db.get_engine(demo.database_url)
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(engine, "connect")
    def no_room(dbapi_connection, _):  # SQLite's own "database or disk is full", as on a full disk
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    text = "本季度完成申请式退租签约312户，" + "并推进直管公房修缮。" * 450
    engine.dispose()  # every connection from now on is limited
    items = [text] + [f"第{n}项：" + "完成老旧小区综合整治。" * 400 for n in range(2, 41)]  # more than the free pages
    try:
        r = reporter.submit(f"/my/{round_id}/{task_id}", {"item": items, "base_version": 0, "action": "submit"},
                            headers=HTML)
    finally:
        event.remove(engine, "connect", no_room)
        engine.dispose()
    assert r.status_code == 507
    assert "磁盘空间已满" in r.text and "未能保存" in r.text
    assert "本季度完成申请式退租签约312户" in r.text  # the text comes back to copy
    assert "pw-" not in r.text and "csrf" not in r.text.split("<main>")[1].split("</main>")[0]
    assert reporter.get(f"/my/{round_id}/{task_id}?format=json").json()["version"] == 0


def test_a_stopped_postgresql_gives_a_503_page_that_says_so():
    cluster = start_cluster()
    try:
        url = cluster.create_database("down")
        with session_scope(url) as session:
            create_user(session=session, actor="t", username="office", password="pw-12345678", role="admin")
        with Browser(create_app(Settings(database_url=url, secret_key="k"))) as client:
            assert client.login("office", "pw-12345678").status_code == 303
            cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "-w", "stop")
            for path in ("/dashboard", "/tasks", "/login"):
                r = client.get(path, headers=HTML)
                assert r.status_code == 503, (path, r.text[:300])
                assert "数据库暂时无法连接" in r.text and "Internal Server Error" not in r.text
            assert client.get("/dashboard?format=json").json()["detail"].startswith("数据库暂时无法连接")
    finally:
        store_db.dispose_all()
        cluster.stop()


def test_an_import_waits_for_another_imports_write_lock_on_sqlite(tmp_path):
    """Two imports at once: the second waits however long the first holds the lock (README), never "locked".

    The first import is a raw connection holding SQLite's write lock for 1.5 s; the
    busy timeout is cut to 0.1 s so the wait outlasts it, as a large file's import
    outlasts the real 10 s."""
    import sqlite3

    from duban.store.db import session_factory
    from duban.store.services.imports import import_file

    path = tmp_path / "imports.sqlite3"
    url = f"sqlite:///{path}"
    factory = session_factory(url)
    engine = factory.kw["bind"]

    @event.listens_for(engine, "connect")
    def short_wait(dbapi_connection, _):
        dbapi_connection.execute("PRAGMA busy_timeout=100")

    engine.dispose()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.5, lambda: holder.execute("COMMIT"))
    release.start()
    sample = tmp_path / "任务分解.txt"
    sample.write_text("2024年重点任务分解\n1. 完成老旧小区综合整治10个。\n责任单位：区住建委\n完成时限：2024年12月\n"
                      "2. 新增养老床位200张。\n责任单位：区民政局\n完成时限：2024年12月\n", "utf-8")
    try:
        started = time.monotonic()
        result = import_file(session_factory=factory, path=sample)
        waited = time.monotonic() - started
    finally:
        release.join()
        holder.close()
        event.remove(engine, "connect", short_wait)
        store_db.dispose_all()
    assert result.status == "imported", result.message
    assert waited >= 1.0  # it did wait for the other writer


def test_a_request_that_finds_no_free_database_connection_gets_a_503_page_soon(demo, monkeypatch):
    """Overload: every connection busy. The request waits DUBAN_DB_WAIT_SECONDS, then a Chinese 503
    (try again), not a 500 after SQLAlchemy's default 30 s; once a connection is free all is well."""
    monkeypatch.setenv("DUBAN_DB_CONNECTIONS", "1")
    monkeypatch.setenv("DUBAN_DB_WAIT_SECONDS", "0.3")
    store_db.dispose_all()  # the engine is made again, with these limits
    app = create_app(Settings(database_url=demo.database_url, secret_key="test-secret"))
    with Browser(app) as office:
        assert office.login(demo.account("admin").username, demo.account("admin").password).status_code == 303
        with store_db.get_engine(demo.database_url).connect():  # the one connection is taken
            started = time.monotonic()
            busy = office.get("/dashboard", headers=HTML)
            waited = time.monotonic() - started
        assert busy.status_code == 503 and "服务器正忙" in busy.text and busy.headers["retry-after"] == "30"
        assert waited < 10
        assert office.get("/dashboard", headers=HTML).status_code == 200
