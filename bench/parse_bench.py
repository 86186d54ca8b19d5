"""Parse throughput and memory: duban's parser against jieba's tokenizer on the same text.

Prints MB/s for the seeds, for a corpus 100x their size (rows of each table
repeated, shuffled and renumbered; work-report paragraphs repeated in shuffled
order), jieba.lcut's MB/s over the same text, the ratio, and peak memory.

    .venv/bin/python bench/parse_bench.py [--scale 100]
"""
from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc
from pathlib import Path

import jieba

from duban.parse import parse_text
from duban.parse.readers.text import decode

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "duban" / "samples"


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=int, default=100)
    args = ap.parse_args()
    jieba.setLogLevel(60)
    jieba.initialize()
    seeds = {p.name: decode(p.read_bytes()) for p in sorted(SAMPLES.glob("*.txt"))}
    for text in seeds.values():  # warm caches and lazy imports before timing
        parse_text(text[:2000])
    measure(seeds, "seeds")
    rng = random.Random(42)
    corpus = {name: scaled_copy(text, args.scale, rng) for name, text in seeds.items()}
    measure(corpus, f"seeds x{args.scale}")
    tracemalloc.start()
    for name, text in corpus.items():
        parse_text(text, source=name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak Python allocations while parsing the x{args.scale} corpus: {peak / 1e6:.0f} MB; "
          f"process peak RSS (corpus + jieba dictionary included): {rss:.0f} MB")


if __name__ == "__main__":
    main()
