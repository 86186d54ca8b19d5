"""Seed documents parsed once, and their exports written once per session (PDF takes seconds)."""
from __future__ import annotations

from pathlib import Path

import pytest
from export_seeds import gold_document, seed_path

from duban.export.registry import export_bytes
from duban.export.table import table_from_document
from duban.parse import parse_file


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
