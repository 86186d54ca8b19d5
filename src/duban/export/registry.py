"""One registry of export formats, used by the CLI and the workbench's download buttons.

Each exporter turns an ``ExportTable`` into the bytes of one file. The modules are
imported on first use, so ``duban export --format csv`` does not pay for loading
python-docx, and a missing optional tool (LibreOffice) only matters for its format.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from duban.export.table import ExportError, ExportTable


@dataclass(frozen=True)
class Exporter:
    format: str
    suffix: str
    media_type: str
    label: str
    target: str  # "module:function" taking an ExportTable and returning bytes

    def render(self, table: ExportTable) -> bytes:
        module_name, func_name = self.target.split(":")
        return getattr(importlib.import_module(module_name), func_name)(table)


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    EXPORTERS[exporter.format] = exporter


for _exporter in (
    Exporter("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "Word 文档", "duban.export.docx_table:render_docx"),
    Exporter("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "Excel 表格", "duban.export.xlsx_table:render_xlsx"),
    Exporter("pdf", ".pdf", "application/pdf", "PDF 文件", "duban.export.pdf_table:render_pdf"),
    Exporter("csv", ".csv", "text/csv; charset=utf-8", "CSV 数据", "duban.export.csv_table:render_csv"),
    Exporter("json", ".json", "application/json", "JSON 数据（duban.document/1）", "duban.export.json_document:render_json"),
):
    register(_exporter)


def get_exporter(fmt: str) -> Exporter:
    try:
        return EXPORTERS[fmt.lower().lstrip(".")]
    except KeyError:
        raise ExportError(f"不支持的导出格式 {fmt}（可选: {'、'.join(EXPORTERS)}）") from None


def format_for_path(path: str) -> str | None:
    """The format a file name asks for by its suffix, so ``-o 表.xlsx`` needs no ``--format``."""
    lower = path.lower()
    for exporter in EXPORTERS.values():
        if lower.endswith(exporter.suffix):
            return exporter.format
    return None


def export_bytes(table: ExportTable, fmt: str) -> bytes:
    return get_exporter(fmt).render(table)
