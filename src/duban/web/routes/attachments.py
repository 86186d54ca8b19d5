"""佐证材料 downloads: the unit that attached them and the office (reviewers, viewers) may open them."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from duban.store.models import ReportAttachment, User
from duban.web.deps import get_db, require_user
from duban.web.routes.exports import download
from duban.web.routes.imports import blobs

router = APIRouter(tags=["佐证材料"])
INLINE = ("application/pdf", "image/")


@router.get("/attachments/{attachment_id}", summary="下载佐证材料")
def attachment(request: Request, attachment_id: int, db: Session = Depends(get_db),
               user: User = Depends(require_user)) -> Response:
    row = db.get(ReportAttachment, attachment_id)
    allowed = row is not None and not row.removed and (
        user.role in ("admin", "viewer") or (user.role == "reporter" and user.unit_id == row.unit_id))
    if not allowed:
        raise HTTPException(404, "没有这个佐证材料")
    data = blobs(request).get(row.sha256)
    if data is None:
        raise HTTPException(404, "佐证材料文件已不在服务器上")
    response = download(data, row.file_name, row.media_type)
    if row.media_type.startswith(INLINE):
        response.headers["Content-Disposition"] = response.headers["Content-Disposition"].replace(
            "attachment", "inline", 1)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
