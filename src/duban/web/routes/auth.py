"""Log in, log out, and the home page that sends each role where it works."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from duban.store.models import User
from duban.web.deps import current_user, get_db, now
from duban.web.render import page
from duban.web.security import new_session
from duban.work.accounts import authenticate

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
def login(request: Request, username: str = Form(...), password: str = Form(...), next: str = Form(""),
          db: Session = Depends(get_db)):
    throttle = request.app.state.throttle
    client = request.client.host if request.client else "?"
    keys = [f"user:{username.strip()}", f"ip:{client}"]
    moment = now(request)
    if throttle.blocked(keys, moment):
        return page(request, "login.html", {"next": next, "error": "登录失败次数过多，请15分钟后再试"},
                    status_code=429)
    user = authenticate(db, username, password)
    if user is None:
        throttle.failed(keys, moment)
        return page(request, "login.html", {"next": next, "error": "用户名或密码错误"}, status_code=401)
    throttle.succeeded([keys[0]])
    request.state.session = new_session(user.id)  # a new CSRF token too: nothing from before login survives
    return RedirectResponse(safe_next(next) or HOME.get(user.role, "/"), status_code=303)


@router.post("/logout")
def logout(request: Request):
    request.state.session = new_session()
    return RedirectResponse("/login", status_code=303)
