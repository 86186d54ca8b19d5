"""The public tracker as a reader sees it: the government's name, one page per unit, confirmed statuses
only, a progress bar per task, clean open data, and no horizontal scrolling on a 390 px phone."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from factories.store import import_gold, make_plan, make_task
from playwright.sync_api import sync_playwright

from duban.export.site import publish_site
from duban.store.db import session_scope
from duban.store.models import Target
from duban.store.services.imports import find_org
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round

NOW = datetime(2030, 1, 1)
ARTIFACTS = Path(__file__).parent.parent / "artifacts" / "site"
PHONE, DESKTOP = 390, 1440


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Seeds 000 (2023 progress), 002/003 (2021 progress and work report), 004 (performance tasks), and a
    2024 plan: one task with a confirmed share, one with a suggestion only, two printed unit names of one body."""
    folder = tmp_path_factory.mktemp("public")
    url = f"sqlite:///{folder / 'ledger.sqlite3'}"
    with session_scope(url) as session:
        for prefix in ("000", "002", "003", "004"):
            import_gold(session=session, prefix=prefix)
        org = find_org(session=session, name=None)
        plan = make_plan(session=session, org=org, year=2024, title="2024年区重点任务")
        measured = make_task(session=session, plan=plan, seq=1, units=("规自分局",),
                             content="推进老旧小区综合整治，完成10个小区改造。")
        session.add(Target(task_id=measured.id, position=0, text="完成10个小区改造", metric="小区改造", value=10,
                           unit="个"))
        suggested = make_task(session=session, plan=plan, seq=2, units=("区规自分局", "区园林绿化局"),
                              content="建设完成5处口袋公园。")
        session.flush()
        for task in (measured, suggested):
            session.refresh(task)
        rnd = create_round(session=session, actor="t", plan_id=plan.id, label="第一季度", end=date(2024, 3, 31),
                           due=date(2024, 4, 10), state="published")
        append_report(session=session, actor="t", task_id=measured.id, round_id=rnd.id,
                      unit_id=measured.assignments[0].unit_id, items=["已完成改造6个小区。"],
                      achievements=[{"target_id": measured.targets[0].id, "value": 6}], state="published",
                      check_transition=False)
        append_report(session=session, actor="t", task_id=suggested.id, round_id=rnd.id,
                      unit_id=suggested.assignments[0].unit_id, items=["已全部完成。"], state="published",
                      check_transition=False)
        publish_site(session, folder / "site", now=NOW)
        ids = {"measured": measured.id, "suggested": suggested.id, "org": org.id}
    return folder / "site", ids


def text_of(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text("utf-8"))


def test_the_government_is_named_and_each_body_has_one_unit_page(site):
    root, ids = site
    home = text_of(root / "index.html")
    assert "北京市东城区人民政府" in home and "本级政府" not in home
    pages = [p for p in (root / "unit").glob("*.html") if "规自分局" in text_of(p)]
    named = [p for p in pages if re.search(r"<h1>(区规自分局|规自分局)</h1>", p.read_text("utf-8"))]
    assert len(named) == 1 and "<h1>区规自分局</h1>" in named[0].read_text("utf-8")
    html = named[0].read_text("utf-8")
    assert f"task/{ids['measured']}.html" in html and f"task/{ids['suggested']}.html" in html


def test_only_confirmed_statuses_and_a_progress_bar_per_task(site):
    root, ids = site
    measured = (root / f"task/{ids['measured']}.html").read_text("utf-8")
    assert re.search(r'aria-label="(达进度|超进度|欠进度|已完成)，完成60%', measured)
    suggested = (root / f"task/{ids['suggested']}.html").read_text("utf-8")
    assert "最新状态：<span class=\"badge s-unassessed\">未评估" in suggested
    for path in root.rglob("*"):
        if path.suffix in (".html", ".csv", ".js", ".json") and path.is_file():
            content = path.read_text("utf-8-sig")
            assert "（建议）" not in content and "待审核" not in content, path
    page = (root / f"o{ids['org']}-2024.html").read_text("utf-8")
    assert page.count('class="progress"') >= 2


def test_performance_tasks_print_their_name_once(site):
    root, _ = site
    page = (root / f"o{site[1]['org']}-2021.html").read_text("utf-8")
    row = re.search(r"<tr>.*?常态化疫情防控.*?</tr>", page).group(0)
    assert text_of_fragment(row).count("常态化疫情防控") == 1


def text_of_fragment(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_open_data_has_ids_statuses_basis_rounds_and_clean_target_names(site):
    root, ids = site
    rows = list(csv.DictReader(io.StringIO((root / "data/tasks.csv").read_text("utf-8-sig"))))
    measured = next(r for r in rows if r["task_id"] == str(ids["measured"]))
    assert measured["status_basis"] == "targets" and measured["share"] == "0.6" and measured["latest_round_id"]
    suggested = next(r for r in rows if r["task_id"] == str(ids["suggested"]))
    assert (suggested["status"], suggested["status_basis"]) == ("unassessed", "none")
    targets = " ".join(r["targets"] for r in rows)
    assert "退租和12" not in targets and "0户平房" not in targets and "平房院落申请式退租2000户" in targets
    progress = list(csv.DictReader(io.StringIO((root / "data/progress.csv").read_text("utf-8-sig"))))
    assert all(r["round_id"] and r["status_basis"] for r in progress)


def test_every_page_type_fits_a_phone_in_chromium(site):
    root, ids = site
    pages = {"home": "index.html", "year": f"o{ids['org']}-2021.html", "unit": next(
        p.name for p in (root / "unit").glob("*.html") if "<h1>区规自分局</h1>" in p.read_text("utf-8")),
        "task": f"task/{ids['measured']}.html", "search": "search.html", "data": "data.html"}
    pages["unit"] = f"unit/{pages['unit']}"
    pages["performance"] = next(f"task/{p.name}" for p in (root / "task").glob("*.html")
                                if "常态化疫情防控</h1>" in p.read_text("utf-8"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    widths = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for width in (PHONE, DESKTOP):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in pages.items():
                page.goto((root / path).as_uri())
                widths[name, width] = page.evaluate("document.documentElement.scrollWidth")
                page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=width == PHONE)
        browser.close()
    assert all(widths[name, PHONE] <= PHONE for name in pages), widths
    assert all(widths[name, DESKTOP] <= DESKTOP for name in pages), widths
