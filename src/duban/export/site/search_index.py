"""The prebuilt search index, written as a script so the search page works from ``file://``.

Browsers refuse ``fetch`` of local files, but load a ``<script src>`` from disk; the
index is therefore ``window.DUBAN_INDEX = [...]``. Each record is
``[url, title, year, status label, text]`` — compact, since it is read whole.
"""
from __future__ import annotations

import json
from pathlib import Path

from duban.export.site.data import OrgData


def index_records(data: OrgData) -> list[list]:
    records = []
    for oy in data.org_years:
        for task in oy.tasks:
            progress = " ".join(p for r in task.rounds for p in r.items + [d for _, d in r.goals if d])
            text = " ".join(filter(None, [task.ref, task.name, task.content, "、".join(u[1] for u in task.units),
                                          " ".join(task.goals), progress]))
            title = f"{task.plan_title} {task.title}".strip()
            records.append([f"task/{task.id}.html", title, task.year, task.status_label, text])
        for wr in oy.work_reports:
            text = " ".join([i.name for i in wr.indicators] + [c.text for c in wr.commitments])
            records.append([f"{oy.slug}.html#wr{wr.id}", wr.title, wr.year, "政府工作报告", text])
    return records


def search_records(data: OrgData) -> str:
    """One organization's records, comma-separated, ready to go between ``[`` and ``]``."""
    records = index_records(data)
    payload = json.dumps(records, ensure_ascii=False, separators=(",", ":"))[1:-1]
    return payload.replace("</", "<\\/")  # keep the file safe to inline in a page as well


class SearchIndexWriter:
    """``window.DUBAN_INDEX = [...]`` written organization by organization."""

    def __init__(self, path: Path):
        self.handle = open(path, "w", encoding="utf-8", buffering=1 << 20)
        self.handle.write("window.DUBAN_INDEX = [")
        self.first = True

    def add(self, records: str) -> None:
        if records:
            self.handle.write(records if self.first else "," + records)
            self.first = False

    def close(self) -> None:
        self.handle.write("];\n")
        self.handle.close()
