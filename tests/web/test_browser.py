"""The full cycle in a real headless Chromium against a real server on a free port.

A reporter logs in, fills and submits; the office returns it; the reporter
resubmits; the office approves and publishes; the dashboard and the public page
change. Screenshots go to ``tests/artifacts/`` for a person to look at.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import expect

from duban.settings import Settings
from duban.store.pgcluster import free_port
from duban.web.app import create_app

from .conftest import chromium_browser, running

ARTIFACTS = Path(__file__).parent.parent / "artifacts"


@pytest.fixture
def server(demo, clock):
    port = free_port()
    app = create_app(Settings(database_url=demo.database_url, secret_key="browser"), clock=clock)
    with running(uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def browser():
    with chromium_browser() as b:
        yield b


def log_in(browser, base, account):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())  # offline: no CDN
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(account.username)
    page.get_by_label("密码").fill(account.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")
    return page


def test_report_return_resubmit_approve_publish(demo, server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    reporter_account = demo.account("reporter", "区发改委")
    reporter = log_in(browser, server, reporter_account)
    expect(reporter).to_have_url(re.compile("/my$"))
    reporter.get_by_role("link", name="填报").first.click()
    task_url = reporter.url
    task_id = int(task_url.rstrip("/").rsplit("/", 1)[1])
    reporter.get_by_label("第1条进展").fill("制定年度退租工作方案。")
    reporter.get_by_role("button", name="＋ 增加一条").click()
    reporter.get_by_label("第2条进展").fill("已完成签约1500户，正在推进修缮。")
    reporter.get_by_role("button", name="提交审核").click()
    expect(reporter.get_by_role("status")).to_contain_text("已报送督查室审核")

    admin = log_in(browser, server, demo.account("admin"))
    admin.goto(f"{server}/dashboard")
    before = admin.locator(".count-done .n").inner_text()
    admin.goto(f"{server}/review")
    admin.locator("tr", has=admin.get_by_text("审核")).filter(has_text=reporter_account.username) \
        .get_by_role("link", name="审核").click()
    expect(admin.locator("ol.items")).to_contain_text("已完成签约1500户")
    admin.get_by_label("意见（退回时必填）").fill("请补充修缮户数")
    admin.get_by_role("button", name="退回修改").click()

    reporter.goto(f"{server}/my")
    expect(reporter.locator("body")).to_contain_text("请补充修缮户数")
    reporter.goto(task_url)
    expect(reporter.get_by_role("alert")).to_contain_text("请补充修缮户数")
    reporter.get_by_label("第2条进展").fill("已完成签约1500户，修缮完成800户。")
    reporter.get_by_role("button", name="提交审核").click()
    expect(reporter.get_by_role("status")).to_contain_text("已报送督查室审核")

    admin.goto(f"{server}/review")
    admin.locator("tr").filter(has_text=reporter_account.username).get_by_role("link", name="审核").click()
    expect(admin.locator("ol.items")).to_contain_text("修缮完成800户")
    admin.get_by_label("确认状态").select_option("done")
    admin.get_by_role("button", name="审核通过").click()

    admin.goto(f"{server}/rounds")
    admin.get_by_role("link", name="全年").click()
    admin.once("dialog", lambda d: d.accept())
    admin.get_by_role("button", name="公开本轮").click()
    expect(admin.locator("body")).to_contain_text("已公开")

    admin.goto(f"{server}/dashboard")
    admin.wait_for_function("document.querySelector('#chart-donut svg') !== null")
    after = admin.locator(".count-done .n").inner_text()
    assert int(after) == int(before) + 1
    admin.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    admin.goto(f"{server}/tasks/{task_id}")
    expect(admin.locator(".timeline")).to_contain_text("修缮完成800户")
    admin.locator("details.diff summary").first.click()
    admin.screenshot(path=str(ARTIFACTS / "task.png"), full_page=True)

    public_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    public_context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
    public = public_context.new_page()
    # one public tracker: /open is the static site (duban publish), and the old addresses lead to it
    public.goto(f"{server}/open")
    expect(public.locator("h1")).to_contain_text("政府承诺公开追踪")
    public.locator(".card h2 a").first.click()  # the site's relative links work from the server too
    expect(public).to_have_url(re.compile(r"/open/o\d+-\d+\.html$"))
    public.goto(f"{server}/open/tasks/{task_id}")
    expect(public).to_have_url(re.compile(f"/open/task/{task_id}.html$"))
    expect(public.locator("body")).to_contain_text("修缮完成800户")
    expect(public.locator("body")).not_to_contain_text("请补充修缮户数")  # reviewer comments stay inside
    public.screenshot(path=str(ARTIFACTS / "public_task.png"), full_page=True)
    public.goto(f"{server}/public/task/{task_id}.html")
    expect(public).to_have_url(re.compile(f"/open/task/{task_id}.html$"))
