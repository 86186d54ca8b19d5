"""佐证材料: files a unit attaches to its report — checked by content, stored by hash, shown to reviewers.

Why check the bytes, not the name: a renamed executable must not become
"evidence" the office opens. Accepted are PDF, PNG/JPEG/GIF/WebP images and
Word/Excel (.docx/.xlsx, which are ZIP files with their own parts).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from duban.store.db import StoreError
from duban.store.models import ReportAttachment, User
from duban.store.services.audit import record
from duban.work.blobs import BlobStore

MAX_FILES = 10
KINDS = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "gif": "image/gif",
         "webp": "image/webp",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx"


def sniff(data: bytes) -> str | None:
    """The file's kind from its first bytes (and, for Office files, the parts inside the ZIP)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


@dataclass(frozen=True)
class Upload:
    file_name: str
    data: bytes


def check(uploads: list[Upload], max_mb: float, already: int) -> str | None:
    """Why these files cannot be attached, in one Chinese sentence; None when they all can."""
    if already + len(uploads) > MAX_FILES:
        return f"每份进展最多{MAX_FILES}个佐证材料"
    for up in uploads:
        if not up.data:
            return f"“{up.file_name}”是空文件"
        if len(up.data) > max_mb * 1024 * 1024:
            return f"“{up.file_name}”超过{max_mb:g} MB"
        if sniff(up.data) is None:
            return f"“{up.file_name}”不是 PDF、图片、Word（.docx）或 Excel（.xlsx）文件"
    return None


def attach(session: Session, blobs: BlobStore, *, user: User, task_id: int, round_id: int, unit_id: int,
           uploads: list[Upload]) -> list[ReportAttachment]:
    rows = []
    for up in uploads:
        kind = sniff(up.data)
        sha = blobs.put(up.data)
        name = up.file_name.replace("\\", "/").rsplit("/", 1)[-1][:300] or f"附件.{kind}"
        row = ReportAttachment(task_id=task_id, round_id=round_id, unit_id=unit_id, sha256=sha, file_name=name,
                               media_type=KINDS[kind], size=len(up.data), uploaded_by=user.username)
        session.add(row)
        rows.append(row)
    session.flush()
    for row in rows:
        record(session=session, actor=user.username, action="attach", entity="progress_report", entity_id=None,
               after={"task_id": task_id, "round_id": round_id, "unit_id": unit_id, "file_name": row.file_name,
                      "sha256": row.sha256, "size": row.size})
    return rows


def attachments(session: Session, task_id: int, round_id: int, unit_id: int | None = None) -> list[ReportAttachment]:
    query = select(ReportAttachment).where(ReportAttachment.task_id == task_id, ReportAttachment.round_id == round_id,
                                           ReportAttachment.removed.is_(False))
    if unit_id is not None:
        query = query.where(ReportAttachment.unit_id == unit_id)
    return list(session.scalars(query.order_by(ReportAttachment.id)))


def remove(session: Session, *, user: User, attachment_id: int) -> ReportAttachment:
    row = session.get(ReportAttachment, attachment_id)
    if row is None or row.removed or row.unit_id != user.unit_id:
        raise StoreError("没有这个佐证材料")
    row.removed = True
    session.flush()
    record(session=session, actor=user.username, action="detach", entity="progress_report", entity_id=None,
           after={"task_id": row.task_id, "round_id": row.round_id, "file_name": row.file_name})
    return row
