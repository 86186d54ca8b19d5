"""``duban notice``: the counts are the dashboard's, worded as notices word them."""
from __future__ import annotations

import re
from datetime import date, datetime

import docx
import pdfplumber
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from factories.store import make_org, make_plan, make_task
from pages import empty_share, page_images
from PIL import Image
from sqlalchemy import select
from typer.testing import CliRunner

from duban.cli import app
from duban.export.notice import build_notice, percent_shares, render_notice_pdf, short_text
from duban.store.db import session_scope
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round
from duban.work.status import STATUS_ORDER, Status

runner = CliRunner()
UNITS = (("区住建委",), ("区住建委",), ("区民政局",), ("区城管委", "区交通委"), ("区卫健委", "区民政局", "区商务局"))


def report(session, task, rnd, status: str, state: str = "approved") -> None:
    append_report(session=session, actor="test", task_id=task.id, round_id=rnd.id,
                  unit_id=task.assignments[0].unit_id, items=["已推进。"], status=status, state=state,
                  check_transition=False)


@pytest.fixture
def two_rounds(db_url, monkeypatch):
    """Five tasks; Q1 was due long ago (two tasks never reported), Q2 is due far ahead."""
    with session_scope(db_url) as session:
        plan = make_plan(session=session, org=make_org(session=session), title="2024年重点任务")
        tasks = [make_task(session=session, plan=plan, seq=n + 1, content=f"第{n + 1}项任务内容，推进整治提升。",
                           units=units) for n, units in enumerate(UNITS)]
        for task in tasks:
            session.refresh(task)
        q1 = create_round(session=session, actor="test", plan_id=plan.id, label="第一季度",
                          start=date(2024, 1, 1), end=date(2024, 3, 31), due=date(2024, 4, 10))
        q2 = create_round(session=session, actor="test", plan_id=plan.id, label="第二季度",
                          start=date(2024, 1, 1), end=date(2024, 6, 30), due=date(2099, 1, 1))
        for task, status in zip(tasks, ("done", "behind", "on_track")):
            report(session, task, q1, status, "approved" if status != "on_track" else "submitted")
        for task, status in zip(tasks, ("done", "on_track", "on_track", "behind")):
            report(session, task, q2, status)
        ids = plan.id, q1.id, q2.id
    monkeypatch.setenv("DUBAN_DATABASE_URL", db_url)
    return (db_url, *ids)


def notice_of(url, plan_id, round_id, now=datetime(2030, 1, 1)):
    from duban.store.models import Plan, Round

    with session_scope(url) as session:
        return build_notice(session, session.get(Plan, plan_id), session.get(Round, round_id), now)


def dashboard_of(url, plan_id, round_id, now):
    from duban.work import dashboard

    with session_scope(url) as session:
        return dashboard.build(session, plan_id, round_id, now).summary


def test_notice_counts_equal_the_dashboards(two_rounds):
    url, plan_id, q1, q2 = two_rounds
    now = datetime(2030, 1, 1)
    notice = notice_of(url, plan_id, q2, now)
    dashboard = dashboard_of(url, plan_id, q2, now)  # the confirmed counts the dashboard shows
    assert notice.summary.counts == dashboard.counts
    text = "\n".join(p for _, paragraphs in notice.sections() for p in paragraphs)
    for status in STATUS_ORDER:
        if dashboard.counts[status]:
            assert f"{status.label}{dashboard.counts[status]}项，占{dashboard.share(status) * 100:.1f}%" in text
    # the same figures worked out by hand from the fixture, one measure word throughout
    assert "共5项任务，其中已完成1项，占20.0%；达进度2项，占40.0%；欠进度1项，占20.0%；未评估1项，占20.0%。" in text
    assert "与上一轮（第一季度）相比，达进度由1项增至2项，未报送由2项减至0项，未评估由0项增至1项。" in text
    assert "个" not in text.replace("责任单位", "").split("已报送任务")[0]
    assert "系统建议" not in text  # every status of this round was confirmed


def test_a_suggestion_is_shown_on_the_dashboard_but_not_counted_in_the_notice(two_rounds):
    url, plan_id, q1, q2 = two_rounds
    now = datetime(2030, 1, 1)
    with session_scope(url) as session:
        from duban.store.models import Task

        fifth = session.scalar(select(Task).where(Task.plan_id == plan_id, Task.seq == 5))
        append_report(session=session, actor="test", task_id=fifth.id, round_id=q2,
                      unit_id=fifth.assignments[0].unit_id, items=["该项工作已全部完成，通过验收。"],
                      status="unassessed", state="submitted", check_transition=False)
    dashboard = dashboard_of(url, plan_id, q2, now)
    assert dashboard.suggested[Status.DONE] == 1 and dashboard.pending == 1  # staff see the suggestion beside
    assert dashboard.counts[Status.DONE] == 1 and dashboard.counts[Status.UNASSESSED] == 1  # …but not as 已完成
    notice = notice_of(url, plan_id, q2, now)
    assert notice.summary.counts == dashboard.counts
    overview = notice.overview()
    assert "已完成1项，占20.0%" in overview and "未评估1项，占20.0%" in overview
    assert overview.endswith("未评估的1项中，1项已报送进展、尚待审核确认。")  # no machine verdict printed
    assert "已完成2项" not in "".join(p for _, ps in notice.sections() for p in ps)
    assert notice.comparison().endswith("（本轮尚有1项已报送、待审核确认，暂计入未评估）。")


def test_lagging_tasks_and_missing_reports_name_every_unit(two_rounds):
    url, plan_id, q1, q2 = two_rounds
    lines = notice_of(url, plan_id, q1).lagging_lines()
    assert lines[0] == "进展滞后的任务共3项（欠进度1项、未报送2项），具体如下："
    assert lines[2].endswith("责任单位：区城管委、区交通委；状态：未报送。")
    assert lines[3].endswith("责任单位：区卫健委、区民政局、区商务局；状态：未报送。")
    assert "（建议）" not in "".join(lines)
    reporting = notice_of(url, plan_id, q1).reporting_lines()
    assert reporting[0] == "本轮5项任务中，已报送3项，其中逾期报送3项；未报送2项（报送截止日期为2024年4月10日）。"
    assert reporting[1] == "未报送的任务及其责任单位：第4项：区城管委、区交通委；第5项：区卫健委、区民政局、区商务局。"
    assert "有任务未报送的责任单位5个：区城管委、区交通委、区卫健委、区民政局、区商务局。" in reporting
    assert notice_of(url, plan_id, q1).comparison() == "本轮为该计划首次报送，暂无上一轮可比。"


def test_a_round_nobody_reported_in_says_so(two_rounds):
    url, plan_id, _, _ = two_rounds
    with session_scope(url) as session:
        empty = create_round(session=session, actor="test", plan_id=plan_id, label="第三季度",
                             start=date(2024, 1, 1), end=date(2024, 9, 30), due=date(2024, 10, 10)).id
    text = "".join(notice_of(url, plan_id, empty).reporting_lines())
    assert text.startswith("本轮5项任务均未报送进展（报送截止日期为2024年10月10日），涉及责任单位")
    assert "各单位均于" not in text
    for unit in ("区住建委", "区民政局", "区城管委", "区交通委", "区卫健委", "区商务局"):
        assert unit in text


@pytest.mark.parametrize("counts", [(9, 7), (1, 1, 1), (2, 1, 1, 1, 1, 1), (1, 2, 3, 4, 5, 6), (0, 3, 0), (7,)])
def test_shares_round_half_up_and_add_to_100(counts):
    from decimal import Decimal

    shares = percent_shares(list(counts))
    assert sum(shares) == Decimal("100.0")
    for count, share in zip(counts, shares):
        exact = Decimal(count) * 100 / sum(counts)
        assert abs(share - exact) < Decimal("0.1") and (count or share == 0)
    if counts == (9, 7):
        assert [str(s) for s in shares] == ["56.3", "43.7"]  # 56.25 rounds half-up


def test_quoted_content_is_never_cut_inside_a_number():
    text = "完成全年目标任务，新增市场租房补贴户5000户以上，发放补贴资金1.25亿元，持续推进保障性住房建设和分配工作。"
    cut = short_text(text, 25)
    assert cut.endswith("…") and not re.search(r"\d…", cut)
    assert short_text("推进老旧小区综合整治。完成10个小区改造。") == "推进老旧小区综合整治"


def test_notice_command_writes_an_official_document(two_rounds, tmp_path):
    assert runner.invoke(app, ["org", "set", "--full-name", "北京市测试区人民政府", "--office", "北京市测试区人民政府督查室",
                               "--to", "各街道办事处，区政府各委、办、局"]).exit_code == 0
    out = tmp_path / "通报.docx"
    result = runner.invoke(app, ["notice", "--plan", "2024年重点任务", "--round", "第一季度",
                                 "--now", "2030-01-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "北京市测试区人民政府督查室"
    assert document.paragraphs[0].runs[0].font.color.rgb is not None, "the 版头 is red"
    assert "".join(texts[1:3]).startswith("关于2024年重点任务第一季度") and "进展情况的通报" in "".join(texts[1:3])
    assert "各街道办事处，区政府各委、办、局：" in texts
    for heading in ("一、总体情况", "二、进展滞后的任务", "三、报送情况", "四、下一步要求"):
        assert heading in texts
        [paragraph] = [p for p in document.paragraphs if p.text == heading]
        assert paragraph.paragraph_format.keep_with_next, f"{heading} may end a page alone (与下段同页)"
    assert texts[-2:] == ["北京市测试区人民政府督查室", "2030年1月1日"]
    assert document.core_properties.author == "北京市测试区人民政府"
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    assert section.page_height > section.page_width
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_notice_pages_number_odd_right_even_left(two_rounds, tmp_path):
    """Rendered: page numbers sit right on page 1 and left on page 2; no page but the last a third empty."""
    url, plan_id, q1, _ = two_rounds
    notice = notice_of(url, plan_id, q1)
    notice.lagging = notice.lagging * 6  # long enough for a second page
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render_notice_pdf(notice))
    images = page_images(pdf)
    assert len(images) >= 2
    for number, image in enumerate(images[:2], 1):
        left, right = page_number_ink(image)
        assert (right > left) if number % 2 else (left > right), f"page {number}"
    shares = [empty_share(image, 37 / 297, 35 / 297) for image in images]
    assert all(share < 1 / 3 for share in shares[:-1]), shares
    with pdfplumber.open(pdf) as doc:
        first = "".join(doc.pages[0].extract_text().split())
    assert first.startswith("测试区政府督查室关于2024年重点任务第一季度进展情况的通报各责任单位：一、总体情况")


def page_number_ink(png) -> tuple[int, int]:
    """Dark pixels of the page-number band in the page's left and right halves."""
    image = Image.open(png).convert("L")
    width, height = image.size
    band = image.crop((0, int(height * 0.90), width, int(height * 0.97)))
    pixels = band.load()
    dark = [(x, y) for x in range(band.width) for y in range(band.height) if pixels[x, y] < 128]
    return sum(1 for x, _ in dark if x < width / 2), sum(1 for x, _ in dark if x >= width / 2)


def test_notice_for_an_unknown_round_is_one_line(two_rounds, tmp_path):
    result = runner.invoke(app, ["notice", "--plan", "2024年重点任务", "--round", "第九季度",
                                 "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("duban: ")
