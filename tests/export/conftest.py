"""Seed documents parsed once, and their exports written once per session (PDF takes seconds)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the suite runs with --import-mode=importlib: make export_seeds importable
    sys.path.insert(0, str(HERE))

from export_seeds import gold_document, seed_path  # noqa: E402

from duban.export.registry import export_bytes  # noqa: E402
from duban.export.table import table_from_document  # noqa: E402
from duban.parse import parse_file  # noqa: E402


@pytest.fixture(scope="session")
def parsed_seed():
    cache = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = parse_file(seed_path(prefix))
        return cache[prefix]
    return get


def export_cache(tmp_path_factory, name: str, document_of):
    out = tmp_path_factory.mktemp(name)
    cache: dict[tuple[str, str], Path] = {}

    def get(prefix: str, fmt: str) -> Path:
        key = (prefix, fmt)
        if key not in cache:
            path = out / f"{seed_path(prefix).stem}.{fmt}"
            path.write_bytes(export_bytes(table_from_document(document_of(prefix)), fmt))
            cache[key] = path
        return cache[key]
    return get


@pytest.fixture(scope="session")
def exported(parsed_seed, tmp_path_factory):
    """``exported(prefix, fmt)`` → path of the parsed seed's table exported in ``fmt``."""
    return export_cache(tmp_path_factory, "exports", parsed_seed)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """``rendered(prefix, fmt)`` → path of the gold document's table exported in ``fmt``."""
    return export_cache(tmp_path_factory, "rendered", gold_document)
