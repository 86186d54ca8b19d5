"""Commands of the publish area: ``export`` (official tables), ``notice`` (通报), ``publish`` (public site).

Every failure is one line ``duban: …: reason`` on standard error and a non-zero
exit; an output file is written only once the whole file has been built, so a
failed export never leaves half a file behind.
"""
from __future__ import annotations

import functools
import os
import sys
from datetime import datetime
from pathlib import Path

import typer
from sqlalchemy.exc import SQLAlchemyError

from duban.export.json_document import document_json
from duban.export.registry import EXPORTERS, format_for_path, get_exporter
from duban.export.table import ExportError, table_from_document
from duban.fileio import replace_file
from duban.parse import Document, ParseError
from duban.parse.budget import parse_file_bounded


class CommandError(Exception):
    """A failure with the subject the user named (a file, a plan), printed as ``duban: subject: reason``."""

    def __init__(self, subject: str, reason: str):
        super().__init__(f"{subject}: {reason}")


def one_line_errors(subject: str):
    """Whatever goes wrong inside a command becomes one line naming ``subject``; never a traceback."""
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            from duban.store.db import StoreError

            try:
                return fn(*args, **kwargs)
            except CommandError as exc:
                message = str(exc)
            except (ExportError, StoreError, ParseError) as exc:
                message = f"{subject}: {exc}"
            except SQLAlchemyError as exc:
                first = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                message = f"{subject}: 数据库错误: {first}"
            except OSError as exc:
                message = f"{exc.filename or subject}: {exc.strerror or exc}"
            print(f"duban: {message}", file=sys.stderr)
            raise typer.Exit(1)
        return wrapper
    return decorate


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` (``-`` for standard output) through a temporary file and a rename."""
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise CommandError(path, "是目录，请给出文件名")
    if not target.parent.exists():
        raise CommandError(path, f"目录 {target.parent} 不存在")
    replace_file(target, data, readable_by_others=True)


def choose_format(fmt: str | None, output: str) -> str:
    chosen = fmt or format_for_path(output)
    if not chosen:
        raise CommandError(output, f"请用 --format 指定格式（{'、'.join(EXPORTERS)}）")
    return chosen.lower()


def document_from_file(path: Path) -> Document:
    try:
        return parse_file_bounded(path)
    except ParseError as exc:
        raise CommandError(str(path), str(exc)) from None


def export_from_database(plan: str, round_: str | None, unit: str | None, fmt: str,
                         now: datetime) -> tuple[bytes, int]:
    """The stored round as a file: the contract JSON, or the official table with titles, the date
    line and column names of the imported source and each task's confirmed status."""
    from duban.export.json_document import document_json
    from duban.export.store_table import document_from_store, find_plan, source_layout, table_from_store
    from duban.store.queries import session_scope

    exporter = get_exporter(fmt)
    with session_scope() as session:
        found = find_plan(session, plan)
        rnd = pick_round(session, found, round_)
        if exporter.format == "json":
            doc = document_from_store(session, found, rnd, unit)
            doc.layout, _ = source_layout(session, found, rnd)
            return document_json(doc), len(doc.tasks)
        table = table_from_store(session, found.id, rnd.id, unit, now=now)
    return exporter.render(table), len(table.rows)


def pick_round(session, plan, round_: str | None, *, allow_empty: bool = False):
    """The named round; else the plan's latest, refused while no unit has reported in it
    (an export of an empty 进展情况 column is asked for by naming the round). A notice may be
    about a round nobody reported in: it says so."""
    from duban.export.store_table import find_round, reported_tasks
    from duban.work import ledger

    if round_:
        return find_round(session, plan, round_)
    rounds = ledger.rounds_of(session, plan.id)
    if not rounds:
        raise CommandError(f"计划 {plan.title}", "还没有轮次")
    latest = rounds[-1]
    if not allow_empty and reported_tasks(session, latest) == 0:
        earlier = [r for r in rounds[:-1] if reported_tasks(session, r)]
        hint = f"导出有报送的“{earlier[-1].label}”请用 --round {earlier[-1].id}；" if earlier else ""
        raise CommandError(f"计划 {plan.title}",
                           f"最近一轮“{latest.label}”还没有单位报送进展，表格的进展情况将是空的；"
                           f"{hint}确要导出这一轮请用 --round {latest.id}")
    return latest


def render(doc: Document, fmt: str, subject: str) -> tuple[bytes, int]:
    """The file's bytes and the number of tasks in it; JSON carries any document, tables need tasks."""
    exporter = get_exporter(fmt)
    if exporter.format == "json":
        return document_json(doc), len(doc.tasks)
    try:
        table = table_from_document(doc)
    except ExportError as exc:
        raise CommandError(subject, str(exc)) from None
    return exporter.render(table), len(table.rows)


def parse_now(value: str | None) -> datetime:
    if not value:
        return datetime.now()
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(value, "日期格式应为 YYYY-MM-DD") from None


PLAN_HELP = "计划编号或标题"
ROUND_OPTION = typer.Option(None, "--round", help="轮次编号或名称（默认最近一轮）")
NOW_OPTION = typer.Option(None, "--now", help="按此时刻判断状态（YYYY-MM-DD），默认现在")


org_app = typer.Typer(help="机构设置：政府全称、发文机关、主送机关（印在表格、通报和文件属性上）。", no_args_is_help=True)


def org_lines(org) -> list[str]:
    from duban.store.services.orgs import SETTINGS

    lines = [f"机构: {org.name}"]
    lines += [f"{label}: {getattr(org, key) or '（未设置）'}" for key, label in SETTINGS.items()]
    return lines


@org_app.command("show")
@one_line_errors("org")
def org_show(org: str | None = typer.Option(None, "--org", help="机构名称（只有一个机构时可省略）")) -> None:
    """显示机构设置。"""
    from duban.store.queries import session_scope

    with session_scope() as session:
        print("\n".join(org_lines(existing_org(session, org))))


@org_app.command("set")
@one_line_errors("org")
def org_set(
    org: str | None = typer.Option(None, "--org", help="机构名称（只有一个机构时可省略）"),
    full_name: str | None = typer.Option(None, "--full-name", help="政府全称，如 北京市东城区人民政府"),
    office: str | None = typer.Option(None, "--office", help="发文机关全称，如 北京市东城区人民政府督查室"),
    addressees: str | None = typer.Option(None, "--to", help="主送机关，如 各街道办事处，区政府各委、办、局"),
) -> None:
    """设置机构的政府全称、发文机关、主送机关（设一次，通报和表格都会用到；空字符串清除）。"""
    from duban.commands.data_cmds import actor
    from duban.store.queries import session_scope
    from duban.store.services.orgs import update_settings

    if full_name is None and office is None and addressees is None:
        raise CommandError("org", "请给出 --full-name、--office 或 --to")
    with session_scope() as session:
        found = existing_org(session, org)
        update_settings(session=session, org=found, actor=actor(), full_name=full_name, issuing_office=office,
                        addressees=addressees)
        print("\n".join(org_lines(found)))


def existing_org(session, name: str | None):
    from duban.store.services.imports import find_org

    found = find_org(session=session, name=name)
    if found is None:
        raise CommandError("org", f"找不到机构“{name}”" if name else "数据库中还没有机构（先 duban import）")
    return found


def register(app: typer.Typer) -> None:
    app.add_typer(org_app, name="org")

    @app.command("export")
    @one_line_errors("export")
    def export_command(
        output: str = typer.Option(..., "-o", "--output", help="输出文件（- 表示标准输出）"),
        fmt: str | None = typer.Option(None, "--format", "-f",
                                       help=f"格式：{'、'.join(EXPORTERS)}（默认按输出文件扩展名）"),
        plan: str | None = typer.Option(None, "--plan", help=PLAN_HELP),
        round_: str | None = ROUND_OPTION,
        unit: str | None = typer.Option(None, "--unit", help="只导出该单位的任务"),
        from_file: Path | None = typer.Option(None, "--from-file", help="不用数据库：把已解析的文件重新排成正式表格"),
        now: str | None = NOW_OPTION,
    ) -> None:
        """导出进展情况表（Word、Excel、PDF、CSV、JSON），版式同正式报送表格。"""
        chosen = choose_format(fmt, output)
        if from_file is not None:
            if plan or round_ or unit:
                raise CommandError("export", "--from-file 不能与 --plan/--round/--unit 同用")
            data, count = render(document_from_file(from_file), chosen, str(from_file))
        elif plan:
            data, count = export_from_database(plan, round_, unit, chosen, parse_now(now))
        else:
            raise CommandError("export", "请用 --plan（及 --round）或 --from-file 指定要导出的内容")
        write_atomically(output, data)
        if output != "-":
            print(f"已导出 {count} 项任务到 {output}", file=sys.stderr)

    @app.command("notice")
    @one_line_errors("notice")
    def notice_command(
        plan: str = typer.Option(..., "--plan", help=PLAN_HELP),
        round_: str | None = ROUND_OPTION,
        output: str = typer.Option(..., "-o", "--output", help="输出文件：.docx（默认）或 .pdf"),
        now: str | None = NOW_OPTION,
    ) -> None:
        """生成督办通报（GB/T 9704 版式）：版头、主送机关、按状态统计、滞后任务及其全部责任单位、报送情况、落款。"""
        from duban.export.notice import build_notice, render_notice_docx, render_notice_pdf
        from duban.export.store_table import find_plan
        from duban.store.queries import session_scope
        from duban.store.services.orgs import OrgProfile

        moment = parse_now(now)
        with session_scope() as session:
            found = find_plan(session, plan)
            notice = build_notice(session, found, pick_round(session, found, round_, allow_empty=True), moment)
            missing = OrgProfile.of(found.organization).missing
        render = render_notice_pdf if output.lower().endswith(".pdf") else render_notice_docx
        write_atomically(output, render(notice))
        if missing:
            print(f"提示：机构尚未设置{'、'.join(missing)}（duban org set），通报暂用“{notice.office}”署名", file=sys.stderr)
        print(f"已生成通报 {output}：{notice.overview()}", file=sys.stderr)

    @app.command("publish")
    @one_line_errors("publish")
    def publish_command(
        out: Path = typer.Option(..., "--out", help="输出目录（静态网站，可直接用浏览器打开）"),
        now: str | None = NOW_OPTION,
        workers: int = typer.Option(min(4, os.cpu_count() or 1), "--workers", min=1,
                                    help="并行生成的进程数（默认为CPU核数，最多4）"),
    ) -> None:
        """生成政务公开网站：已公开轮次的任务、进展、单位、检索和开放数据。"""
        from duban.export.site import publish_site
        from duban.store.queries import session_scope

        if out.exists() and not out.is_dir():
            raise CommandError(str(out), "不是目录")
        moment = parse_now(now)
        with session_scope() as session:
            stats = publish_site(session, out, now=moment, workers=workers)
        print(f"已生成公开网站 {out}：{stats.summary()}；打开 {out / 'index.html'}", file=sys.stderr)
