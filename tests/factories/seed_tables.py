"""The seeds' tables rebuilt from their gold labels, as an office would type them into a file.

Used to check that every reader gives the segmenter what the text gives it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from factories.documents import Item, Table

TESTS = Path(__file__).resolve().parents[1]
GOLD = TESTS / "data" / "gold"
SAMPLES = TESTS.parent / "src" / "duban" / "samples"

PROGRESS_HEADERS = {
    "000_f56275b4641689bc": ["序号", "项目内容", "主责单位", "进展情况"],
    "002_5c75b5f45944da13": ["序号", "工作内容", "责任单位", "进展情况"],
}
PERFORMANCE_HEADERS = {"004_8462945402c18fad": ["序号", "任务名称", "年度任务及目标", "全年完成情况"]}


def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def seed_lines(name: str) -> list[str]:
    """The seed text's non-empty lines, HTML tags removed."""
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    return [line for line in (re.sub(r"<[^>]+>", "", raw).strip() for raw in text.splitlines()) if line]


def preamble(name: str) -> list[str]:
    """The seed's own lines above its table (title, period, deadline note)."""
    lines = seed_lines(name)
    first = next(i for i, line in enumerate(lines) if line.startswith("序号"))
    return lines[:first]


def table_from_gold(name: str) -> Table:
    """Header + one row per task (progress tables) or per goal with the task merged over them (performance)."""
    doc = gold(name)
    if name in PROGRESS_HEADERS:
        rows = [PROGRESS_HEADERS[name]]
        for task in doc["tasks"]:
            content = f"{task['ref']} {task['content']}" if task["ref"] else task["content"]
            progress = "\n".join(f"{i}.{item}" for i, item in enumerate(task["progress"], 1))
            rows.append([str(task["seq"]), content, "\n".join(task["units"]), progress])
        return Table(rows)
    rows = [PERFORMANCE_HEADERS[name]]
    for task in doc["tasks"]:
        numbered = len(task["goals"]) > 1
        for k, goal in enumerate(task["goals"], 1):
            text = f"{k}.{goal['text']}" if numbered else goal["text"]
            rows.append([str(task["seq"]), task["name"], text, goal["progress"]])
    return Table(rows, merge_columns=(0, 1))


def seed_document(name: str) -> list[Item]:
    """A table seed as preamble + rebuilt table; a work report as its paragraphs."""
    if name in PROGRESS_HEADERS or name in PERFORMANCE_HEADERS:
        return [*preamble(name), table_from_gold(name)]
    return seed_lines(name)
