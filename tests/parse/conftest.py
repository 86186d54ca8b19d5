"""Shared helpers for the parse tests: the document factories and the seeds' gold labels."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:  # the factories live in tests/factories, shared with other areas
    sys.path.insert(0, str(TESTS))

GOLD = TESTS / "data" / "gold"
SAMPLES = TESTS.parent / "src" / "duban" / "samples"


def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def build(tmp_path):
    """Write a document built from items to ``tmp_path/name`` and return its path."""
    from factories.documents import write

    def make(name: str, items, **options) -> Path:
        return write(tmp_path / name, items, **options)
    return make
