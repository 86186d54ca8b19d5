"""``duban publish``: the static public tracker, checked as a reader (and a browser) would."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from factories.store import gold_document, import_gold, make_org, make_plan, make_task
from typer.testing import CliRunner

from duban.cli import app
from duban.export.site import publish_site
from duban.export.store_table import document_from_store
from duban.export.table import ExportError
from duban.store.db import session_scope
from duban.store.models import Plan, Round
from duban.store.services.imports import find_org
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round
from duban.work.ledger import rounds_of as ledger_rounds
from duban.work.public_status import public_status
from duban.work.rounds import statuses_for_round
from duban.work.status import STATUS_ORDER, summarize

runner = CliRunner()
SECRET = "内部尚未发布的进展文字"
NOW = datetime(2030, 1, 1)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)

    def handle_data(self, data):
        self.text.append(data)


def page(site: Path, path: str) -> Links:
    parser = Links()
    parser.feed((site / path).read_text("utf-8"))
    return parser


@pytest.fixture
def ledger(db_url, monkeypatch):
    """Seeds 000/002/004 (published rounds) plus a 2024 plan: Q1 published, Q2 approved but not published."""
    with session_scope(db_url) as session:
        for prefix in ("000", "001", "002", "004"):
            import_gold(session=session, prefix=prefix)
        org = find_org(session=session, name=None)
        plan = make_plan(session=session, org=org, year=2024, title="2024年区重点任务")
        similar = gold_document("000").tasks[1].content.replace("2000户", "1800户")
        task = make_task(session=session, plan=plan, seq=1, content=similar, units=("区住建委",))
        other = make_task(session=session, plan=plan, seq=2, content="建设完成5处口袋公园。", units=("区园林绿化局",))
        session.refresh(task)
        q1 = create_round(session=session, actor="t", plan_id=plan.id, label="第一季度", end=date(2024, 3, 31),
                          due=date(2024, 4, 10), state="published")
        q2 = create_round(session=session, actor="t", plan_id=plan.id, label="第二季度", end=date(2024, 6, 30),
                          due=date(2024, 7, 10), state="open")
        append_report(session=session, actor="t", task_id=task.id, round_id=q1.id, unit_id=task.assignments[0].unit_id,
                      items=["已完成退租签约600户。"], status="on_track", state="published", check_transition=False)
        append_report(session=session, actor="t", task_id=task.id, round_id=q2.id, unit_id=task.assignments[0].unit_id,
                      items=[SECRET], status="done", state="approved", check_transition=False)
        ids = {"task": task.id, "other": other.id, "plan": plan.id}
    monkeypatch.setenv("DUBAN_DATABASE_URL", db_url)
    return db_url, ids


@pytest.fixture
def site(ledger, tmp_path):
    out = tmp_path / "public"
    result = runner.invoke(app, ["publish", "--out", str(out), "--now", "2030-01-01"])
    assert result.exit_code == 0, result.output
    return out


def test_only_published_rounds_are_public(site, ledger):
    _, ids = ledger
    for path in site.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text("utf-8", errors="replace"), path
            assert "第二季度" not in path.read_text("utf-8", errors="replace"), path
    task_page = "".join(page(site, f"task/{ids['task']}.html").text)
    assert "已完成退租签约600户。" in task_page and "第一季度" in task_page


def test_missing_is_not_unassessed(site, ledger):
    _, ids = ledger
    text = "".join(page(site, f"task/{ids['other']}.html").text)
    assert "未报送" in text, "Q1 was due and the unit never reported"
    assert "未评估" not in re.sub(r"“未评估”表示.*", "", text)


def test_every_link_and_script_resolves_from_disk(site):
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) > 60
    for html in pages:
        for href in page(site, str(html.relative_to(site))).hrefs:
            target = href.split("#")[0].split("?")[0]
            if not target:
                continue
            assert "://" not in href and not href.startswith("/"), f"{html}: {href} must be relative"
            assert (html.parent / target).resolve().exists(), f"{html.relative_to(site)} → {href}"


def test_task_page_shows_the_same_commitment_in_another_year(site, ledger):
    _, ids = ledger
    text = "".join(page(site, f"task/{ids['task']}.html").text)
    assert "2023年市重点任务 第2项" in text and "文字相似" in text
    score = re.search(r"第2项市重点任务第9项(\d+)文字相似", re.sub(r"\s+", "", text))
    assert score and 60 <= int(score.group(1)) <= 100


def test_home_pages_carry_status_shares_as_text(site):
    home = "".join(page(site, "o1-2023.html").text)
    assert "全部任务的最新状态（共22项）" in home
    assert re.search(r"未评估 22项（100\.0%）", home), "suggested statuses are never public"
    index = (site / "index.html").read_text("utf-8")
    assert 'lang="zh-CN"' in index and '<main id="main"' in index and 'href="#main"' in index


def test_open_data_matches_the_site_and_the_contract(site):
    rows = list(csv.DictReader(io.StringIO((site / "data/tasks.csv").read_text("utf-8-sig"))))
    assert len(rows) == 22 + 31 + 16 + 2
    assert {r["status"] for r in rows} <= {"done", "ahead", "on_track", "behind", "missing", "unassessed"}
    documents = sorted((site / "data").glob("plan-*-round-*.json"))
    assert len(documents) == 4
    gold = gold_document("002").to_dict()
    for path in documents:
        data = json.loads(path.read_text("utf-8"))
        assert list(data) == list(gold), "contract keys in contract order"
        assert data["schema"] == "duban.document/1"
    by_source = {json.loads(p.read_text("utf-8"))["title"]: json.loads(p.read_text("utf-8")) for p in documents}
    assert [t["units"] for t in by_source["2021年市分工方案"]["tasks"]] == [t["units"] for t in gold["tasks"]]
    commitments = list(csv.DictReader(io.StringIO((site / "data/commitments.csv").read_text("utf-8-sig"))))
    assert sum(1 for c in commitments if c["type"] == "commitment") == len(gold_document("001").commitments)
    dictionary = "".join(page(site, "data.html").text)
    for field in rows[0]:
        assert field in dictionary


def test_each_round_document_is_the_contract_encoding_of_the_stored_round(site, ledger):
    """The site encodes a task's fixed part once per plan; the bytes must still be the contract objects' own."""
    url, _ = ledger
    documents = sorted((site / "data").glob("plan-*-round-*.json"))
    kinds = set()
    with session_scope(url) as session:
        for path in documents:
            plan_id, round_id = map(int, re.fullmatch(r"plan-(\d+)-round-(\d+)\.json", path.name).groups())
            expected = document_from_store(session, session.get(Plan, plan_id), session.get(Round, round_id),
                                           public=True)
            kinds.add(expected.kind)
            assert path.read_text("utf-8") == json.dumps(expected.to_dict(), ensure_ascii=False) + "\n", path.name
    assert {"progress_report", "performance_report"} <= kinds, "both layouts (items, and goals filled by items) are checked"


def browser_dom(url: str) -> str:
    return subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120).stdout


def test_search_works_offline_in_a_real_browser(site, ledger):
    """Chromium opens the page from file:// and the script finds a phrase of a published item."""
    _, ids = ledger
    dom = browser_dom((site / "search.html").as_uri() + "?q=" + "退租签约")
    assert "找到 1 项" in dom
    assert "<mark>退租签约</mark>" in dom
    assert f'href="task/{ids["task"]}.html"' in dom


def test_search_loads_only_the_chosen_organization_year(site, ledger):
    """The index is one script per organization and year; a scope's page searches that part alone."""
    _, ids = ledger
    parts = sorted(p.name for p in (site / "search").glob("*.js"))
    assert parts == ["o1-2021.js", "o1-2023.js", "o1-2024.js"]
    home = (site / "o1-2024.html").read_text("utf-8")
    assert 'href="search.html?scope=o1-2024"' in home
    inside = browser_dom((site / "search.html").as_uri() + "?scope=o1-2024&q=退租签约")
    assert "找到 1 项" in inside and f'href="task/{ids["task"]}.html"' in inside
    outside = browser_dom((site / "search.html").as_uri() + "?scope=o1-2023&q=退租签约")
    assert "找到 " in outside and f'href="task/{ids["task"]}.html"' not in outside


def test_publish_refuses_a_foreign_directory_and_replaces_its_own(ledger, tmp_path):
    url, _ = ledger
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    with session_scope(url) as session, pytest.raises(ExportError, match="不为空"):
        publish_site(session, foreign, now=NOW)
    assert (foreign / "keep.txt").read_text() == "mine"
    out = tmp_path / "public"
    with session_scope(url) as session:
        publish_site(session, out, now=NOW)
    (out / "task" / "999999.html").write_text("stale")
    with session_scope(url) as session:
        publish_site(session, out, now=NOW)
    assert not (out / "task" / "999999.html").exists(), "a page of withdrawn data must not linger"
    result = runner.invoke(app, ["publish", "--out", str(foreign)])
    assert result.exit_code == 1 and result.stderr.startswith("duban: ") and result.stderr.count("\n") == 1


ROUND_REPORTS = {  # per round, each task's report: (items, the reviewer's status or None); None: no report
    "第一季度": [("尚未启动前期手续。", "behind"), ("已完成改造2个小区。", None), None, ("正在推进设计方案。", "on_track")],
    "第二季度": [("已完成改造8个小区。", None), ("已全部完成。", "done"), ("正在推进。", None), None],
}


@pytest.fixture
def two_published_rounds(db_url):
    """Two organizations; the second has a plan whose two quarters are published with differing reports."""
    with session_scope(db_url) as session:
        for prefix in ("000", "004"):
            import_gold(session=session, prefix=prefix)
        org = make_org(session=session, name="测试市人民政府")
        plan = make_plan(session=session, org=org, year=2024, title="2024年测试市重点任务")
        tasks = [make_task(session=session, plan=plan, seq=n + 1, units=(unit,),
                           content=f"第{n + 1}项：推进老旧小区综合整治，完成10个小区改造。")
                 for n, unit in enumerate(("市住建委", "市民政局", "市城管委", "市卫健委"))]
        for task in tasks:
            session.refresh(task)
        for label, end in (("第一季度", date(2024, 3, 31)), ("第二季度", date(2024, 6, 30))):
            rnd = create_round(session=session, actor="t", plan_id=plan.id, label=label, end=end,
                               due=end.replace(day=28) if end.month == 3 else date(2024, 7, 10), state="published")
            for task, report in zip(tasks, ROUND_REPORTS[label]):
                if report is not None:
                    items, status = report
                    append_report(session=session, actor="t", task_id=task.id, round_id=rnd.id,
                                  unit_id=task.assignments[0].unit_id, items=[items], state="published",
                                  check_transition=False, **({"status": status} if status else {}))
        plan_id, slug = plan.id, f"o{org.id}-2024"
    return db_url, plan_id, slug


def round_rows(html: str) -> dict[str, list[int]]:
    """The per-round status table of the org page: round label → counts in the dashboard's status order."""
    table = re.search(r'<table class="rounds">.*?</table>', html, re.S).group(0)
    return {label: [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
            for label, row in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table)}


def test_site_counts_equal_the_dashboards_and_workers_change_nothing(two_published_rounds, tmp_path):
    url, plan_id, slug = two_published_rounds
    with session_scope(url) as session:
        serial = publish_site(session, tmp_path / "one", now=NOW, workers=1)
        forked = publish_site(session, tmp_path / "two", now=NOW, workers=2)
        expected = {}
        for rnd in ledger_rounds(session, plan_id):
            summary = summarize(public_status(s.status, s.suggested, s.basis).status
                                for s in statuses_for_round(session, plan_id, rnd.id, NOW, public=True))
            expected[rnd.label] = [summary.counts[s] for s in STATUS_ORDER] + [summary.total]
    assert serial == forked and serial.tasks == 22 + 16 + 4
    rows = round_rows((tmp_path / "one" / f"{slug}.html").read_text("utf-8"))
    assert rows == expected
    assert len(set(map(tuple, rows.values()))) == 2, "the two quarters differ, so the table must too"
    for path in (tmp_path / "one").rglob("*"):
        twin = tmp_path / "two" / path.relative_to(tmp_path / "one")
        if path.is_file() and path.name != ".duban-site":
            assert path.read_bytes() == twin.read_bytes(), path
    assert sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*")) == \
        sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*"))


class Structure(HTMLParser):
    """What an accessibility checker reads: headings, tables and their headers, form labels, focus order."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def luminance(hex_colour: str) -> float:
    if len(hex_colour) == 4:  # #fff
        hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_pages_are_accessible_to_screen_readers_and_keyboards(site):
    for html in site.rglob("*.html"):
        parser = Structure()
        parser.feed(html.read_text("utf-8"))
        tags = parser.tags
        names = [t for t, _ in tags]
        assert tags[0] == ("html", {"lang": "zh-CN"}), html
        assert names.count("h1") == 1 and names.count("main") == 1, html
        first_link = next(attrs for tag, attrs in tags if tag == "a")
        assert first_link.get("href") == "#main", f"{html}: the skip link must be the first thing a Tab reaches"
        assert names.count("table") <= names.count("caption"), f"{html}: every table needs a caption"
        assert all("scope" in attrs for tag, attrs in tags if tag == "th"), f"{html}: header cells need a scope"
        labelled = {attrs.get("for") for tag, attrs in tags if tag == "label"}
        assert all(attrs.get("id") in labelled for tag, attrs in tags if tag == "input"), html
        assert all(attrs.get("aria-label") for tag, attrs in tags if attrs.get("role") == "img"), html
        assert all(attrs.get("tabindex", "0") in ("0", "-1") for _, attrs in tags), "no custom tab order"


def test_text_and_badges_meet_contrast_minimums(site):
    css = (site / "static" / "site.css").read_text("utf-8")
    variables = dict(re.findall(r"--(\w+): (#[0-9a-f]{6}|#[0-9a-f]{3})\b", css))
    for fg in ("ink", "muted", "link"):
        assert contrast(variables[fg], variables["bg"]) >= 4.5, fg
    badges = re.findall(r"\.badge\.s-(\w+)(?:, \.badge\.s-\w+)? \{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6}); \}", css)
    assert {b[0] for b in badges} >= {"done", "on_track", "behind", "missing", "unassessed"}
    for status, background, colour in badges:
        assert contrast(background, colour) >= 7, status


def test_a_task_page_prints_without_navigation(site, ledger, tmp_path):
    """Chromium prints the page as a reader would; the printout keeps the promise and drops the site chrome."""
    _, ids = ledger
    pdf = tmp_path / "task.pdf"
    subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", (site / f"task/{ids['task']}.html").as_uri()],
                   capture_output=True, timeout=120, check=True)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    assert "已完成退租签约600户。" in text and "各轮进展" in text
    assert "跳到正文" not in text and "开放数据" not in text, "navigation and skip link are screen-only"
