"""The extraction floor of issue 2: the seed documents scored against the hand-made gold labels.

Runs the same scorer as ``../shared/eval/score.py`` (copied to ``tests/data/gold``)
on ``duban.parse.parse_file`` over the bundled samples.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from duban.parse import parse_file
from tests.scoring import field_totals, load_scorer

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "duban" / "samples"

FLOORS = {"kind": 0.97, "year": 0.97, "deadline": 0.97, "tasks": 1.00, "ref": 0.97, "content": 0.97,
          "units": 0.98, "progress": 0.97, "targets": 0.97, "goals": 0.97, "indicators": 0.97, "commitments": 0.97}
OVERALL_FLOOR = 0.97


@pytest.fixture(scope="module")
def totals():
    def predict(stem: str) -> dict:
        # the contract's JSON, as a user of `duban parse --json` reads it
        return json.loads(json.dumps(parse_file(SAMPLES / f"{stem}.txt").to_dict(), ensure_ascii=False))

    return field_totals(load_scorer(GOLD / "score.py", "duban_gold_score"), GOLD, predict)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_meets_floor(totals, field):
    assert totals[field].value() >= FLOORS[field], (field, totals[field].tp, totals[field].fp, totals[field].fn)


def test_overall_meets_floor(totals):
    scored = [v.value() for v in totals.values() if v.support]
    assert sum(scored) / len(scored) >= OVERALL_FLOOR
