"""Open data files of the public site: CSV (UTF-8 with BOM) and the contract JSON per round.

Why both: CSV opens in Excel for a journalist; the JSON follows
``duban.document/1`` so anything that reads the parser's output reads ours.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from duban.export.escape import FORMULA_STARTS, csv_row
from duban.export.site.data import OrgData

STATUS_BASIS = ("状态依据：reviewer 审核确认；source 来源文件（所导入的公开进展表本身所印的状态）；"
                "targets 按填报完成值计算；due 截止日期已过未报送；none 尚未评估")
TASK_FIELDS = [
    ("task_id", "任务编号（本站页面 task/<编号>.html）"), ("org", "政府（机构）"), ("year", "年份"),
    ("plan", "任务清单"), ("seq", "序号（原表所印）"), ("ref", "依据：上级计划的条款，如 市重点任务第8项"),
    ("name", "任务名称（绩效任务）"), ("content", "任务内容"), ("units", "责任单位，以“、”分隔，主责单位在前"),
    ("targets", "量化目标：目标名称+数值+单位，以“；”分隔"), ("latest_round_id", "最近一个已公开轮次的编号"),
    ("latest_round", "最近一个已公开轮次"),
    ("status", "该轮状态代码：done ahead on_track behind missing unassessed（只公开经人确认的状态，其余为 unassessed）"),
    ("status_label", "该轮状态"), ("status_basis", STATUS_BASIS), ("share", "经确认的完成比例（0–1，按填报完成值）"),
]
PROGRESS_FIELDS = [
    ("task_id", "任务编号"), ("round_id", "轮次编号"), ("round", "轮次（如 前三季度）"), ("period_end", "统计截止日期"),
    ("status", "状态代码"), ("status_label", "状态"), ("status_basis", STATUS_BASIS),
    ("item_no", "进展条目序号（绩效任务为目标序号）"),
    ("goal", "年度目标（绩效任务）"), ("text", "进展或完成情况原文"),
]
COMMITMENT_FIELDS = [
    ("org", "政府（机构）"), ("year", "年份"), ("report", "政府工作报告"),
    ("type", "indicator 主要预期目标 / commitment 量化承诺"), ("text", "指标名称或承诺原文"),
    ("change", "变化（增长、下降、控制在…）"), ("value", "数值（万、亿已折算）"), ("unit", "单位"),
    ("qualifier", "限定词（左右、以上、不少于…）"),
]
DICTIONARY = [("data/tasks.csv", TASK_FIELDS), ("data/progress.csv", PROGRESS_FIELDS),
              ("data/commitments.csv", COMMITMENT_FIELDS)]


def number(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


_FORMULA = "".join(FORMULA_STARTS)
_AFTER_COMMA = tuple("," + c for c in FORMULA_STARTS)


def csv_text(rows) -> str:
    """``csv.writer(…, lineterminator="\\r\\n").writerows(rows)``, the same text, three times faster.

    Why: the writer copies Chinese text character by character (progress.csv is 100 MB
    for 100 plans). A row none of whose fields holds a comma, a quote or a line break
    needs no quoting, so its fields are simply joined; a comma inside a field shows as
    one comma too many in the joined line. Other rows go through the csv module.

    Fields that a spreadsheet would run as a formula get ``escape.csv_field``'s ``'``;
    such a field starts the line or follows a comma, so one substring search per
    formula character finds the rare rows that need it.
    """
    lines = []
    for row in rows:
        line = ",".join(["" if v is None else v if v.__class__ is str else str(v) for v in row])
        if (line and line[0] in _FORMULA) or any(mark in line for mark in _AFTER_COMMA):
            row = csv_row(row)
            line = ",".join(["" if v is None else v if v.__class__ is str else str(v) for v in row])
        if line.count(",") != len(row) - 1 or '"' in line or "\n" in line or "\r" in line or len(row) < 2:
            out = io.StringIO(newline="")
            csv.writer(out, lineterminator="\r\n").writerow(row)
            line = out.getvalue()[:-2]
        lines.append(line)
    return "\r\n".join(lines) + "\r\n" if lines else ""


def task_rows(data: OrgData) -> tuple[list, list]:
    """Rows of tasks.csv and progress.csv for one organization."""
    tasks, progress = [], []
    for oy in data.org_years:
        for plan in oy.plans:
            for t in plan.tasks:
                last = t.rounds[-1] if t.rounds else None
                targets = "；".join(f"{q['metric'] or ''}{number(q['value'])}{q['unit'] or ''}" for q in t.targets)
                share = last.public.share if last else None
                tasks.append([t.id, oy.government, t.year or "", t.plan_title, number(t.seq), t.ref or "", t.name or "",
                              t.content, "、".join(u[1] for u in t.units), targets, last.round_id if last else "",
                              last.label if last else "", t.status.value, t.status_label,
                              last.public.basis if last else "none", "" if share is None else f"{share:.4g}"])
                for r in t.rounds:
                    base = [t.id, r.round_id, r.label, r.end.isoformat() if r.end else "", r.status.value,
                            r.status_label, r.public.basis]
                    if r.goals:
                        progress.extend(base + [n, goal, done] for n, (goal, done) in enumerate(r.goals, 1))
                    else:
                        progress.extend(base + [n, "", item] for n, item in enumerate(r.items, 1))
    return tasks, progress


def commitment_rows(data: OrgData) -> list:
    rows = []
    for oy in data.org_years:
        for wr in oy.work_reports:
            for i in wr.indicators:
                rows.append([oy.government, wr.year or "", wr.title, "indicator", i.name, i.change or "",
                             number(i.value), i.unit or "", i.qualifier or ""])
            for c in wr.commitments:
                rows.append([oy.government, wr.year or "", wr.title, "commitment", c.text, "",
                             number(c.value), c.unit or "", c.qualifier or ""])
    return rows


def open_data_rows(data: OrgData) -> dict[str, str]:
    """CSV text (without header) of one organization for each open-data file."""
    tasks, progress = task_rows(data)
    return {"data/tasks.csv": csv_text(tasks), "data/progress.csv": csv_text(progress),
            "data/commitments.csv": csv_text(commitment_rows(data))}


class OpenDataWriter:
    """The three CSV files, appended to organization by organization (UTF-8 with BOM for Excel).

    ``add`` answers where each organization's rows went (start, length in bytes), so a later
    build can copy them unchanged (``incremental.copy_range``) instead of writing them again.
    """

    def __init__(self, folder: Path):
        self.files = {}
        for name, fields in DICTIONARY:
            handle = open(folder / Path(name).name, "wb", buffering=1 << 20)
            handle.write(("\ufeff" + csv_text([[field for field, _ in fields]])).encode())
            self.files[name] = handle

    def add(self, rows: dict[str, str]) -> dict[str, tuple[int, int]]:
        ranges = {}
        for name, text in rows.items():
            handle = self.files[name]
            data = text.encode()
            ranges[name] = (handle.tell(), len(data))
            handle.write(data)
        return ranges

    def copy(self, previous: dict, ranges: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        """An organization's unchanged rows, copied from the previous files (``previous``: name → open file)."""
        from duban.export.site.incremental import copy_range

        moved = {}
        for name, (start, length) in ranges.items():
            handle = self.files[name]
            moved[name] = (handle.tell(), length)
            copy_range(previous[name], handle, start, length)
        return moved

    def sizes(self) -> dict[str, int]:
        return {name: handle.tell() for name, handle in self.files.items()}

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()
