"""Request-scoped helpers every view uses: the database session, the user, role checks, CSRF.

Why as dependencies: each route states what it needs (``user: User = Depends(require_admin)``)
and the check cannot be forgotten in the body; the CSRF check is an app-wide
dependency, so every state-changing request passes through it.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from duban.store.db import transaction
from duban.store.models import User
from duban.web.security import CSRF_FIELD, CSRF_HEADER, client_address, tokens_match
from duban.work.accounts import session_is_current

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Viewer:
    """The logged-in user as plain values: templates may render after the database session closed."""

    id: int
    username: str
    role: str
    unit_id: int | None
    unit_name: str | None

    @classmethod
    def of(cls, user: User) -> Viewer:
        return cls(user.id, user.username, user.role, user.unit_id, user.unit.name if user.unit else None)


class LoginRequired(Exception):
    """No logged-in user: pages redirect to the login page, JSON gets 401."""


class Forbidden(Exception):
    """Logged in but not allowed: 403 (the page says why)."""

    def __init__(self, message: str = "无权访问此页面"):
        super().__init__(message)


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, committed when the view returns without error."""
    with transaction(request.app.state.sessions) as session:
        yield session


def now(request: Request) -> datetime:
    return request.app.state.clock()


def current_user(request: Request, db: Session = Depends(get_db)) -> User | None:
    uid = request.state.session.get("uid")
    if uid is None:
        return None
    user = db.get(User, uid)
    user = user if session_is_current(user, request.state.session) else None
    request.state.user = Viewer.of(user) if user else None  # for the page header, even on error pages
    return user


def require_user(user: User | None = Depends(current_user)) -> User:
    if user is None:
        raise LoginRequired()
    return user


def require_staff(user: User = Depends(require_user)) -> User:
    """The office and viewers: everything inside, read-only for viewers."""
    if user.role not in ("admin", "viewer"):
        raise Forbidden("此页面仅供督查室和查看人使用")
    return user


def require_admin(user: User = Depends(require_user)) -> User:
    if user.role != "admin":
        raise Forbidden("此操作仅限督查室管理员")
    return user


def require_reporter(user: User = Depends(require_user)) -> User:
    if user.role != "reporter" or user.unit_id is None:
        raise Forbidden("此页面仅供责任单位填报人使用")
    return user


async def csrf_protect(request: Request) -> None:
    """Every POST/PUT/PATCH/DELETE must echo the session's token (form field or header)."""
    if request.method in SAFE_METHODS:
        return
    expected = request.state.session.get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if not given:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            given = (await request.form()).get(CSRF_FIELD)
    if not tokens_match(expected, given):
        raise HTTPException(status_code=403, detail="CSRF 校验失败，请刷新页面后重试")


def client_of(request: Request) -> str:
    """The client's address, through trusted proxies only (``DUBAN_TRUSTED_PROXIES``)."""
    return client_address(request.client.host if request.client else None,
                          request.headers.get("x-forwarded-for"), request.app.state.settings.trusted_proxies)


def wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json" or request.url.path.startswith("/api/")
