"""Shared fixtures for the parse tests; the document factories live in tests/factories."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:  # makes ``factories`` importable, shared with other areas' tests
    sys.path.insert(0, str(TESTS))


@pytest.fixture
def build(tmp_path):
    """Write a document built from items to ``tmp_path/name`` and return its path."""
    from factories.documents import write

    def make(name: str, items, **options) -> Path:
        return write(tmp_path / name, items, **options)
    return make
