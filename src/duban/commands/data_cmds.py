"""Commands of the ledger: ``db upgrade``, ``import``, ``units``, ``search``, ``plans``, ``tasks``, ``task``, ``stats``.

Each view prints a rich table, or with ``--json`` the same data as JSON; every
failure is one line ``duban: …`` on standard error and a non-zero exit.
"""
from __future__ import annotations

import functools
import getpass
import json
import sys
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from duban.store import db as store_db
from duban.store import queries
from duban.store.db import StoreError, session_factory, session_scope
from duban.store.models import Assignment, Organization, Task, Unit, UnitGroupMember
from duban.store.search import search, snippet
from duban.store.services import units as unit_services
from duban.store.services.imports import find_org, import_file
from duban.work.states import state_label
from duban.work.status import STATUS_ORDER

STATUS_LABELS = {s.value: s.label for s in STATUS_ORDER}
ROLE_LABELS = {"lead": "主责", "co": "配合"}

db_app = typer.Typer(help="数据库结构管理。", no_args_is_help=True)
units_app = typer.Typer(help="单位名录：列表、详情、联系邮箱、别名、合并、单位组。", no_args_is_help=True)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli"


def fail(message: str, code: int = 1) -> None:
    print(f"duban: {message}", file=sys.stderr)
    raise typer.Exit(code)


def store_command(fn):
    """Turn store and database errors into the one-line message."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StoreError as exc:
            fail(str(exc))
        except SQLAlchemyError as exc:
            fail(f"数据库错误: {str(exc.orig if getattr(exc, 'orig', None) else exc).splitlines()[0]}")
    return wrapper


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def org_id_of(session, name: str | None) -> int | None:
    org = find_org(session=session, name=name)
    if org is None and name:
        raise StoreError(f"没有机构 {name}")
    return org.id if org else None


def existing_org_id(session, name: str | None) -> int:
    """The organization a unit command works on; there must be one."""
    org_id = org_id_of(session, name)
    if org_id is None:
        raise StoreError("数据库中还没有机构")
    return org_id


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """Rich markup with the spans highlighted (the text itself escaped)."""
    out, pos = [], 0
    for s, e in spans:
        out.append(escape(text[pos:s]))
        out.append(f"[bold yellow]{escape(text[s:e])}[/bold yellow]")
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def short(text: str | None, width: int = 60) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


# ---- db -----------------------------------------------------------------------------------------

@db_app.command("upgrade")
@store_command
def db_upgrade() -> None:
    """把数据库结构升级到最新版本（新数据库首次使用时也会自动升级）。"""
    engine = store_db.make_engine(None)
    try:
        before, after = store_db.upgrade(engine)
    finally:
        engine.dispose()
    url = engine.url.render_as_string(hide_password=True)
    print(f"数据库已是最新版本（{after}）: {url}" if before == after else f"数据库已升级 {before or '空'} → {after}: {url}")


# ---- import -------------------------------------------------------------------------------------

def import_command(
    paths: list[Path] = typer.Argument(..., help="要导入的文件"),
    org: str | None = typer.Option(None, "--org", help="机构名称（数据库只有一个机构时可省略）"),
    plan: str | None = typer.Option(None, "--plan", help="导入到此标题的计划（默认按年份和任务来源确定）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """解析并导入文件：每个文件一个事务；同一文件重复导入不会改变数据库。"""
    factory = session_factory()
    results = []
    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True, disable=not err.is_terminal) as progress:
        overall = progress.add_task("导入文件", total=len(paths))
        for path in paths:
            rows = progress.add_task(f"  {path.name}", total=None)
            result = import_file(
                session_factory=factory, path=path, org_name=org, plan_title=plan, actor=actor(),
                on_parsed=lambda doc, rows=rows: progress.update(rows, total=max(len(doc.tasks), 1)),
                on_row=lambda n, rows=rows: progress.update(rows, completed=n))
            progress.remove_task(rows)
            progress.advance(overall)
            results.append(result)
            if result.status == "failed":
                print(f"duban: {path}: {result.message}", file=sys.stderr)
            elif not as_json:
                print(f"{path}: {result.message}")
                if result.status == "imported" and result.round_id:
                    stated, reports = result.counts.get("stated", 0), result.counts.get("reports", 0)
                    rest = "其余" if stated else ""
                    if stated:
                        print(f"  {stated}项的状态取自来源文件所印（状态依据：来源文件）；所印词语对应不到状态的仍待确认："
                              f"duban review confirm --round {result.round_id}")
                    if stated < reports or not stated:
                        print(f"  {rest}进展状态尚未经人确认（对外显示为未评估）：duban review confirm --round "
                              f"{result.round_id} 列出系统建议，核对后确认")
    if as_json:
        print_json([{"path": r.path, "status": r.status, "message": r.message, "plan_id": r.plan_id,
                     "round_id": r.round_id, "counts": r.counts} for r in results])
    if results and all(r.status == "failed" for r in results):
        raise typer.Exit(2)


# ---- units --------------------------------------------------------------------------------------

@units_app.command("list")
@store_command
def units_list(
    proposals: bool = typer.Option(False, "--proposals", help="列出可能是同一单位的名称（需人工确认）"),
    org: str | None = typer.Option(None, "--org", help="机构名称"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出单位（或别名建议）；不指定 --org 时列出所有机构的单位。"""
    with session_scope() as session:
        org_ids = [org_id_of(session, org)] if org else list(session.scalars(select(Organization.id)))
        if proposals:
            found = [(oid, p) for oid in org_ids for p in unit_services.alias_proposals(session=session, org_id=oid)]
            if as_json:
                print_json([{"org_id": oid, "name": p.name, "other": p.other, "score": p.score, "reason": p.reason}
                            for oid, p in found])
                return
            table = Table(title="可能的别名（确认后用 duban units alias 或 merge）")
            for col in ("名称", "可能相同", "相似度", "理由"):
                table.add_column(col)
            for _, p in found:
                table.add_row(p.name, p.other, f"{p.score:.0f}", p.reason)
            Console().print(table)
            return
        units = session.scalars(select(Unit).where(Unit.org_id.in_(org_ids))
                                .order_by(Unit.org_id, Unit.is_group, Unit.kind, Unit.name)).all()
        counts = dict(session.execute(select(Assignment.unit_id, func.count()).group_by(Assignment.unit_id)).all())
        data = [{"id": u.id, "name": u.name, "kind": u.kind, "is_group": u.is_group,
                 "aliases": [a.alias for a in u.aliases], "email": u.email,
                 "tasks": counts.get(u.id, 0),
                 "members": [m.name for m in u.members] if u.is_group else None} for u in units]
    if as_json:
        print_json(data)
        return
    table = Table(title=f"单位（{len(data)}）")
    for col in ("ID", "名称", "类别", "别名", "任务数 / 成员"):  # a group shows its members
        table.add_column(col)
    for u in data:
        extra = ("、".join(u["members"]) or "（无成员）") if u["is_group"] else str(u["tasks"])
        table.add_row(str(u["id"]), u["name"], "单位组·" + u["kind"] if u["is_group"] else u["kind"],
                      "、".join(u["aliases"]), short(extra, 50))
    Console().print(table)


@units_app.command("show")
@store_command
def units_show(name: str = typer.Argument(..., help="单位名称或别名"),
               org: str | None = typer.Option(None, "--org", help="机构名称"),
               as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """单位详情：别名、所属单位组、承担的任务。"""
    with session_scope() as session:
        org_id = org_id_of(session, org)
        unit = unit_services.get_unit(session=session, org_id=org_id, name=name) if org_id else None
        if unit is None:
            raise StoreError(f"没有单位 {name}")
        groups = session.scalars(select(Unit.name).join(UnitGroupMember, UnitGroupMember.group_id == Unit.id)
                                 .where(UnitGroupMember.member_id == unit.id).order_by(Unit.name)).all()
        tasks = queries.list_tasks(session=session, unit=unit.name)
        data = {"id": unit.id, "name": unit.name, "kind": unit.kind, "is_group": unit.is_group,
                "aliases": [a.alias for a in unit.aliases], "email": unit.email, "groups": list(groups),
                "members": [m.name for m in unit.members],
                "tasks": [{"id": t.id, "plan": t.plan.title, "seq": t.seq, "ref": t.ref,
                           "role": next((a.role for a in t.assignments if a.unit_id == unit.id), "group"),
                           "content": t.content} for t in tasks]}
    if as_json:
        print_json(data)
        return
    console = Console()
    console.print(f"[bold]{escape(data['name'])}[/bold]  {data['kind']}" + ("  单位组" if data["is_group"] else ""))
    if data["email"]:
        console.print(f"联系邮箱: {escape(data['email'])}")
    for label, key in (("别名", "aliases"), ("所属单位组", "groups"), ("成员", "members")):
        if data[key]:
            console.print(f"{label}: {escape('、'.join(data[key]))}")
    table = Table(title=f"任务（{len(data['tasks'])}）")
    for col in ("ID", "计划", "序号", "角色", "内容"):
        table.add_column(col)
    for t in data["tasks"]:
        table.add_row(str(t["id"]), t["plan"], str(t["seq"] or ""), ROLE_LABELS.get(t["role"], "单位组"),
                      short(t["content"]))
    console.print(table)


@units_app.command("alias")
@store_command
def units_alias(alias: str = typer.Argument(..., help="别名（另一种写法）"),
                unit: str = typer.Argument(..., help="已有单位的名称"),
                org: str | None = typer.Option(None, "--org", help="机构名称")) -> None:
    """把 ALIAS 记为单位 UNIT 的另一种写法；以后导入时自动识别。"""
    with session_scope() as session:
        org_id = existing_org_id(session, org)
        unit_services.add_alias(session=session, org_id=org_id, alias=alias, unit_name=unit, actor=actor())
    print(f"已记录: {alias} = {unit}")


@units_app.command("email")
@store_command
def units_email(unit: str = typer.Argument(..., help="单位名称或别名"),
                address: str | None = typer.Argument(None, help="联系邮箱（省略则清除）"),
                org: str | None = typer.Option(None, "--org", help="机构名称")) -> None:
    """设置单位的联系邮箱：催办邮件除发给本单位填报人外，也发到这个地址（没有账号的单位靠它收催办）。"""
    with session_scope() as session:
        org_id = existing_org_id(session, org)
        found = unit_services.set_unit_email(session=session, org_id=org_id, name=unit, email=address, actor=actor())
        print(f"{found.name} 联系邮箱: {found.email}" if found.email else f"{found.name} 已清除联系邮箱")


@units_app.command("merge")
@store_command
def units_merge(source: str = typer.Argument(..., help="被合并的单位"),
                target: str = typer.Argument(..., help="保留的单位"),
                org: str | None = typer.Option(None, "--org", help="机构名称")) -> None:
    """把单位 SOURCE 并入 TARGET：任务、进展、用户随之转移，SOURCE 成为别名。"""
    with session_scope() as session:
        org_id = existing_org_id(session, org)
        unit_services.merge_units(session=session, org_id=org_id, source=source, target=target, actor=actor())
    print(f"已合并: {source} → {target}")


@units_app.command("group")
@store_command
def units_group(name: str | None = typer.Argument(None, help="单位组名称（省略则列出全部单位组）"),
                add: list[str] = typer.Option([], "--add", help="加入的成员单位（可重复）"),
                remove: list[str] = typer.Option([], "--remove", help="移出的成员单位（可重复）"),
                org: str | None = typer.Option(None, "--org", help="机构名称"),
                as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """查看或编辑单位组（如“各街道办事处”）的成员。"""
    with session_scope() as session:
        org_id = org_id_of(session, org)
        if name and (add or remove):
            if org_id is None:
                raise StoreError("数据库中还没有机构")
            groups = [unit_services.edit_group(session=session, org_id=org_id, group=name, add=add, remove=remove,
                                               actor=actor())]
        elif name:
            groups = [unit_services.get_unit(session=session, org_id=org_id, name=name)] if org_id else []
            if not groups:
                raise StoreError(f"没有单位组 {name}")
        else:
            stmt = select(Unit).where(Unit.is_group.is_(True)).order_by(Unit.name)
            groups = session.scalars(stmt.where(Unit.org_id == org_id) if org_id else stmt).all()
        data = [{"id": g.id, "name": g.name, "kind": g.kind, "members": [m.name for m in g.members]} for g in groups]
    if as_json:
        print_json(data)
        return
    table = Table(title="单位组")
    for col in ("ID", "名称", "类别", "成员"):
        table.add_column(col)
    for g in data:
        table.add_row(str(g["id"]), g["name"], g["kind"], "、".join(g["members"]) or "（无成员）")
    Console().print(table)


# ---- search and views ---------------------------------------------------------------------------

@store_command
def search_command(
    query: str = typer.Argument(..., help="检索词（中文自动分词）"),
    year: int | None = typer.Option(None, "--year", help="只看该年份的计划"),
    unit: str | None = typer.Option(None, "--unit", help="只看该单位（名称或别名）"),
    limit: int = typer.Option(20, "--limit", help="最多显示条数"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（纯文本与高亮位置）"),
) -> None:
    """检索各年份、各计划的任务内容和进展情况，按相关度排序并高亮命中词。"""
    with session_scope() as session:
        hits = search(session=session, query=query, year=year, unit=unit, limit=limit)
    if as_json:
        print_json([h.to_dict() for h in hits])
        return
    if not hits:
        print(f"没有找到: {query}")
        return
    table = Table(title=f"检索“{escape(query)}”：{len(hits)} 条", expand=True)
    for col in ("年份", "计划", "序号", "来源", "单位"):
        table.add_column(col, ratio=1)
    table.add_column("内容", ratio=5)
    for h in hits:
        text, spans = snippet(h)
        source = "任务" if h.kind == "task" else f"进展·{h.round}"
        table.add_row(str(h.year or ""), escape(h.plan), str(h.seq or ""), escape(source), escape(h.unit or ""),
                      marked(text, spans))
    Console().print(table)


def plan_dict(plan) -> dict:
    return {"id": plan.id, "year": plan.year, "title": plan.title, "source": plan.source, "kind": plan.kind}


@store_command
def plans_command(as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
                  org: str | None = typer.Option(None, "--org", help="机构名称")) -> None:
    """列出计划（任务清单）及其报送轮次。"""
    with session_scope() as session:
        org_id = org_id_of(session, org) if org else None
        data = []
        for plan in queries.list_plans(session=session, org_id=org_id):
            rounds = queries.rounds_of_plan(session=session, plan_id=plan.id)
            data.append({**plan_dict(plan), "rounds": [
                {"id": r.id, "label": r.label, "start": r.start, "end": r.end, "due": r.due, "state": r.state}
                for r in rounds]})
    if as_json:
        print_json(data)
        return
    table = Table(title=f"计划（{len(data)}）")
    for col in ("ID", "年份", "标题", "任务来源", "报送轮次"):
        table.add_column(col)
    for p in data:
        table.add_row(str(p["id"]), str(p["year"] or ""), p["title"], p["source"],
                      "、".join(f"{r['label']}（{state_label(r['state'])}）" for r in p["rounds"]))
    Console().print(table)


@store_command
def tasks_command(
    plan: int | None = typer.Option(None, "--plan", help="计划 ID"),
    unit: str | None = typer.Option(None, "--unit", help="责任单位（名称或别名）"),
    status: str | None = typer.Option(None, "--status", help="最新一轮进展状态: " + ", ".join(STATUS_LABELS)),
    year: int | None = typer.Option(None, "--year", help="年份"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出任务，可按计划、单位、状态、年份筛选。"""
    if status and status not in STATUS_LABELS:
        raise StoreError(f"未知状态 {status}（可选: {', '.join(STATUS_LABELS)}）")
    from duban.work.readmodel import task_rows
    with session_scope() as session:
        tasks = queries.list_tasks(session=session, plan_id=plan, unit=unit, year=year)
        rows = [r for r in task_rows(session, tasks, datetime.now()) if not status or r.status.value == status]
        data = [r.to_dict() for r in rows]
    if as_json:
        print_json(data)
        return
    table = Table(title=f"任务（{len(data)}）")
    for col in ("ID", "计划", "序号", "依据/名称", "内容", "责任单位", "状态"):
        table.add_column(col)
    for t in data:
        table.add_row(str(t["id"]), t["plan"], str(t["seq"] or ""), t["ref"] or t["name"] or "", short(t["content"], 50),
                      "、".join(u["name"] for u in t["units"]), t["status_label"])
    Console().print(table)


def task_detail(session, task_id: int) -> dict:
    task = session.get(Task, task_id)
    if task is None:
        raise StoreError(f"没有任务 {task_id}")
    history = queries.task_history(session=session, task_id=task.id)
    goals = {g.id: g.text for g in task.goals}
    return {
        **{k: getattr(task, k) for k in ("id", "plan_id", "seq", "ref", "ref_no", "name", "content", "deadline",
                                         "parent_id")},
        "plan": plan_dict(task.plan),
        "units": [{"name": u.name, "role": role} for u, role in queries.task_units(task)],
        "goals": [g.text for g in task.goals],
        "targets": [{"text": q.text, "metric": q.metric, "value": q.value, "unit": q.unit, "qualifier": q.qualifier,
                     "goal": goals.get(q.goal_id)} for q in task.targets],
        "progress": [{"round": r.round.label, "start": r.round.start, "end": r.round.end,
                      "unit": r.unit.name if r.unit else None, "state": r.state, "status": r.status,
                      "version": r.version, "author": r.author, "created_at": r.created_at, "items": r.items,
                      "achievements": r.achievements, "reviewer_comment": r.reviewer_comment} for r in history],
    }


@store_command
def task_command(task_id: int = typer.Argument(..., help="任务 ID"),
                 as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """任务详情：内容、目标、责任单位，以及各轮进展（按时间顺序）。"""
    with session_scope() as session:
        data = task_detail(session, task_id)
    if as_json:
        print_json(data)
        return
    console = Console()
    head = data["ref"] or data["name"] or ""
    console.print(f"[bold]任务 {data['id']}[/bold]  {escape(data['plan']['title'])}  第{data['seq'] or '?'}项  {escape(head)}")
    rows = [("内容", data["content"]),
            ("责任单位", "、".join(f"{u['name']}（{ROLE_LABELS[u['role']]}）" for u in data["units"]))]
    rows += [("完成时限", str(data["deadline"]))] if data["deadline"] else []
    rows += [(f"目标{i}", goal) for i, goal in enumerate(data["goals"], 1)]
    console.print(labelled(rows))
    if data["targets"]:
        table = Table(title="目标值")
        for col in ("原文", "数值", "单位", "限定"):
            table.add_column(col)
        for q in data["targets"]:
            table.add_row(escape(q["text"]), "" if q["value"] is None else f"{q['value']:g}", q["unit"] or "",
                          q["qualifier"] or "")
        console.print(table)
    if not data["progress"]:
        console.print("（尚无进展）")
    for p in data["progress"]:
        console.print(f"\n[bold]{escape(p['round'])}[/bold]  {escape(p['unit'] or '')}  "
                      f"{state_label(p['state'])}  {STATUS_LABELS.get(p['status'] or 'unassessed', p['status'])}  "
                      f"第{p['version']}版")
        console.print(labelled([(f"{i}.", str(item)) for i, item in enumerate(p["items"], 1) if item]))


def labelled(rows: list[tuple[str, str]]) -> Table:
    """Label and text side by side, the text folding under itself (Chinese has no spaces to wrap at)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(ratio=1, overflow="fold")
    for label, text in rows:
        grid.add_row(escape(label), escape(text))
    return grid


@store_command
def stats_command(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """每个计划的任务数、单位数、轮次数、进展数，以及当前轮次的任务状态统计。"""
    from duban.work.readmodel import plan_rows
    with session_scope() as session:
        data = [r.to_dict() for r in plan_rows(session, queries.plan_stats(session=session), datetime.now())]
    if as_json:
        print_json(data)
        return
    table = Table(title="统计（当前轮次经人确认的状态；系统建议计为未评估）")
    for col in ("ID", "年份", "计划", "任务", "单位", "轮次", "进展", "当前轮次", "状态"):
        table.add_column(col, justify="right" if col in ("任务", "单位", "轮次", "进展") else "left")
    for s in data:
        counts = "、".join(f"{row['label']}{row['count']}" for row in s["summary"]["statuses"] if row["count"])
        if s["summary"]["suggested"]:  # counted as 未评估 until a person confirms them
            counts += f"（其中系统建议待确认{s['summary']['suggested']}）"
        current = f"{s['round']}（{s['round_state_label']}）" if s["round"] else "—"
        table.add_row(str(s["id"]), str(s["year"] or ""), s["title"], str(s["tasks"]), str(s["units"]),
                      str(s["rounds"]), str(s["reports"]), current, counts or "—")
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(units_app, name="units")
    app.command("import")(store_command(import_command))
    app.command("search")(search_command)
    app.command("plans")(plans_command)
    app.command("tasks")(tasks_command)
    app.command("task")(task_command)
    app.command("stats")(stats_command)

