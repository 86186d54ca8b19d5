"""The progress table as PDF: the Word layout converted by LibreOffice headless.

Why LibreOffice: the PDF must look like the Word file the office also sends, and
only an office suite lays out Word tables (repeated header rows, rows kept whole,
page-number fields) faithfully. The .docx is written with the installed fallback
fonts (see ``fonts.py``) so the PDF embeds known CJK fonts rather than whatever
LibreOffice substitutes. Each process converts with its own LibreOffice profile
directory, so parallel conversions (tests, several workers) do not clash over one
profile lock; within a process a lock serialises them.
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from duban.export.docx_table import build_docx
from duban.export.fonts import installed_fontset
from duban.export.table import ExportError, ExportTable
from duban.settings import get_settings

MISSING = "未安装 LibreOffice，无法导出 PDF（可先导出 docx）"
_lock = threading.Lock()
_profile: Path | None = None


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def profile_dir() -> Path:
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix=f"duban-lo-{os.getpid()}-"))
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def docx_to_pdf(docx: bytes, timeout: float | None = None) -> bytes:
    """Convert one .docx to PDF with LibreOffice; an ``ExportError`` says why when it cannot."""
    soffice = soffice_path()
    if not soffice:
        raise ExportError(MISSING)
    timeout = get_settings().pdf_timeout if timeout is None else timeout
    with _lock, tempfile.TemporaryDirectory(prefix="duban-pdf-") as work:
        source = Path(work) / "table.docx"
        source.write_bytes(docx)
        command = [soffice, f"-env:UserInstallation={profile_dir().as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", work, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ExportError(f"LibreOffice 转换 PDF 超时（{timeout:g} 秒）") from None
        except OSError as exc:
            raise ExportError(f"无法启动 LibreOffice: {exc.strerror or exc}") from None
        target = Path(work) / "table.pdf"
        if done.returncode != 0 or not target.exists():
            reason = (done.stderr or done.stdout or "").strip().splitlines()
            raise ExportError(f"LibreOffice 转换 PDF 失败（{reason[-1] if reason else f'退出码 {done.returncode}'}）")
        return target.read_bytes()


def render_pdf(table: ExportTable) -> bytes:
    if not soffice_path():  # say so before building the document
        raise ExportError(MISSING)
    return docx_to_pdf(build_docx(table, installed_fontset()))
