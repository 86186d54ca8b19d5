"""The second-release workbench in real Chromium through a real server on the demo database, desktop and phone.

One server and one browser for the module; the flows run in order on one
database copy, as a new office would: import its own list and fix it, merge a
unit's names, create an account, chase, download the table, and a unit reports
from a 390 × 844 phone. Screenshots at 1440 and 390 px go to tests/artifacts/.
"""
from __future__ import annotations

import io
import re
import shutil

import pytest
import uvicorn
from docx import Document as DocxDocument
from playwright.sync_api import expect

from duban.settings import Settings
from duban.store import db as store_db
from duban.store.pgcluster import free_port
from duban.web.app import create_app
from duban.work.demo import DEMO_FILE
from tests.web.conftest import NOW, Clock, chromium_browser, running
from tests.web.test_browser import ARTIFACTS

DESKTOP = {"width": 1440, "height": 900}
expect.set_options(timeout=20_000)
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def demo_copy(demo_template, tmp_path_factory):
    from dataclasses import replace
    path = tmp_path_factory.mktemp("wb") / DEMO_FILE
    shutil.copy(demo_template.path, path)
    yield replace(demo_template, path=path, database_url=f"sqlite:///{path}")
    store_db.dispose_all()


@pytest.fixture(scope="module")
def base(demo_copy):
    port = free_port()
    app = create_app(Settings(database_url=demo_copy.database_url, secret_key="wb"), clock=Clock(NOW))
    with running(uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser() as browser:
        yield browser


def open_as(chromium, base, account, viewport):
    context = chromium.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True,
                                   device_scale_factor=1, has_touch=viewport is PHONE, is_mobile=viewport is PHONE)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
    context.set_default_timeout(20_000)  # the shared 2-core machine can be slow; a wait is not a result
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(account.username)
    page.get_by_label("密码").fill(account.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fits(page) -> None:
    """Nothing wider than the screen: no sideways scrolling of the page on a phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{page.url} is {width}px wide"


def task_docx() -> bytes:
    doc = DocxDocument()
    doc.add_paragraph("2033年区重点民生实事任务分解表")
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("序号", "工作任务", "责任单位")):
        cell.text = text
    for row in (("1", "新建社区食堂6处", "区民政局"), ("2", "完成无障碍改造", "区残联"),
                ("3", "改造点位120个", "区残联"), ("4", "新增公共充电桩300个", "区城管委")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def office(chromium, base, demo_copy):
    page = open_as(chromium, base, demo_copy.account("admin"), DESKTOP)
    yield page
    page.context.close()


def test_office_imports_its_own_list_and_fixes_the_reading(office, base, tmp_path):
    source = tmp_path / "民生实事.docx"
    source.write_bytes(task_docx())
    office.goto(f"{base}/import")
    office.get_by_label("选择文件").set_input_files(str(source))
    office.get_by_label("机构").fill("东城区政府")
    office.get_by_role("button", name="识别").click()
    expect(office.locator("h1")).to_contain_text("核对导入")
    rows = office.locator("#sheet tbody tr")
    expect(rows).to_have_count(4)
    shot(office, "import_review")
    rows.nth(2).get_by_role("button", name="并入上行").click()  # row 3 continues row 2
    expect(rows).to_have_count(3)
    expect(rows.nth(1).get_by_label("任务内容")).to_have_value("完成无障碍改造改造点位120个")
    rows.nth(0).get_by_label("责任单位").fill("区民政局、区卫健委")
    office.get_by_role("button", name="确认导入").click()
    expect(office.locator(".flash")).to_contain_text("已导入")
    expect(office).to_have_url(re.compile(r"/tasks\?plan_id=\d+$"))
    expect(office.locator("table.grid")).to_contain_text("完成无障碍改造改造点位120个")
    expect(office.locator("table.grid tbody tr")).to_have_count(3)


def test_office_merges_one_unit_written_three_ways_in_one_click(office, base):
    office.goto(f"{base}/units")
    proposal = office.locator(".proposal").filter(has_text="区规自分局").filter(has_text="规自分局").first
    expect(proposal).to_be_visible()
    shot(office, "units")
    proposal.get_by_role("button", name="保留“区规自分局”").click()
    expect(office.locator(".flash")).to_contain_text("并入“区规自分局”")


def test_office_creates_an_account_and_sees_the_password_once(office, base):
    office.goto(f"{base}/users")
    office.get_by_text("＋ 新建账号").click()
    office.get_by_label("用户名").fill("zhang.wei")
    office.get_by_label("所属单位（填报人）").select_option(label="区发改委")
    office.get_by_role("button", name="新建（生成密码）").click()
    expect(office.locator(".secret")).to_contain_text("只显示这一次")
    assert len(office.locator("code.password").inner_text()) >= 8
    shot(office, "users")
    office.reload()
    expect(office.locator(".secret")).to_have_count(0)


def test_office_chases_and_downloads_the_table_and_notice(office, base):
    office.goto(f"{base}/rounds")
    office.get_by_role("link", name="全年").first.click()
    with office.expect_download() as table:
        office.locator("section.exports").get_by_role("link", name="Word", exact=True).click()
    assert table.value.suggested_filename.endswith("进展情况表.docx")
    with office.expect_download() as notice:
        office.get_by_role("link", name="通报（Word）").click()
    assert notice.value.suggested_filename.endswith("督办通报.docx")
    office.get_by_role("button", name="催办未报送单位").click()
    expect(office).to_have_url(re.compile(r"/reminders$"))
    expect(office.locator(".flash")).to_contain_text("未送达")
    expect(office.locator(".flash")).to_contain_text("未配置邮件或机器人")
    shot(office, "reminders")
    office.reload()
    expect(office.locator(".flash")).to_have_count(0)
    office.goto(f"{base}/dashboard")
    expect(office.locator("section.deadline")).to_contain_text("未到期")
    expect(office.locator("section.deadline .owing")).to_contain_text("区发改委")
    shot(office, "dashboard_deadline")


def test_unit_reports_from_a_phone(chromium, base, demo_copy):
    phone = open_as(chromium, base, demo_copy.account("reporter", "区发改委"), PHONE)
    try:
        expect(phone.locator(".banner")).to_contain_text("还有7天")
        nav = phone.locator("header.top nav").bounding_box()
        assert nav["height"] < 48, "the nav is one line on a phone"
        fits(phone)
        shot(phone, "phone_my")
        phone.locator("table.grid tbody tr").first.get_by_role("link").click()
        phone.get_by_label("第1条进展").fill("完成签约1500户，正在推进修缮。")
        phone.get_by_label("任务完成百分比（可不填）").fill("一百二")
        phone.get_by_role("button", name="提交审核").click()
        expect(phone.locator("#err-percent")).to_contain_text("不能超过100")
        expect(phone.get_by_label("第1条进展")).to_have_value("完成签约1500户，正在推进修缮。")
        fits(phone)
        shot(phone, "phone_form_error")
        phone.get_by_label("任务完成百分比（可不填）").fill("80")
        phone.get_by_role("button", name="提交审核").click()
        expect(phone.get_by_role("status")).to_contain_text("已报送督查室审核")
    finally:
        phone.context.close()


def test_office_reviews_with_filters_and_the_change_since_last_round(office, base):
    office.goto(f"{base}/review")
    expect(office.locator("table.grid tbody tr")).to_have_count(1)  # the phone's report
    office.get_by_label("报送单位").select_option(label="区发改委")
    office.get_by_role("button", name="筛选").click()
    expect(office.locator("table.grid")).to_contain_text("区发改委")
    shot(office, "review_list")
    office.locator("#bulk").get_by_role("link", name="审核", exact=True).click()
    expect(office.locator(".meta")).to_contain_text("理由")
    expect(office.locator("ol.items")).to_contain_text("完成签约1500户")
    shot(office, "review_form")


def test_office_pages_fit_a_phone(chromium, base, demo_copy):
    phone = open_as(chromium, base, demo_copy.account("admin"), PHONE)
    try:
        for path, name in (("/dashboard", "phone_dashboard"), ("/tasks", "phone_tasks"), ("/units", "phone_units"),
                           ("/review", None), ("/rounds", None)):
            phone.goto(f"{base}{path}")
            if path == "/dashboard":
                phone.wait_for_function("document.querySelector('#chart-units svg') !== null")
            fits(phone)
            if name:
                shot(phone, name)
    finally:
        phone.context.close()


def test_an_unreadable_file_is_filled_by_pasting_rows_from_a_phone(chromium, base, demo_copy, tmp_path):
    phone = open_as(chromium, base, demo_copy.account("admin"), PHONE)
    try:
        scan = tmp_path / "扫描件.pdf"
        scan.write_bytes(b"%PDF-1.4 scanned pages only")
        phone.goto(f"{base}/import")
        phone.get_by_label("选择文件").set_input_files(str(scan))
        phone.get_by_role("button", name="识别").click()
        expect(phone.locator(".warning")).to_contain_text("系统未能识别这个文件")
        phone.get_by_label("粘贴的表格行").fill("责任单位\t工作任务\t完成时限\n区水务局\t治理河道3条\t2034年9月底\n"
                                              "区教委\t新增学位2000个\t2034-08-31")
        phone.get_by_role("button", name="添加到表格").click()
        rows = phone.locator("#sheet tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0).get_by_label("任务内容")).to_have_value("治理河道3条")
        expect(rows.nth(0).get_by_label("责任单位")).to_have_value("区水务局")
        fits(phone)
        shot(phone, "phone_import")
        phone.get_by_label("标题").fill("2034年区政府重点工作")
        phone.get_by_label("年份").fill("2034")
        phone.get_by_label("机构").fill("东城区政府")
        phone.get_by_role("button", name="确认导入").click()
        expect(phone.locator(".flash")).to_contain_text("已导入")
        expect(phone.locator("body")).to_contain_text("新增学位2000个")
    finally:
        phone.context.close()
