"""Keeps ``search_docs`` in step with tasks and the latest progress of each task, round and unit.

The database's own full-text structures (FTS5 table, ``tsv`` column) follow
``search_docs`` by themselves (triggers / generated column); this module only
writes the segmented text.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.models import ProgressReport, SearchDoc, Task
from duban.store.textindex import segment


def task_text(task: Task) -> str:
    if task.name and task.name not in task.content:
        return f"{task.name}\n{task.content}"
    return task.content


def report_text(items: list) -> str:
    return "\n".join(str(i) for i in items if i)


def _upsert(session: Session, *, plan_id: int, task_id: int, round_id: int | None, unit_id: int | None,
            report_id: int | None, year: int | None, text: str) -> SearchDoc:
    doc = session.scalar(select(SearchDoc).where(SearchDoc.task_id == task_id, SearchDoc.round_id == round_id,
                                                 SearchDoc.unit_id == unit_id))
    if doc is None:
        doc = SearchDoc(plan_id=plan_id, task_id=task_id, round_id=round_id, unit_id=unit_id)
        session.add(doc)
    elif doc.text == text:
        doc.report_id = report_id
        return doc
    set_doc_text(doc, text, year=year, report_id=report_id)
    return doc


def set_doc_text(doc: SearchDoc, text: str, *, year: int | None, report_id: int | None) -> None:
    doc.report_id, doc.year = report_id, year
    if doc.text != text or doc.segmented is None:
        doc.text, doc.segmented = text, segment(text)


def new_task_doc(*, task: Task, year: int | None) -> SearchDoc:
    """The search row of a task just created (no lookup: it cannot have one yet)."""
    doc = SearchDoc(plan_id=task.plan_id, task_id=task.id, round_id=None, unit_id=None)
    set_doc_text(doc, task_text(task), year=year, report_id=None)
    return doc


def index_task(*, session: Session, task: Task, year: int | None) -> SearchDoc:
    return _upsert(session, plan_id=task.plan_id, task_id=task.id, round_id=None, unit_id=None, report_id=None,
                   year=year, text=task_text(task))


def index_report(*, session: Session, report: ProgressReport, plan_id: int, year: int | None) -> SearchDoc:
    return _upsert(session, plan_id=plan_id, task_id=report.task_id, round_id=report.round_id,
                   unit_id=report.unit_id, report_id=report.id, year=year, text=report_text(report.items))
