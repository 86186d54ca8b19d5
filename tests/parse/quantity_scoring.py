"""Score quantity extraction and work-report parsing against the gold labels.

The same matching as ``score.py``: quantities are compared as multisets of
(value, unit), micro-averaged over all documents.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from duban.parse.quantity import extract_quantities
from duban.parse.work_report import parse_work_report

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "gold"
SAMPLES = ROOT / "src" / "duban" / "samples"


def qkey(q) -> tuple:
    value = q["value"] if isinstance(q, dict) else q.value
    unit = q["unit"] if isinstance(q, dict) else q.unit
    return (round(float(value), 6) if value is not None else None, unit or "")


class F1:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.misses: list[str] = []

    def add(self, gold: list, pred: list, where: str) -> None:
        g, p = Counter(map(qkey, gold)), Counter(map(qkey, pred))
        tp = sum((g & p).values())
        self.tp += tp
        self.fp += sum(p.values()) - tp
        self.fn += sum(g.values()) - tp
        if g != p:
            self.misses.append(f"{where}: extra {sorted(map(str, (p - g).elements()))} missing {sorted(map(str, (g - p).elements()))}")

    @property
    def value(self) -> float:
        if self.tp == 0:
            return 1.0 if self.fp == self.fn == 0 else 0.0
        precision, recall = self.tp / (self.tp + self.fp), self.tp / (self.tp + self.fn)
        return 2 * precision * recall / (precision + recall)


def gold_documents() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) | {"_name": p.stem} for p in sorted(GOLD.glob("*.json"))]


def score_targets() -> F1:
    """Targets of every gold task: from its content, or for a performance task from
    each goal's text (the contract's rule)."""
    f1 = F1()
    for doc in gold_documents():
        for task in doc["tasks"]:
            if doc["kind"] == "performance_report":
                texts = [g["text"] for g in task["goals"]]
            else:
                texts = [task["content"]]
            pred = [q for text in texts for q in extract_quantities(text)]
            f1.add(task["targets"], pred, f"{doc['_name']} seq {task['seq']}")
    return f1


def score_work_reports() -> dict[str, F1]:
    scores = {"indicators": F1(), "commitments": F1(), "year": F1()}
    for doc in gold_documents():
        if doc["kind"] != "work_report":
            continue
        sample = next(SAMPLES.glob(doc["_name"] + ".*"))
        result = parse_work_report(sample.read_text(encoding="utf-8").splitlines())
        scores["indicators"].add(doc["indicators"], result.indicators, doc["_name"])
        scores["commitments"].add(doc["commitments"], result.commitments, doc["_name"])
        scores["year"].add([{"value": doc["year"], "unit": None}], [{"value": result.year, "unit": None}], doc["_name"])
    return scores


if __name__ == "__main__":
    targets = score_targets()
    print(f"targets F1 {targets.value:.3f} (tp {targets.tp} fp {targets.fp} fn {targets.fn})")
    for line in targets.misses:
        print("  ", line)
    for name, f1 in score_work_reports().items():
        print(f"{name} F1 {f1.value:.3f} (tp {f1.tp} fp {f1.fp} fn {f1.fn})")
        for line in f1.misses:
            print("  ", line)
