"""The hostile documents of issue 13 at full size: wall time, peak memory and the line ``duban parse`` prints.

Each file is built here (none is stored), in the shape reported: a cell at
``XFD1048576``, ``D3:D100000`` merged, ``gridSpan`` of a million, ``gridBefore`` of a
billion, a docx part inflating to 2 GB, five million paragraphs, a PDF stream
inflating to 1.5 GB, 900,000 text operations on one page, three million rows, 9 MB
of numbered progress items and a 7 MB work report. Run through ``parse_bench.py --only hostile``.
"""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DUBAN = str(Path(sys.executable).with_name("duban"))
HEADER = ["序号", "项目内容", "主责单位", "进展情况"]
ROW = ["1", "市重点任务第3项 完成3个老旧小区改造。", "区住建委", "1.已完成2个。\n2.第3个已开工。"]
MB = 1024 * 1024


def _factories():
    sys.path.insert(0, str(ROOT / "tests"))
    from factories import documents

    return documents


def _rezip(data: bytes, name: str, write) -> bytes:
    """The package with part ``name`` replaced by what ``write(stream, old_bytes)`` streams into it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == name:
                with dst.open(name, "w", force_zip64=True) as stream:
                    write(stream, body)
            else:
                dst.writestr(info.filename, body)
    return out.getvalue()


def _xlsx(extra=None, merge: str | None = None) -> bytes:
    import openpyxl

    docs = _factories()
    workbook = openpyxl.load_workbook(io.BytesIO(docs.xlsx_bytes([docs.Table([HEADER, ROW])])))
    for position, value in (extra or {}).items():
        workbook.active[position] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not merge:
        return buffer.getvalue()
    tag = f'</sheetData><mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>'.encode()
    return _rezip(buffer.getvalue(), "xl/worksheets/sheet1.xml",
                  lambda out, xml: out.write(xml.replace(b"</sheetData>", tag)))


def _docx_part(write) -> bytes:
    docs = _factories()
    return _rezip(docs.docx_bytes([docs.Table([HEADER, ROW])]), "word/document.xml", write)


def _cell_property(prop: bytes):
    return lambda out, xml: out.write(xml.replace(b"<w:tc><w:tcPr>", b"<w:tc><w:tcPr>" + prop, 1))


def _inflating(size: int):
    def write(out, xml: bytes) -> None:
        head, tail = xml.split(b"</w:body>")
        out.write(head + b"<!--")
        block = b" " * MB
        for _ in range(size // MB):
            out.write(block)
        out.write(b"--></w:body>" + tail)
    return write


def _paragraphs(count: int):
    def write(out, xml: bytes) -> None:
        head, tail = xml.split(b"</w:body>")
        out.write(head)
        block = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 10_000
        for _ in range(count // 10_000):
            out.write(block)
        out.write(b"</w:body>" + tail)
    return write


def _rows_xlsx(count: int) -> bytes:
    def write(out, xml: bytes) -> None:
        head, tail = xml.split(b"</sheetData>")
        head = head.split(b"<sheetData>")[0] + b"<sheetData>"
        out.write(head)
        for start in range(1, count + 1, 10_000):
            out.write(b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>task %d</t></is></c></row>'
                               % (r, r, r, r, r) for r in range(start, min(count + 1, start + 10_000))))
        out.write(b"</sheetData>" + tail)
    return _rezip(_xlsx(), "xl/worksheets/sheet1.xml", write)


def _pdf_inflating(size: int) -> bytes:
    packer = zlib.compressobj(9)
    parts = [packer.compress(b"BT /F1 12 Tf 72 700 Td (Progress report) Tj ET\n")]
    block = b" " * MB
    parts += [packer.compress(block) for _ in range(size // MB)]
    parts.append(packer.flush())
    return _factories().one_page_pdf(b"", stream=b"".join(parts))


def _pdf_ops(count: int) -> bytes:
    ops = b"".join(b"BT /F1 1 Tf %d %d Td (x) Tj ET\n" % (i % 500, i % 800) for i in range(count))
    return _factories().one_page_pdf(ops)


def _numbered_items(mb: float) -> bytes:
    items, size, n = [], 0, 1
    while size < mb * 1e6:
        item = f"{n}.完成老旧小区综合整治{n % 90 + 3}个，新增停车位{n % 40 + 10}个。"
        items.append(item)
        size += len(item.encode())
        n += 1
    return ("\t".join(HEADER) + "\n1\t推进城市更新\t区住建委\t" + " ".join(items)).encode()


def _work_report(mb: float) -> bytes:
    lines = next((ROOT / "src" / "duban" / "samples").glob("003_*.txt")).read_text(encoding="utf-8").split("\n")
    plan = lines[119:226]
    repeat = int(mb * 1e6 / len("\n".join(plan).encode())) + 1
    return "\n".join(lines[:119] + plan * repeat + lines[226:]).encode()


CASES = {
    "xlsx, one cell at XFD1048576": ("far.xlsx", lambda: _xlsx({"XFD1048576": "。"})),
    "xlsx, D3:D100000 merged": ("merged.xlsx", lambda: _xlsx({"D3": "备注"}, "D3:D100000")),
    "docx, gridSpan 1,000,000": ("span.docx", lambda: _docx_part(_cell_property(b'<w:gridSpan w:val="1000000"/>'))),
    "docx, gridBefore 999,999,999": ("before.docx", lambda: _docx_part(
        lambda out, xml: out.write(xml.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="999999999"/></w:trPr>', 1)))),
    "docx, part inflating to 2 GB": ("bomb.docx", lambda: _docx_part(_inflating(2048 * MB))),
    "docx, 5,000,000 paragraphs": ("paragraphs.docx", lambda: _docx_part(_paragraphs(5_000_000))),
    "pdf, stream inflating to 1.5 GB": ("inflate.pdf", lambda: _pdf_inflating(1536 * MB)),
    "pdf, 900,000 text operations": ("ops.pdf", lambda: _pdf_ops(900_000)),
    "xlsx, 3,000,000 rows": ("rows.xlsx", lambda: _rows_xlsx(3_000_000)),
    "txt, 9 MB numbered progress items": ("items.txt", lambda: _numbered_items(9)),
    "txt, 7 MB work report": ("report.txt", lambda: _work_report(7)),
}


def measure(path: Path) -> tuple[float, float, int, str]:
    """Wall time, peak RSS of ``duban parse`` and its parse child (MB), exit status, first stderr line."""
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "t = time.perf_counter() - t\n"
             "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)\n"
             "print((r.stderr.strip().splitlines() or [''])[0])\n")
    out = subprocess.run([sys.executable, "-c", probe, DUBAN, "parse", str(path), "--json"],
                         capture_output=True, text=True, timeout=900)
    head, line = (out.stdout.splitlines() + ["", ""])[:2]
    seconds, rss, code = head.split()
    return float(seconds), float(rss), int(code), line


def bench_hostile(folder: Path) -> None:
    print("\n== hostile documents at full size: duban parse FILE --json ==")
    for label, (name, build) in CASES.items():
        path = folder / name
        path.write_bytes(build())
        seconds, rss, code, line = measure(path)
        reason = line.split(": ", 2)[-1] if line else "(read)"
        print(f"{label:34s} {path.stat().st_size / MB:7.2f} MB  {seconds:6.2f} s  {rss:6.0f} MB  exit {code}  {reason}")
        path.unlink()
