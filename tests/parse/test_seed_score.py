"""The extraction floor of issue 2: the seed documents scored against the hand-made gold labels.

Runs the same scorer as ``../shared/eval/score.py`` (copied to ``tests/data/gold``)
on ``duban.parse.parse_file`` over the bundled samples.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from duban.parse import parse_file

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "duban" / "samples"

FLOORS = {"kind": 0.97, "year": 0.97, "deadline": 0.97, "tasks": 1.00, "ref": 0.97, "content": 0.97,
          "units": 0.98, "progress": 0.97, "targets": 0.97, "goals": 0.97, "indicators": 0.97, "commitments": 0.97}
OVERALL_FLOOR = 0.97


def _scorer():
    spec = importlib.util.spec_from_file_location("duban_gold_score", GOLD / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def totals():
    score = _scorer()
    total = {f: score.F1() for f in score.FIELDS}
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred = parse_file(SAMPLES / f"{gold_file.stem}.txt").to_dict()
        # the contract's JSON, as a user of `duban parse --json` reads it
        pred = json.loads(json.dumps(pred, ensure_ascii=False))
        acc = {f: score.F1() for f in score.FIELDS}
        score.score_pair(gold, pred, acc)
        for f in score.FIELDS:
            total[f].add(acc[f].tp, acc[f].fp, acc[f].fn)
    return total


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_meets_floor(totals, field):
    assert totals[field].value() >= FLOORS[field], (field, totals[field].tp, totals[field].fp, totals[field].fn)


def test_overall_meets_floor(totals):
    scored = [v.value() for v in totals.values() if v.support]
    assert sum(scored) / len(scored) >= OVERALL_FLOOR
