"""Where the seed tables and their gold labels are, shared by the export tests."""
from __future__ import annotations

import json
from pathlib import Path

from duban.parse import Document

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "duban" / "samples"
GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
TABLE_SEEDS = {"000": "progress", "002": "progress", "004": "performance"}


def gold_document(prefix: str) -> Document:
    """The hand-labelled document: rendering tests stand on it, not on the parser."""
    return Document.from_dict(json.loads(next(GOLD.glob(f"{prefix}_*.json")).read_text("utf-8")))


def seed_path(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*.txt"))
