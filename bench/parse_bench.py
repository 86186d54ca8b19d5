"""Parse throughput and memory: duban's parser against jieba's tokenizer on the same text.

Prints MB/s for the seeds, for a corpus 100x their size (rows of each table
repeated, shuffled and renumbered; work-report paragraphs repeated in shuffled
order), jieba.lcut's MB/s over the same text, the ratio, and peak memory. Then:

- ``sizes``: MB/s of four text shapes at 0.1, 1 and 5 MB (a table, numbered progress
  items in one cell, a numbered list, a work report): the same speed at every size;
- ``pdf``: the PDF reader (pdfium characters) against pdfplumber's character extraction
  (the reader before) and ``pdftotext -layout``, on the same files;
- ``startup``: ``duban --help`` and ``duban parse`` on a small file against
  ``python -c "import typer"``, with duban's bytecode cached as installed and compiled
  from source on every run;
- ``print``: the readable summary of a 10,000-row table against ``--json``;
- ``hostile``: each hostile file of issue 13 at full size (``bench/parse_hostile.py``).

    .venv/bin/python bench/parse_bench.py [--scale 100] [--only sizes,pdf,startup,print,hostile]
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import jieba

from duban.parse import parse_text
from duban.parse.readers.text import decode

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "duban" / "samples"
DUBAN = str(Path(sys.executable).with_name("duban"))


def scaled_copy(text: str, scale: int, rng: random.Random) -> str:
    """The document ``scale`` times over: table rows shuffled and renumbered, paragraphs shuffled."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.split("\t")[0].strip().isdigit() and "\t" in line]
    if rows:  # a tab-separated table: keep the head, multiply the rows
        head = lines[:rows[0]]
        body = [lines[i] for i in rows] * scale
        rng.shuffle(body)
        renumbered = [f"{n}\t" + row.split("\t", 1)[1] for n, row in enumerate(body, 1)]
        return "\n".join(head + renumbered)
    head, rest = lines[:40], lines[40:]
    blocks = []
    for _ in range(scale):
        part = list(rest)
        rng.shuffle(part)
        blocks.extend(part)
    return "\n".join(head + blocks)


def mb_per_s(size: int, seconds: float) -> float:
    return size / 1e6 / seconds if seconds else float("inf")


def measure(texts: dict[str, str], label: str) -> None:
    size = sum(len(t.encode("utf-8")) for t in texts.values())
    start = time.perf_counter()
    for name, text in texts.items():
        parse_text(text, source=name)
    parse_s = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts.values():
        jieba.lcut(text)
    jieba_s = time.perf_counter() - start
    p, j = mb_per_s(size, parse_s), mb_per_s(size, jieba_s)
    print(f"{label:12s} {size / 1e6:7.2f} MB  parse {p:6.2f} MB/s ({parse_s:6.2f} s)  "
          f"jieba.lcut {j:5.2f} MB/s ({jieba_s:6.2f} s)  ratio {p / j:5.2f}")


def seed(prefix: str) -> str:
    return decode(next(SAMPLES.glob(f"{prefix}_*.txt")).read_bytes())


def shapes(mb: float) -> dict[str, str]:
    """Four ordinary texts of about ``mb`` megabytes each."""
    size = int(mb * 1e6)
    rng = random.Random(7)
    table = scaled_copy(seed("000"), max(1, size // 19_000), rng)
    items, n = [], 1
    while sum(len(x) * 3 for x in items) < size:
        items.append(f"{n}.完成老旧小区综合整治{n % 90 + 3}个，新增停车位{n % 40 + 10}个。")
        n += 1
    cell = "序号\t任务名称\t责任单位\t进展情况\n1\t推进城市更新\t区住建委\t" + " ".join(items)
    listed = "\n".join(f"{k}. 推进第{k}批老旧小区综合整治{k % 90 + 3}个。\n责任单位：区住建委、区财政局"
                       for k in range(1, max(2, size // 120)))
    report = seed("003").split("\n")
    plan = report[119:226]
    repeat = max(1, size // len("\n".join(plan).encode()))
    return {"table": table, "items in a cell": cell, "numbered list": listed,
            "work report": "\n".join(report[:119] + plan * repeat + report[226:])}


def bench_sizes() -> None:
    print("\n== text at 0.1, 1 and 5 MB (MB/s; the same at every size means linear) ==")
    for text in shapes(0.05).values():
        parse_text(text)  # warm imports
    rows: dict[str, list[str]] = {}
    for mb in (0.1, 1, 5):
        for name, text in shapes(mb).items():
            size = len(text.encode())
            start = time.perf_counter()
            parse_text(text)
            rows.setdefault(name, []).append(f"{mb:g} MB {mb_per_s(size, time.perf_counter() - start):5.2f}")
    for name, cells in rows.items():
        print(f"{name:16s} " + "   ".join(cells))


def bench_pdf(folder: Path) -> None:
    """The same PDFs through pdftotext -layout, pdfplumber's characters (+ tables), and the reader."""
    import io

    import pdfplumber

    sys.path.insert(0, str(ROOT / "tests"))
    from factories.documents import Table, docx_bytes, pdf_bytes

    from duban.parse.readers.pdf import read_pdf

    print("\n== PDF: seconds per file, and × pdftotext -layout ==")
    doc = parse_text(seed("000"))
    rows = [["序号", "项目内容", "主责单位", "进展情况"]]
    for _ in range(3):
        rows += [[str(len(rows)), t.content or "", "、".join(t.units), "\n".join(t.progress)] for t in doc.tasks]
    paragraphs = [p.strip() for p in seed("003").split("\n") if p.strip()][20:] * 2
    files = {"table (reportlab)": pdf_bytes(["进展情况表", Table(rows, col_widths=[30, 180, 80, 205])]),
             "report (reportlab)": pdf_bytes(paragraphs)}
    if shutil.which("soffice"):  # LibreOffice embeds its fonts, as most published PDFs do
        for name, data in {"table (LibreOffice)": docx_bytes(["进展情况表", Table(rows)]),
                           "report (LibreOffice)": docx_bytes(paragraphs)}.items():
            source = folder / (name.split()[0] + ".docx")
            source.write_bytes(data)
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                           capture_output=True, timeout=300)
            files[name] = source.with_suffix(".pdf").read_bytes()

    def pdfplumber_chars(data: bytes) -> None:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                _ = page.chars
                page.find_tables()

    for name, data in files.items():
        path = folder / "bench.pdf"
        path.write_bytes(data)
        poppler = best_of(3, subprocess.run, ["pdftotext", "-layout", str(path), os.devnull]) \
            if shutil.which("pdftotext") else float("nan")
        plumber = best_of(3, pdfplumber_chars, data)
        reader = best_of(3, read_pdf, data)
        pages = len(pdfplumber.open(io.BytesIO(data)).pages)
        print(f"{name:22s} {pages:3d} pages  pdftotext {poppler:5.2f} s  pdfplumber chars+tables {plumber:5.2f} s "
              f"({plumber / poppler:4.1f}×)  duban reader {reader:5.2f} s ({reader / poppler:4.1f}×)")


def best_of(n: int, run, *args) -> float:
    """The fastest of ``n`` runs: on a shared machine the minimum is the least disturbed figure."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def bench_startup(folder: Path) -> None:
    """Wall time of each command, median of 10 interleaved runs, in two settings.

    Typer's modules are imported from the bytecode pip compiled at install; an editable
    install of duban run with ``PYTHONDONTWRITEBYTECODE=1`` (as in the development sandbox)
    compiles duban's own sources on every run instead. "As installed" gives duban's modules
    a bytecode cache as well (``PYTHONPYCACHEPREFIX`` in the bench's temporary folder,
    filled by one untimed run); the second block is the same commands compiling duban's
    sources each time. Each ``duban parse`` includes its budgeted child process."""
    print("\n== start-up (median of 10, runs interleaved) ==")
    small = folder / "small.txt"
    small.write_text("序号\t项目内容\t主责单位\t进展情况\n1\t完成三个老旧小区改造。\t区住建委\t1.已完成两个。\n",
                     encoding="utf-8")
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    sources = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
    sources["PYTHONDONTWRITEBYTECODE"] = "1"
    duban = {"duban --help": [DUBAN, "--help"],
             "duban parse small.txt": [DUBAN, "parse", str(small)],
             "duban parse --json": [DUBAN, "parse", str(small), "--json"]}
    typer = "python -c 'import typer'"
    runs = {typer: ([sys.executable, "-c", "import typer"], cached),
            **{name: (argv, cached) for name, argv in duban.items()},
            **{f"{name} (sources)": (argv, sources) for name, argv in duban.items()}}
    for argv, env in runs.values():  # fills the bytecode cache; not timed
        subprocess.run(argv, capture_output=True, check=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(10):
        for name, (argv, env) in runs.items():
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times[typer])
    for name, found in times.items():
        if name == "duban --help (sources)":
            print("duban's sources compiled on every run (PYTHONDONTWRITEBYTECODE=1, editable install):")
        label = name.removesuffix(" (sources)")
        print(f"{label:26s} {statistics.median(found):5.2f} s  ({statistics.median(found) / base:3.1f}× import typer)")


def bench_print(folder: Path) -> None:
    print("\n== printing a 10,000-row table (median of 3) ==")
    path = folder / "rows.txt"
    rows = [f"{n}\t市重点任务第{n}项 完成{n % 90 + 3}个老旧小区改造，新增停车位{n % 40 + 10}个。\t区住建委、区发展改革委\t"
            f"1.已完成{n % 5 + 1}个。2.第{n % 7 + 2}个已开工。" for n in range(1, 10001)]
    path.write_text("序号\t项目内容\t主责单位\t进展情况\n" + "\n".join(rows), encoding="utf-8")
    for label, extra in (("--json", ["--json"]), ("readable summary", [])):
        found = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([DUBAN, "parse", str(path), *extra], stdout=subprocess.DEVNULL, check=True)
            found.append(time.perf_counter() - start)
        print(f"duban parse {label:18s} {statistics.median(found):5.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--only", default="", help="comma-separated: seeds,sizes,pdf,startup,print,hostile")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))

    def wanted(name: str) -> bool:
        return not only or name in only

    if wanted("seeds"):
        bench_seeds(args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if wanted("sizes"):
            bench_sizes()
        if wanted("pdf"):
            bench_pdf(folder)
        if wanted("startup"):
            bench_startup(folder)
        if wanted("print"):
            bench_print(folder)
        if wanted("hostile"):
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from parse_hostile import bench_hostile

            bench_hostile(folder)


def bench_seeds(scale: int) -> None:
    jieba.setLogLevel(60)
    jieba.initialize()
    seeds = {p.name: decode(p.read_bytes()) for p in sorted(SAMPLES.glob("*.txt"))}
    for text in seeds.values():  # warm caches and lazy imports before timing
        parse_text(text[:2000])
    measure(seeds, "seeds")
    rng = random.Random(42)
    corpus = {name: scaled_copy(text, scale, rng) for name, text in seeds.items()}
    measure(corpus, f"seeds x{scale}")
    tracemalloc.start()
    for name, text in corpus.items():
        parse_text(text, source=name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak Python allocations while parsing the x{scale} corpus: {peak / 1e6:.0f} MB; "
          f"process peak RSS (corpus + jieba dictionary included): {rss:.0f} MB")


if __name__ == "__main__":
    main()
