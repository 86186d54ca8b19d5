"""Check the exported files as the office and a reader would: pages, header, fonts, nothing lost.

These stand on the hand-labelled gold documents, so they test the layout, not the parser.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess

import docx
import openpyxl
import pdfplumber
import pytest
from export_seeds import TABLE_SEEDS, gold_document
from pages import empty_share, page_images
from PIL import Image

from duban.export.registry import export_bytes
from duban.export.table import ExportError, table_from_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def expected_headers(prefix: str) -> tuple[str, ...]:
    return table_from_document(gold_document(prefix)).headers


@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_pdf_repeats_the_header_row_on_every_page(prefix, rendered):
    with pdfplumber.open(rendered(prefix, "pdf")) as pdf:
        assert len(pdf.pages) > 1, "a table of this size must run over several pages"
        for number, page in enumerate(pdf.pages, 1):
            top_row = page.extract_tables()[0][0]
            assert tuple(squeeze(c) for c in top_row) == expected_headers(prefix), f"page {number}"


@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_pdf_prints_page_numbers_in_the_official_form(prefix, rendered):
    with pdfplumber.open(rendered(prefix, "pdf")) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            footer = page.within_bbox((0, page.height * 0.9, page.width, page.height)).extract_text()
            assert squeeze(footer) == f"—{number}—"


@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_pdf_embeds_every_font_and_a_chinese_one(prefix, rendered):
    out = subprocess.run(["pdffonts", str(rendered(prefix, "pdf"))], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", row
    assert any("CJK" in row or "Song" in row or "Hei" in row for row in rows)


@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_pdf_cells_hold_all_their_text(prefix, rendered):
    """No cell overflows or is clipped: each column's text over all pages holds every row's text
    (a task continued on the next page is read with its ``…（续）`` label taken out)."""
    table = table_from_document(gold_document(prefix))
    columns: list[str] = [""] * len(table.columns)
    with pdfplumber.open(rendered(prefix, "pdf")) as pdf:
        for page in pdf.pages:
            for pdf_table in page.extract_tables():
                for row in pdf_table[1:]:
                    for col, text in enumerate(row[: len(columns)]):
                        columns[col] += squeeze(text)
    for row in table.rows:
        columns = [text.replace(squeeze(f"{row.label or row.seq}（续）"), "") for text in columns]
    for row in table.rows:
        assert squeeze("".join(row.head[1])) in columns[1], f"row {row.seq}"
        for line in row.lines:
            for offset, paragraphs in enumerate(line):
                col = len(row.head) + offset
                for paragraph in paragraphs:
                    assert squeeze(paragraph) in columns[col], f"row {row.seq} column {table.headers[col]}"


def test_pdf_page_renders_visible_chinese(rendered, tmp_path):
    """A missing CJK font renders Chinese blank: the title line of page 1 must have ink."""
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(rendered("000", "pdf")),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = image.size
    assert width > height, "A4 landscape"
    title_band = image.crop((0, int(height * 0.08), width, int(height * 0.2)))
    dark = sum(title_band.histogram()[:128])
    assert dark > 200


@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_docx_is_an_official_landscape_table(prefix, rendered):
    document = docx.Document(str(rendered(prefix, "docx")))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    for table in document.tables:  # one table per page, each under the header row
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(W + "tblHeader") is not None
        assert all(r.trPr is None or r.trPr.find(W + "tblHeader") is None for r in rows[1:])
        assert tuple(c.text for c in table.rows[0].cells) == expected_headers(prefix)
    table = document.tables[0]
    body_fonts = {rf.get(W + "eastAsia") for rf in table._tbl.iter(W + "rFonts")}
    assert "仿宋_GB2312" in body_fonts
    title_fonts = {rf.get(W + "eastAsia") for p in document.paragraphs[:1] for rf in p._p.iter(W + "rFonts")}
    assert title_fonts == {"方正小标宋简体"}
    footer = section.footer._element
    assert any(" PAGE " in (t.text or "") for t in footer.iter(W + "instrText"))
    assert "—" in "".join(t.text or "" for t in footer.iter(W + "t"))


def test_docx_merges_a_performance_tasks_name_over_its_goals(rendered):
    """序号, 任务名称 and 状态 merged over a task's goal rows on each page it takes."""
    document = docx.Document(str(rendered("004", "docx")))
    gold = gold_document("004")
    tables = document.tables
    body_rows = [row for table in tables for row in table.rows[1:]]
    assert len(body_rows) >= sum(max(1, len(t.goals)) for t in gold.tasks)
    restarts = [tc for table in tables for tc in table._tbl.iter(W + "vMerge") if tc.get(W + "val") == "restart"]
    merged_cols = len(table_from_document(gold).rows[0].head)
    assert len(restarts) >= merged_cols * sum(1 for t in gold.tasks if len(t.goals) > 1)
    assert len(restarts) % merged_cols == 0


@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_xlsx_has_frozen_header_wrapped_cells_and_widths(prefix, rendered):
    book = openpyxl.load_workbook(rendered(prefix, "xlsx"))
    sheet = book.active
    header_row = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "序号")
    assert tuple(sheet.cell(header_row, c).value for c in range(1, sheet.max_column + 1)) == expected_headers(prefix)
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert any(str(rng).startswith("A1:") for rng in sheet.merged_cells.ranges), "title merged across"
    assert sheet.cell(header_row + 1, 4).alignment.wrap_text
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    assert widths[0] < widths[3] and all(w and w > 4 for w in widths)
    assert sheet.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"
    assert sheet.page_setup.orientation == "landscape"


@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_csv_has_bom_and_one_row_per_task(prefix, rendered):
    data = rendered(prefix, "csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    gold = gold_document(prefix)
    assert tuple(rows[0]) == expected_headers(prefix)
    assert [r[0] for r in rows[1:]] == [str(t.seq) for t in gold.tasks]
    if gold.kind == "progress_report":
        assert [r[2].split("、") for r in rows[1:]] == [t.units for t in gold.tasks]


def test_json_export_is_the_contract(rendered):
    import json

    data = json.loads(rendered("002", "json").read_text("utf-8"))
    assert data == gold_document("002").to_dict()


def test_pdf_without_libreoffice_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ExportError, match="未安装 LibreOffice"):
        export_bytes(table_from_document(gold_document("000")), "pdf")


def test_unknown_format_and_work_report_are_refused():
    with pytest.raises(ExportError, match="不支持的导出格式"):
        export_bytes(table_from_document(gold_document("000")), "odt")
    with pytest.raises(ExportError, match="政府工作报告"):
        table_from_document(gold_document("001"))


@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_pdf_pages_are_filled_except_the_last(prefix, rendered):
    """Tall tasks break over pages instead of jumping to the next: no page is more than a third empty
    but the last, and a task continued on a page carries its ``（续）`` label."""
    pdf = rendered(prefix, "pdf")
    images = page_images(pdf)
    shares = [empty_share(image, 2.5 / 21, 2.3 / 21) for image in images]
    assert all(share < 1 / 3 for share in shares[:-1]), [round(s, 2) for s in shares]
    with pdfplumber.open(pdf) as document:  # each later page's first row, cell by cell
        tops = [[squeeze(cell) for cell in page.extract_tables()[0][1]] for page in document.pages[1:]]
    table = table_from_document(gold_document(prefix))
    labels = {squeeze(f"{row.label or row.seq}（续）") for row in table.rows}
    continued = [cells for cells in tops if any("（续）" in cell for cell in cells)]
    assert continued and all(any(cell.startswith(tuple(labels)) for cell in cells) for cells in continued)
