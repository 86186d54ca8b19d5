"""The contract JSON (``duban.document/1``) of each published round, encoded task by task.

Why not ``json.dumps(round_document(...).to_dict())`` for every round: the rounds of
a plan repeat each task's promise, units and targets, and only the progress
differs. ``PlanDocuments`` encodes a task's fixed part once and splices each
round's progress in. The bytes are those of the contract objects' own encoding
(``round_document`` → ``to_dict`` → ``json.dumps``): the fixed part comes from
``parsed_task`` itself, and a test compares every file with that encoding.
Compact separators are not used, for the same reason.
"""
from __future__ import annotations

import json

from duban.export.store_table import PERFORMANCE, common_deadline, parsed_task, round_document

HEAD_KEYS = ("seq", "ref", "ref_no", "name", "content", "units")  # contract order, before "progress"


dumps = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(value, ensure_ascii=False), one encoder


class PlanDocuments:
    """Encodes the round documents of one plan; each task's fixed JSON is built on first use."""

    def __init__(self, plan, tasks: list):
        self.plan = plan
        self.tasks = tasks
        self.performance = plan.kind == PERFORMANCE
        self.deadline = common_deadline(tasks)
        self.fixed: dict[int, tuple[str, str]] = {}

    def task_parts(self, task) -> tuple[str, str]:
        """The task's JSON before and after its progress list."""
        parts = self.fixed.get(task.id)
        if parts is None:
            data = parsed_task(task, [], self.performance).to_dict()
            head = dumps({key: data[key] for key in HEAD_KEYS})[:-1] + ', "progress": '
            tail = (f', "goals": {dumps(data["goals"])}, "targets": {dumps(data["targets"])}, '
                    f'"stated_status": {dumps(data["stated_status"])}}}')
            parts = self.fixed[task.id] = (head, tail)
        return parts

    def task_json(self, task, items: list[str]) -> str:
        if self.performance and task.goals:  # the round's items fill the goals: nothing fixed to reuse
            return dumps(parsed_task(task, items, True).to_dict())
        head, tail = self.task_parts(task)
        return head + dumps(items) + tail

    def round_json(self, rnd, items: dict[int, list[str]]) -> bytes:
        """The round's document, as ``json.dumps(round_document(plan, rnd, tasks, items).to_dict())`` + newline."""
        shell = round_document(self.plan, rnd, [], {})
        shell.deadline = self.deadline
        data = shell.to_dict()
        rest = {key: data.pop(key) for key in ("tasks", "indicators", "commitments", "layout")}
        tasks = ", ".join(self.task_json(t, items.get(t.id, [])) for t in self.tasks)
        text = (dumps(data)[:-1] + f', "tasks": [{tasks}], "indicators": {dumps(rest["indicators"])}, '
                f'"commitments": {dumps(rest["commitments"])}, "layout": {dumps(rest["layout"])}}}\n')
        return text.encode()
