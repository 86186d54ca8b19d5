"""Hostile documents through the real ``duban parse``: refused in seconds with one line, or read right.

Each file is built here, small on disk, in the shape that once took minutes and
gigabytes (a cell at ``XFD1048576``, a ``gridSpan`` of a million, a zip bomb, a PDF
stream that inflates a thousandfold…). Where the attack is "more of something than a
document holds", a smaller file is refused under a lowered ``DUBAN_*`` limit: the
check that stops it is the same one that stops the full-size file. Time and memory
at full size are printed by ``bench/parse_bench.py --hostile``; the 20 s timeout here
only keeps a regression from hanging the suite.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from factories.documents import Table, docx_bytes, one_page_pdf, pdf_bytes, xlsx_bytes

DUBAN = str(Path(sys.executable).with_name("duban"))
HEADER = ["序号", "项目内容", "主责单位", "进展情况"]
GOOD_ROW = ["1", "市重点任务第3项 完成3个老旧小区改造。", "区住建委", "1.已完成2个。\n2.第3个已开工。"]


def run(path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([DUBAN, "parse", str(path), "--json"], capture_output=True, text=True, timeout=20,
                          env={**os.environ, **(env or {})})


def refused(path: Path, setting: str, env: dict[str, str] | None = None) -> None:
    """Exit 2, nothing on stdout, one line on stderr naming the limit that was hit."""
    result = run(path, env)
    assert result.returncode == 2, result.stdout[:300] + result.stderr[:300]
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[:2000]
    assert lines[0].startswith(f"duban: {path}: ")
    assert setting in lines[0], lines[0]


def rezip(data: bytes, edit: dict[str, callable]) -> bytes:
    """The same package with some parts rewritten (``edit[name](old_bytes) -> new_bytes``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, edit[info.filename](body) if info.filename in edit else body)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- Excel ------------------------------------------------------------------------------------------

def test_xlsx_with_one_cell_at_the_last_position_reads_the_table(tmp_path):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([Table([HEADER, GOOD_ROW])])))
    workbook.active["XFD1048576"] = "。"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(write(tmp_path, "far.xlsx", buffer.getvalue()))
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [t["units"] for t in doc["tasks"]] == [["区住建委"]]
    assert len(doc["tasks"][0]["progress"]) == 2


def _merged(ref: str, extra: dict[str, str] | None = None) -> bytes:
    """The good table with a merged range written into the sheet XML (openpyxl would build every cell)."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([Table([HEADER, GOOD_ROW])])))
    for position, value in (extra or {}).items():
        workbook.active[position] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    merge = f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode()
    return rezip(buffer.getvalue(), {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(b"</sheetData>", merge)})


def test_xlsx_merging_a_hundred_thousand_rows_reads_the_table(tmp_path):
    result = run(write(tmp_path, "merged.xlsx", _merged("D3:D100000", {"D3": "备注文字"})))
    assert result.returncode == 0, result.stderr
    assert [t["units"] for t in json.loads(result.stdout)["tasks"]] == [["区住建委"]]


def test_xlsx_merged_area_beyond_the_cell_limit_is_refused(tmp_path):
    refused(write(tmp_path, "area.xlsx", _merged("E1:XFD1048576")), "DUBAN_MAX_CELLS")


def test_xlsx_with_more_rows_than_the_limit_is_refused(tmp_path):
    rows = [[str(n), f"完成第{n}项改造。", "区住建委", "已完成。"] for n in range(1, 301)]
    path = write(tmp_path, "rows.xlsx", xlsx_bytes([Table([HEADER, *rows])]))
    refused(path, "DUBAN_MAX_ROWS", {"DUBAN_MAX_ROWS": "200"})


# --- Word -------------------------------------------------------------------------------------------

def _with_cell_property(prop: str):
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"<w:tc><w:tcPr>", b"<w:tc><w:tcPr>" + prop.encode(), 1)
    return edit


def test_docx_cell_spanning_a_million_columns_is_refused(tmp_path):
    data = rezip(docx_bytes([Table([HEADER, GOOD_ROW])]),
                 {"word/document.xml": _with_cell_property('<w:gridSpan w:val="1000000"/>')})
    refused(write(tmp_path, "span.docx", data), "DUBAN_MAX_COLUMNS")


def test_docx_row_skipping_a_billion_columns_is_refused(tmp_path):
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="999999999"/></w:trPr>', 1)

    data = rezip(docx_bytes([Table([HEADER, GOOD_ROW])]), {"word/document.xml": edit})
    refused(write(tmp_path, "before.docx", data), "DUBAN_MAX_COLUMNS")


def test_docx_zip_bomb_is_refused(tmp_path):
    """A part that inflates a thousandfold (here 60 MB from about 60 KB)."""
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"</w:body>", b"<!--" + b" " * 60_000_000 + b"--></w:body>")

    refused(write(tmp_path, "bomb.docx", rezip(docx_bytes(["第一段"]), {"word/document.xml": edit})),
            "DUBAN_MAX_ZIP_RATIO")


def test_docx_unpacking_beyond_the_size_limit_is_refused(tmp_path):
    paragraphs = [f"{n}. 完成第{n}项任务，编号{n * 7919 % 100003}。" for n in range(1, 3001)]
    path = write(tmp_path, "big.docx", docx_bytes(paragraphs))
    refused(path, "DUBAN_MAX_UNPACKED_MB", {"DUBAN_MAX_UNPACKED_MB": "0.5"})


def test_docx_with_more_paragraphs_than_the_limit_is_refused(tmp_path):
    paragraphs = ["重点任务清单"] + [f"{n}. 完成第{n}项任务。责任单位：区住建委" for n in range(1, 401)]
    path = write(tmp_path, "paragraphs.docx", docx_bytes(paragraphs))
    refused(path, "DUBAN_MAX_PARAGRAPHS", {"DUBAN_MAX_PARAGRAPHS": "300"})


def test_docx_billion_laughs_and_external_entities_do_not_expand(tmp_path):
    def edit(xml: bytes) -> bytes:
        doctype = (b'<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahahaha">'
                   + b"".join(b'<!ENTITY %s "%s">' % (f"e{i}".encode(), (f"&e{i - 1};" if i else "&a;").encode() * 10)
                              for i in range(9))
                   + b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
        head, rest = xml.split(b"?>", 1)
        return head + b"?>" + doctype + rest.replace(b"\xe7\xac\xac\xe4\xb8\x80\xe6\xae\xb5", b"&e8;&xxe;", 1)

    path = write(tmp_path, "laughs.docx", rezip(docx_bytes(["第一段"]), {"word/document.xml": edit}))
    result = run(path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "root:" not in result.stdout + result.stderr


# --- PDF --------------------------------------------------------------------------------------------

def test_pdf_stream_inflating_beyond_the_limit_is_refused(tmp_path):
    content = b"BT /F1 12 Tf 72 700 Td (Progress report) Tj ET\n" + b" " * 30_000_000
    path = write(tmp_path, "inflate.pdf", one_page_pdf(content))
    assert path.stat().st_size < 100_000
    refused(path, "DUBAN_MAX_PDF_STREAM_MB", {"DUBAN_MAX_PDF_STREAM_MB": "20"})


def test_pdf_page_with_too_many_text_operations_is_refused(tmp_path):
    ops = b"".join(b"BT /F1 1 Tf %d %d Td (x) Tj ET\n" % (i % 500, i % 800) for i in range(900_000))
    refused(write(tmp_path, "ops.pdf", one_page_pdf(ops)), "DUBAN_MAX_PDF_OPS")


def test_a_readable_pdf_passes_the_checks(tmp_path):
    path = write(tmp_path, "fine.pdf", pdf_bytes([Table([HEADER, GOOD_ROW])]))
    result = run(path)
    assert result.returncode == 0, result.stderr
    assert [t["units"] for t in json.loads(result.stdout)["tasks"]] == [["区住建委"]]


# --- budgets and text speed -------------------------------------------------------------------------

def test_parsing_over_its_time_budget_is_one_line(tmp_path):
    rows = "\n".join(f"{n}\t完成第{n}项改造。\t区住建委\t已完成。" for n in range(1, 20001))
    path = write(tmp_path, "slow.txt", ("\t".join(HEADER) + "\n" + rows).encode())
    refused(path, "DUBAN_PARSE_SECONDS", {"DUBAN_PARSE_SECONDS": "0.2"})


def test_parsing_over_its_memory_budget_is_one_line(tmp_path):
    rows = "\n".join(f"{n}\t完成第{n}项改造。\t区住建委\t已完成。" for n in range(1, 20001))
    path = write(tmp_path, "big.txt", ("\t".join(HEADER) + "\n" + rows).encode())
    refused(path, "DUBAN_PARSE_MEMORY_MB", {"DUBAN_PARSE_MEMORY_MB": "5"})


def test_a_long_numbered_progress_text_is_split_at_every_number():
    """Three thousand items in one cell: each number is found (once one regex compile per item)."""
    from duban.parse.items import split_items

    text = " ".join(f"{n}.完成第{n}批改造。" for n in range(1, 3001))
    items = split_items(text)
    assert len(items) == 3000
    assert items[2999] == "完成第3000批改造。"

