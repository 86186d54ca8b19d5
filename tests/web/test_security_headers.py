"""Security headers, no-store on signed-in pages, staff-only local API docs, compressed hashed static files,
a persistent secret key and a favicon (issue 13 item 6, issue 11 item 10); pages checked in Chromium for CSP."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from duban.settings import Settings
from duban.web.app import create_app
from duban.web.security import COOKIE_NAME

from .conftest import chromium_browser
from .test_browser import server  # noqa: F401 - the live-server fixture

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "duban" / "web" / "templates"


def test_every_response_carries_the_security_headers(demo, client, login):
    admin = login(demo.account("admin"))
    for c, path in ((client, "/login"), (client, "/open"), (client, "/no-such-page"), (admin, "/dashboard"),
                    (admin, "/tasks?format=json"), (client, "/static/app.css")):
        r = c.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], path
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"


def test_signed_in_pages_are_never_stored_and_the_back_button_shows_nothing_after_logout(demo, client, login):
    admin = login(demo.account("admin"))
    for path in ("/dashboard", "/tasks", "/rounds", "/dashboard?format=json"):
        assert admin.get(path).headers["cache-control"] == "no-store", path
    assert "no-store" not in client.get("/login").headers.get("cache-control", "")


def test_api_docs_are_for_staff_and_served_offline(demo, client, login):
    assert client.get("/api/openapi.json").status_code == 401
    anonymous = client.get("/api/docs", follow_redirects=False)
    assert anonymous.status_code in (303, 401)
    reporter = login(demo.account("reporter", "区发改委"))
    assert reporter.get("/api/openapi.json").status_code == 403
    assert "/api/docs" not in client.get("/login").text and "/api/docs" not in reporter.get("/my").text
    viewer = login(demo.account("viewer"))
    spec = viewer.get("/api/openapi.json").json()
    assert spec["info"]["title"] == "督办工作台" and "/tasks" in spec["paths"]
    page = viewer.get("/api/docs").text
    assert "cdn" not in page.lower() and "http" not in page.replace("http-equiv", "")
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', page):
        r = viewer.get(asset)
        assert r.status_code == 200 and len(r.content) > 100, asset
    assert "/api/docs" in viewer.get("/dashboard").text


def test_static_files_are_gzipped_and_cached_forever_under_hashed_names(demo, client):
    page = client.get("/login").text
    [htmx] = re.findall(r'src="(/static/vendor/htmx/htmx\.[0-9a-f]{10}\.min\.js)"', page) or \
        re.findall(r'src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]{10}\.js)"', page)
    r = client.get(htmx, headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert int(r.headers["content-length"]) < 25_000  # 52 KB raw
    echarts = client.get("/static/vendor/echarts/echarts.min.js", headers={"Accept-Encoding": "gzip"})
    assert echarts.headers["cache-control"] == "no-cache" and int(echarts.headers["content-length"]) < 450_000
    again = client.get("/static/vendor/echarts/echarts.min.js", headers={"If-None-Match": echarts.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/static/vendor/htmx/htmx.min.0123456789.js").status_code == 404  # a stale hash
    raw = client.get("/static/app.css", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers and b"{" in raw.content
    packed = client.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip" and packed.content == raw.content  # httpx unpacks
    assert int(packed.headers["content-length"]) < len(raw.content)
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert 'rel="icon"' in page


def test_the_secret_key_is_generated_once_and_kept(demo, tmp_path):
    settings = Settings(database_url=demo.database_url)
    first = create_app(settings)
    with TestClient(first) as c:
        c.get("/login")
        cookie = c.cookies.get(COOKIE_NAME)
    key_file = Path(demo.path).parent / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode)[-3:] == "600"
    second = create_app(settings)  # a restart
    assert second.state.signer.loads(cookie) is not None


def test_templates_have_no_inline_handlers_or_unnonced_scripts():
    """Event-handler attributes and javascript: links cannot satisfy the CSP; inline scripts need the nonce."""
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text("utf-8")
        assert not re.search(r"\son[a-z]+\s*=", text), f"{path.name}: use data-confirm / data-autosubmit (app.js)"
        assert "javascript:" not in text, path.name
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or "nonce=" in tag or "application/json" in tag, f"{path.name}: {tag}"


@pytest.fixture
def chromium():
    with chromium_browser() as browser:
        yield browser


def test_pages_satisfy_the_csp_in_chromium(demo, server, chromium):  # noqa: F811
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())  # offline
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    admin = demo.account("admin")
    page.goto(server + "/login")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", admin.password)
    page.click("button[type=submit]")
    page.wait_for_url(server + "/dashboard")
    page.wait_for_selector("#chart-donut svg path", state="attached")  # ECharts drew under the CSP
    for path in ("/tasks", "/rounds", "/review", "/users", "/units", "/open/"):
        page.goto(server + path)
    page.goto(server + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)  # Swagger UI ran, offline
    assert "督办工作台" in page.inner_text(".swagger-ui .info .title")
    page.screenshot(path=str(Path(__file__).parent.parent / "artifacts" / "api-docs.png"))
    # the plan picker submits on change through app.js (no inline handler)
    page.goto(server + "/dashboard")
    options = page.locator("select[name=plan_id] option")
    if options.count() > 1:
        with page.expect_navigation():
            page.select_option("select[name=plan_id]", index=1)
    csp = [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert csp == [], csp
    assert problems == [], problems
    reporter = demo.account("reporter", "区发改委")
    page2 = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    page2.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page2.goto(server + "/login")
    page2.fill("input[name=username]", reporter.username)
    page2.fill("input[name=password]", reporter.password)
    page2.click("button[type=submit]")
    page2.wait_for_url(server + "/my")
    page2.click("main a[href^='/my/']")
    before = page2.locator("textarea[name=item]").count()
    page2.click("#add-item")  # the report form's nonce'd inline script runs
    assert page2.locator("textarea[name=item]").count() == before + 1
    assert problems == [], problems
