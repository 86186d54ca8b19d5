"""The table's data as the project's JSON contract ``duban.document/1``.

JSON export is for machines, so it carries the contract object behind the table
(every key of ``../shared/spec/document-json.md``), not the printed layout.
"""
from __future__ import annotations

import json

from duban.export.table import ExportError, ExportTable
from duban.parse.model import Document


def document_json(doc: Document) -> bytes:
    return (json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_json(table: ExportTable) -> bytes:
    if table.document is None:
        raise ExportError("此表没有对应的数据，无法导出 json")
    return document_json(table.document)
