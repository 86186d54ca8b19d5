"""Commands of the workbench: ``assess``, ``serve``, ``demo``, ``remind``, ``users``, ``review``.

Each failure is one line ``duban: …`` on standard error and a non-zero exit.
"""
from __future__ import annotations

import getpass
import json
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import platformdirs
import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from duban.settings import Settings, get_settings
from duban.store.db import StoreError, session_scope
from duban.store.models import Organization, Unit, User
from duban.store.services.imports import find_org
from duban.store.services.units import find_unit, get_unit
from duban.store.services.users import create_user
from duban.work.accounts import ROLE_LABELS, change_password, random_password, set_active, user_by_name
from duban.work.notify import NO_ADDRESS

users_app = typer.Typer(help="工作台账号：列表、新建、改密码、停用/启用。", no_args_is_help=True)
review_app = typer.Typer(help="审核：逐项确认系统建议的状态。", no_args_is_help=True)


def fail(reason: str, code: int = 1) -> None:
    print(f"duban: {reason}", file=sys.stderr)
    raise typer.Exit(code)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "cli"


def ask_password(given: str | None, prompt: str = "密码（直接回车则随机生成）: ") -> str:
    if given is not None:
        return given
    return getpass.getpass(prompt) if sys.stdin.isatty() else ""


def unit_for_account(session, name: str, org: str | None) -> Unit:
    """The unit by name or alias: in ``org`` when given, else the only organization that has it."""
    if org:
        found_org = find_org(session=session, name=org)
        if found_org is None:
            raise StoreError(f"没有机构 {org}")
        return get_unit(session=session, org_id=found_org.id, name=name)
    matches = [u for o in session.scalars(select(Organization).order_by(Organization.id))
               if (u := find_unit(session=session, org_id=o.id, name=name)) is not None]
    if not matches:
        raise StoreError(f"单位 {name}: 没有这个单位")
    if len(matches) > 1:
        orgs = "、".join(u.organization.name for u in matches)
        raise StoreError(f"单位 {name} 在多个机构中都有（{orgs}），请用 --org 指定机构")
    return matches[0]


def delivery_label(d: dict) -> str:
    if d["skipped"]:
        return f"未发（{d['detail']}）"
    return "成功" if d["ok"] else "失败 " + d["detail"]


def server_config(app, settings: Settings):
    """How `duban serve` runs the app. ``proxy_headers`` is off: uvicorn would otherwise believe
    X-Forwarded-For from loopback; the app reads it only from DUBAN_TRUSTED_PROXIES
    (``duban.web.security.client_address``)."""
    import uvicorn
    return uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info", proxy_headers=False,
                          server_header=False)


def run_server(settings: Settings) -> None:
    import uvicorn

    from duban.web.app import create_app
    try:
        app = create_app(settings)
    except StoreError as exc:
        fail(str(exc))
    uvicorn.Server(server_config(app, settings)).run()


def demo_directory(explicit: Path | None) -> Path:
    """A new directory each run: under the user's data directory, else a temp directory."""
    if explicit is not None:
        return explicit
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = Path(platformdirs.user_data_dir("duban", appauthor=False)) / "demo"
    try:
        base.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=base))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"duban-demo-{stamp}-"))


def print_accounts(console: Console, demo, url: str) -> None:
    table = Table(title="演示账号（密码仅显示这一次）")
    for col in ("用户名", "密码", "角色", "责任单位"):
        table.add_column(col)
    for a in demo.accounts:
        table.add_row(a.username, a.password, ROLE_LABELS.get(a.role, a.role), a.unit or "")
    console.print(table)
    console.print(f"数据库: [bold]{demo.path}[/bold]")
    if demo.open_round:
        console.print(f"已开启报送轮次: {demo.open_round}（填报人登录后在“我的任务”填报）")
    console.print(f"工作台地址: [bold]{url}[/bold]  （接口文档 {url}api/docs，政务公开 {url}open/）")


VERDICT_LABELS = {"done": "已完成", "in_progress": "推进中", "not_started": "未启动", "unclear": "无法判断"}


def assess_paths(paths: list[Path]) -> list[dict]:
    """Each readable progress document assessed; every other file is one error line."""
    from duban.commands.parse_cmds import error_line, parse_paths
    from duban.work.assessment import assess_document, has_progress
    results = []
    for doc in parse_paths(paths):
        data = doc.to_dict()
        if not has_progress(data):
            error_line(doc.source, "没有进展情况文字，不是进展情况表或绩效任务完成情况，无法评估")
            continue
        results.append(assess_document(data))
    return results


def print_assessment(result: dict, console: Console) -> None:
    console.print(f"[bold]{result['source']}[/bold]  进展评估（机器建议，须经审核确认）")
    table = Table()
    for col in ("序号", "判断", "具体", "完成量", "依据"):
        table.add_column(col)
    for t in result["tasks"]:
        amounts = "；".join(f"{a['value']:g}{a['unit'] or ''}" + ("→目标" if a["target"] else "")
                           for a in t["achievements"][:4])
        table.add_row(str(t["seq"]), VERDICT_LABELS[t["verdict"]], "是" if t["specific"] else "否（应退回）",
                      amounts, t["why"])
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("assess")
    def assess_command(
        paths: list[Path] = typer.Argument(..., help="进展情况表或绩效任务完成情况（.txt .html .docx .xlsx .pdf）"),
        as_json: bool = typer.Option(False, "--json", help="输出 duban.assessment/1 JSON"),
    ) -> None:
        """评估进展：每项任务报告的完成量、对应目标、判断（已完成/推进中/未启动/无法判断）和理由。"""
        get_settings()
        results = assess_paths(paths)
        if as_json:
            if results or len(paths) > 1:
                out = results[0] if len(paths) == 1 else results
                print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            console = Console()
            for result in results:
                print_assessment(result, console)
        if not results:
            raise typer.Exit(2)

    @app.command("serve")
    def serve_command(
        host: str = typer.Option(None, help="监听地址（默认 DUBAN_HOST 或 127.0.0.1）"),
        port: int = typer.Option(None, help="端口（默认 DUBAN_PORT 或 8000）"),
    ) -> None:
        """启动督办工作台（网页）。"""
        settings = get_settings()
        settings = replace(settings, host=host or settings.host, port=port or settings.port)
        run_server(settings)

    @app.command("demo")
    def demo_command(
        directory: Path = typer.Option(None, "--dir", help="演示数据库所在目录（默认在用户数据目录新建）"),
        no_serve: bool = typer.Option(False, "--no-serve", help="只准备数据库和账号，不启动服务"),
        host: str = typer.Option(None, help="监听地址（默认 127.0.0.1）"),
        port: int = typer.Option(None, help="端口（默认 8000）"),
    ) -> None:
        """用内置的五份示例文件建一个新的演示库，创建演示账号，并启动工作台。"""
        from duban.work.demo import prepare_demo
        console = Console()
        target = demo_directory(directory)
        try:
            with console.status("正在导入示例文件并创建账号…"):
                demo = prepare_demo(target)
        except (StoreError, SQLAlchemyError, OSError) as exc:
            fail(f"{target}: {exc}")
        for result in demo.imports:
            console.print(f"  {Path(result.path).name}: {result.message}")
        if demo.confirmed:
            console.print(f"  演示督查室已逐项确认导入轮次的{demo.confirmed}项系统建议状态（见各任务的操作记录）")
        failed = [r for r in demo.imports if r.status == "failed"]
        settings = replace(get_settings(), database_url=demo.database_url)
        settings = replace(settings, host=host or settings.host, port=port or settings.port)
        print_accounts(console, demo, f"http://{settings.host}:{settings.port}/")
        if failed:
            fail(f"{len(failed)} 个示例文件导入失败", 2)
        if not no_serve:
            run_server(settings)

    @app.command("remind")
    def remind_command(
        dry_run: bool = typer.Option(False, "--dry-run", help="只列出将要发送的催办，不发送、不记录"),
        today: str = typer.Option(None, help="按这一天计算（YYYY-MM-DD，默认今天）"),
        as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    ) -> None:
        """催办：向报送截止前后若干天仍未报送的单位发送提醒（同一单位同一轮次每天最多一次）。"""
        from duban.work.remind_store import run_reminders
        settings = get_settings()
        try:
            day = date.fromisoformat(today) if today else date.today()
        except ValueError:
            fail(f"--today {today}: 日期格式应为 YYYY-MM-DD", 2)
        try:
            with session_scope(settings.database_url) as session:
                sent = run_reminders(session, settings, today=day, actor="remind", dry_run=dry_run)
                rows = [s.to_dict() for s in sent]
        except (StoreError, SQLAlchemyError) as exc:
            fail(str(exc).splitlines()[0])
        if as_json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        console = Console()
        if not rows:
            console.print("今天没有需要催办的单位。")
            return
        table = Table(title=("将要催办（演练，未发送）" if dry_run else "已催办") + f"  {day.isoformat()}")
        for col in ("单位", "轮次", "截止", "未报送任务", "邮件收件人", "发送结果"):
            table.add_column(col)
        for r in rows:
            result = "；".join(f"{d['channel']}:{delivery_label(d)}"
                              for d in r["deliveries"]) or ("—" if dry_run else "未配置发送渠道（已记录）")
            table.add_row(r["unit"], r["round"], r["due"], str(len(r["tasks"])),
                          "、".join(r["recipients"]) or NO_ADDRESS, result)
        console.print(table)
        if any(not d["ok"] and not d["skipped"] for r in rows for d in r["deliveries"]):
            raise typer.Exit(1)

    @users_app.command("list")
    def users_list(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
        """列出工作台账号。"""
        try:
            with session_scope() as session:
                rows = [{"username": u.username, "role": u.role, "unit": u.unit.name if u.unit else None,
                         "email": u.email, "active": u.active} for u in session.scalars(select(User).order_by(User.id))]
        except (StoreError, SQLAlchemyError) as exc:
            fail(str(exc).splitlines()[0])
        if as_json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        table = Table()
        for col in ("用户名", "角色", "责任单位", "邮箱", "启用"):
            table.add_column(col)
        for r in rows:
            table.add_row(r["username"], ROLE_LABELS.get(r["role"], r["role"]), r["unit"] or "", r["email"] or "",
                          "是" if r["active"] else "否")
        Console().print(table)

    @users_app.command("add")
    def users_add(
        username: str = typer.Argument(..., help="用户名"),
        role: str = typer.Option("viewer", help="admin / reporter / viewer"),
        unit: str = typer.Option(None, help="填报人所属责任单位名称（或别名）"),
        org: str = typer.Option(None, "--org", help="单位所属机构（库中有多个机构、单位重名时必填）"),
        email: str = typer.Option(None, help="邮箱：催办邮件发给本单位填报人的邮箱（未填时，用户名是邮箱地址的用该地址）"),
        password: str = typer.Option(None, help="密码（默认交互输入；留空则随机生成并显示）"),
    ) -> None:
        """新建工作台账号。"""
        password = ask_password(password)
        shown = not password
        password = password or random_password()
        try:
            with session_scope() as session:
                unit_id = unit_for_account(session, unit, org).id if unit else None
                if role == "reporter" and unit_id is None:
                    fail("填报人必须用 --unit 指定责任单位", 2)
                create_user(session=session, actor=actor(), username=username, password=password, role=role,
                            unit_id=unit_id, email=email)
        except (StoreError, SQLAlchemyError) as exc:
            fail(str(exc).splitlines()[0], 2 if isinstance(exc, StoreError) else 1)
        print(f"已创建 {username}（{ROLE_LABELS.get(role, role)}）" + (f"，密码 {password}" if shown else ""))

    @users_app.command("passwd")
    def users_passwd(
        username: str = typer.Argument(..., help="用户名"),
        password: str = typer.Option(None, help="新密码（默认交互输入；留空则随机生成并显示）"),
    ) -> None:
        """修改密码；该账号已登录的会话全部失效。"""
        password = ask_password(password, "新密码（直接回车则随机生成）: ")
        shown = not password
        password = password or random_password()
        try:
            with session_scope() as session:
                user = user_by_name(session, username)
                change_password(session, actor=actor(), user_id=user.id, password=password)
        except (StoreError, SQLAlchemyError) as exc:
            fail(str(exc).splitlines()[0], 2 if isinstance(exc, StoreError) else 1)
        print(f"已修改 {username} 的密码，原有登录已全部失效" + (f"；新密码 {password}" if shown else ""))

    def switch(username: str, active: bool) -> None:
        try:
            with session_scope() as session:
                set_active(session, actor=actor(), user_id=user_by_name(session, username).id, active=active)
        except (StoreError, SQLAlchemyError) as exc:
            fail(str(exc).splitlines()[0], 2 if isinstance(exc, StoreError) else 1)
        print(f"已启用 {username}" if active else f"已停用 {username}，其登录已全部失效")

    @users_app.command("disable")
    def users_disable(username: str = typer.Argument(..., help="用户名")) -> None:
        """停用账号：不能再登录，已登录的会话立即失效。"""
        switch(username, False)

    @users_app.command("enable")
    def users_enable(username: str = typer.Argument(..., help="用户名")) -> None:
        """重新启用已停用的账号。"""
        switch(username, True)

    app.add_typer(users_app, name="users")

    @review_app.command("confirm")
    def review_confirm(
        round_id: int = typer.Option(..., "--round", help="轮次编号（duban plans 列出各计划的轮次）"),
        everything: bool = typer.Option(False, "--all", help="确认本轮全部系统建议"),
        seqs: list[int] = typer.Option(None, "--task", help="只确认这些序号的任务（可重复）"),
        who: str = typer.Option(None, "--actor", help="记入操作记录的确认人（默认 cli:当前系统用户）"),
        as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    ) -> None:
        """逐项确认系统建议：不加 --all 或 --task 时只列出建议及理由，不做更改。"""
        from duban.work.confirm import confirm_suggestions, suggestions
        moment = datetime.now()
        try:
            with session_scope() as session:
                shown = suggestions(session, round_id, moment)
                chosen = shown if everything else [s for s in shown if seqs and s.seq in seqs]
                missing = sorted(set(seqs or ()) - {s.seq for s in shown})
                if missing:
                    fail(f"轮次 {round_id} 中第{'、'.join(map(str, missing))}项没有待确认的系统建议")
                result = (confirm_suggestions(session, actor=who or actor(), round_id=round_id,
                                              keys=[s.key for s in chosen], now=moment) if chosen else None)
        except (StoreError, SQLAlchemyError) as exc:
            fail(str(exc).splitlines()[0])
        if as_json:
            print(json.dumps({"suggestions": [s.to_dict() for s in shown],
                              "confirmed": result.confirmed if result else [],
                              "skipped": result.skipped if result else []}, ensure_ascii=False, indent=2))
            return
        console = Console()
        if result is not None:
            console.print(result.message())
            return
        if not shown:
            console.print(f"轮次 {round_id} 没有待确认的系统建议。")
            return
        table = Table(title=f"轮次 {round_id} 待确认的系统建议（{len(shown)}项，未做更改）")
        for col in ("序号", "任务", "单位", "系统建议", "理由"):
            table.add_column(col)
        for s in shown:
            table.add_row(str(s.seq or ""), s.label, s.unit_name, s.status.label, s.reason)
        console.print(table)
        console.print("确认全部：加 --all；逐项确认：加 --task 序号（可重复）。")

    app.add_typer(review_app, name="review")
