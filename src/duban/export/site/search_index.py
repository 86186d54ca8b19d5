"""The prebuilt search index: one script per organization and year, loaded by the search page on demand.

Why scripts: browsers refuse ``fetch`` of local files but load a ``<script src>``
from disk, so the search works from ``file://``. Each part is
``dubanSearchPart("o1-2024", [...])``, a record being
``[url, title, year, status label, text]``.

Why one part per organization and year: 100 plans of 300 tasks make 90 MB of
index, far more than a browser should read to search one district's year. The
search page lists the parts (``Scope``: name, year, records, bytes) and loads only
the one a reader picks, or all of them when the whole site is small.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from duban.export.site.data import OrgData, OrgYear

FOLDER = "search"
LOAD_ALL_BELOW = 8 * 1024 * 1024  # bytes of index the search page loads at once when no scope is chosen


@dataclass(frozen=True)
class Scope:
    """What the search page lists of one part of the index."""

    slug: str
    label: str
    records: int
    size: int

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.slug}.js"


def records_of(oy: OrgYear) -> list[list]:
    records = []
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


def search_parts(data: OrgData) -> list[tuple[Scope, bytes]]:
    """Each organization-year's part of the index, as the script file's bytes."""
    parts = []
    for oy in data.org_years:
        records = records_of(oy)
        payload = json.dumps(records, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        script = f"dubanSearchPart({json.dumps(oy.slug)}, {payload});\n".encode()
        parts.append((Scope(oy.slug, f"{oy.government} {oy.year or '未注明年份'}年", len(records), len(script)), script))
    return parts
