"""The project's scorers (copies of ``../shared/eval`` in ``tests/data``) as the score tests use them.

Why here: the seed, development-set and assessment tests load a scorer from a file
and add up its per-document counts the same way; only what they score differs.
"""
from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path


def load_scorer(path: Path, name: str):
    """A scorer script imported as a module (it is not a package of ours)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def field_totals(score, gold_dir: Path, predict: Callable[[str], dict]) -> dict:
    """Per field, the F1 counts over every gold file, ``predict(stem)`` giving the engine's document."""
    total = {f: score.F1() for f in score.FIELDS}
    for gold_file in sorted(gold_dir.glob("*.json")):
        acc = {f: score.F1() for f in score.FIELDS}
        score.score_pair(json.loads(gold_file.read_text(encoding="utf-8")), predict(gold_file.stem), acc)
        for f in score.FIELDS:
            total[f].add(acc[f].tp, acc[f].fp, acc[f].fn)
    return total
