"""Log in, log out, and the home page that sends each role where it works.

Logging out ends every session of the user (the session version is bumped), so a
cookie copied before it no longer works anywhere. Wrong passwords are slowed, not
locked out (``duban.work.throttle``); a refused attempt says how long to wait.
"""
from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from duban.store.models import User
from duban.web.deps import client_of, current_user, get_db, now
from duban.web.render import page
from duban.web.security import new_session
from duban.work.accounts import authenticate, end_sessions
from duban.work.throttle import wait_message

router = APIRouter(include_in_schema=False)
HOME = {"admin": "/dashboard", "viewer": "/dashboard", "reporter": "/my"}


def safe_next(target: str | None) -> str | None:
    """Only a local path: ``//evil.example`` or ``https://…`` would make the login an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/")
def home(user: User | None = Depends(current_user)):
    return RedirectResponse(HOME.get(user.role, "/open") if user else "/open", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None, user: User | None = Depends(current_user)):
    return page(request, "login.html", {"next": safe_next(next) or "", "error": None})


@router.post("/login")
def login(request: Request, username: str = Form(..., max_length=100), password: str = Form(..., max_length=200),
          next: str = Form("", max_length=2000), db: Session = Depends(get_db)):
    throttle = request.app.state.throttle
    address, moment = client_of(request), now(request)
    context = {"next": safe_next(next) or "", "username": username}
    wait = throttle.wait(username, address, moment)
    if wait > 0:
        return page(request, "login.html", {**context, "error": wait_message(wait)}, status_code=429,
                    headers={"Retry-After": str(math.ceil(wait))})
    user = authenticate(db, username, password)
    if user is None:
        throttle.failed(username, address, moment)
        return page(request, "login.html", {**context, "error": "用户名或密码错误"}, status_code=401)
    throttle.succeeded(username, address)
    # a new CSRF token too: nothing from before login survives
    request.state.session = new_session(user.id, user.session_version or 0)
    return RedirectResponse(safe_next(next) or HOME.get(user.role, "/"), status_code=303)


@router.post("/logout")
def logout(request: Request, db: Session = Depends(get_db), user: User | None = Depends(current_user)):
    if user is not None:
        end_sessions(db, user.id)
    request.state.session = new_session()
    return RedirectResponse("/login", status_code=303)
