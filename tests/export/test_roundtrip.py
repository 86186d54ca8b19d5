"""Export each seed table and parse the exported file: the same tasks must come back."""
from __future__ import annotations

import re

import pytest
from export_seeds import TABLE_SEEDS

from duban.parse import parse_file


def squeeze(text: str | None) -> str:
    """Compare text as the gold notes advise: all white space removed."""
    return re.sub(r"\s+", "", text or "")


def task_view(task) -> dict:
    return {
        "seq": task.seq,
        "ref": task.ref,
        "content": squeeze(task.content),
        "name": squeeze(task.name),
        "units": list(task.units),
        "progress": [squeeze(p) for p in task.progress],
        "goals": [(squeeze(g.text), squeeze(g.progress)) for g in task.goals],
        "targets": [(q.value, q.unit) for q in task.targets],
    }


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
@pytest.mark.parametrize("prefix", sorted(TABLE_SEEDS))
def test_exported_table_parses_back_to_the_same_tasks(prefix, fmt, parsed_seed, exported):
    original = parsed_seed(prefix)
    assert original.tasks, "the seed itself must parse to tasks"
    again = parse_file(exported(prefix, fmt))
    assert again.kind == original.kind
    assert len(again.tasks) == len(original.tasks)
    for before, after in zip(original.tasks, again.tasks):
        assert task_view(after) == task_view(before), f"task {before.seq}"
