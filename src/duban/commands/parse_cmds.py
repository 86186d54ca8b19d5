"""``duban parse``: print the contract JSON or a readable summary of each file."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from duban.parse import Document, ParseError, explain_file
from duban.parse.budget import bounded
from duban.parse.lazyre import lazy_compile
from duban.settings import get_settings

if TYPE_CHECKING:  # rich is imported when a summary is printed: ``--json`` does not pay for it
    from rich.console import Console

KIND_LABELS = {"progress_report": "进展情况表", "performance_report": "绩效任务表",
               "task_plan": "任务分解表", "work_report": "政府工作报告"}


def error_line(path: str | Path, reason: str) -> None:
    """The one line a user sees for a file that failed: ``duban: FILE: reason``."""
    print(f"duban: {path}: {reason}", file=sys.stderr)


def parse_paths(paths: list[Path], explain: bool = False, explain_out=None, meanwhile=None) -> list[Document]:
    """Parse each file; its warnings go to standard error, ``explain`` prints the strategies.

    ``meanwhile`` runs here while a file's child parses (see ``budget.bounded``). With more
    than one file the parser's modules load here then too, so every later child is forked
    with them instead of importing them again (about 17 ms a file from sources)."""
    def prepare() -> None:
        if meanwhile:
            meanwhile()
        if len(paths) > 1:
            from duban.parse.engine import strategies

            strategies()

    docs = []
    for path in paths:
        try:
            doc, account = bounded(read_one, path, explain, meanwhile=prepare)
            docs.append(doc)
            for warning in doc.warnings:
                print(f"duban: {path}: 注意: {warning}", file=sys.stderr)
            if account:
                print(account, file=explain_out or sys.stdout)
        except ParseError as exc:
            error_line(path, str(exc))
        except Exception as exc:  # a parser bug must still be one line, never a traceback
            error_line(path, f"解析失败（内部错误: {type(exc).__name__}: {exc}）")
    return docs


def read_one(path: Path, explain: bool) -> tuple[Document, str | None]:
    """Runs under the parse budget (a child process): the best reading, and the strategies' account if asked."""
    outcome = explain_file(path)
    return outcome.best.reading.document, explanation(path, outcome) if explain else None


def explanation(path: str | Path, outcome) -> str:
    """Which layout strategy read the file, its score and why, and the runners-up."""
    best = outcome.best
    parts = " ".join(f"{k}={v:g}" for k, v in best.parts.items())
    lines = [f"{path}: 采用策略 {best.strategy.name}（{best.strategy.label}），得分 {best.score:.3f}",
             f"  评分项: {parts}"]
    if best.strategy.settings:
        lines.append("  设置: " + " ".join(f"{k}={v}" for k, v in best.strategy.settings.items()))
    lines += [f"  说明: {note}" for note in best.reading.notes]
    for other in outcome.runners_up:
        lines.append(f"  备选: {other.strategy.name}（{other.strategy.label}），得分 {other.score:.3f}")
    for strat, reason in outcome.failed:
        lines.append(f"  未能读取: {strat.name}（{reason}）")
    if not outcome.runners_up:
        lines.append("  备选: 无（其他策略均不适用）")
    return "\n".join(lines)


def load_rich() -> None:
    """The summary's printing library, made ready while the child parses: 20–30 ms of imports,
    and the patterns rich highlights a printed line with (compiled on first use, then taken
    from ``re``'s cache), that would otherwise wait for the parse to end."""
    import rich.console  # noqa: F401
    import rich.markup  # noqa: F401
    import rich.table  # noqa: F401
    from rich.highlighter import ReprHighlighter
    from rich.text import Text

    ReprHighlighter()(Text(""))


def summary(doc: Document, console: Console) -> None:
    from rich.markup import escape

    head = f"[bold]{escape(doc.source)}[/bold]  {KIND_LABELS.get(doc.kind, doc.kind)}"
    if doc.title:
        head += f"  《{escape(doc.title)}》"
    if doc.year:
        head += f"  {doc.year}年"
    if doc.period and doc.period.label:
        head += f"  期间: {doc.period.label}"
    if doc.deadline:
        head += f"  完成时限: {escape(doc.deadline)}"
    console.print(head)
    if doc.tasks:
        rows = []
        for t in doc.tasks:
            items = len(t.goals) if t.goals else len(t.progress)
            targets = "；".join(f"{q.value:g}{q.unit or ''}" if isinstance(q.value, (int, float)) else q.text
                               for q in t.targets)
            rows.append((str(t.seq), t.ref or (t.name or ""), "、".join(t.units), str(items), targets))
        print_table(console, None, ("序号", "依据", "责任单位", "进展条数", "目标"), rows)
    if doc.indicators:
        rows = [(i.name, i.change or "", "" if i.value is None else f"{i.value:g}", i.unit or "", i.qualifier or "")
                for i in doc.indicators]
        print_table(console, "主要预期目标", ("指标", "变化", "数值", "单位", "限定"), rows)
    if doc.commitments:
        rows = [(q.text, "" if q.value is None else f"{q.value:g}", q.unit or "", q.qualifier or "")
                for q in doc.commitments]
        print_table(console, f"量化承诺（{len(doc.commitments)}项）", ("原文", "数值", "单位", "限定"), rows)


PLAIN_ROWS = 200  # past this many rows a boxed table costs more than the parse itself
_WIDE = lazy_compile(r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                      r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


def print_table(console: Console, title: str | None, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A boxed rich table for a page's worth of rows; past ``PLAIN_ROWS``, plain aligned columns.

    rich lays out every cell of every row before printing (4.4 s for 10,000 rows, twice
    the JSON path's whole run); plain columns cost one width count per cell. Cell text is
    shown as text, never read as rich markup.
    """
    if len(rows) <= PLAIN_ROWS:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title)
        for col in columns:
            table.add_column(col)
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        return
    lines = [title] if title else []
    table = [columns, *((" ".join(cell.split()) for cell in row) for row in rows)]
    table = [tuple(row) for row in table]
    widths = [max(_width(row[c]) for row in table) for c in range(len(columns) - 1)]
    for row in table:
        cells = [cell + " " * (widths[c] - _width(cell)) for c, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    console.file.write("\n".join(lines) + "\n")


def _width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return len(text) + len(_WIDE.findall(text))


def register(app: typer.Typer) -> None:
    @app.command("parse")
    def parse_command(
        paths: list[Path] = typer.Argument(..., help="要解析的文件（.txt .html .docx .xlsx .pdf）"),
        as_json: bool = typer.Option(False, "--json", help="输出 duban.document/1 JSON"),
        explain: bool = typer.Option(False, "--explain", help="说明采用的版式策略、得分和备选策略（与 --json 同用时输出到标准错误）"),
    ) -> None:
        """解析文件，提取任务、责任单位、进展、目标、指标和量化承诺。"""
        get_settings()  # a bad DUBAN_* value is one error for the run, not one per file
        docs = parse_paths(paths, explain, sys.stderr if as_json else sys.stdout,
                           meanwhile=None if as_json else load_rich)
        if as_json:
            data = [d.to_dict() for d in docs]
            out = data[0] if len(paths) == 1 and data else data
            if docs or len(paths) > 1:
                print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            from rich.console import Console

            console = Console()
            for doc in docs:
                summary(doc, console)
        if not docs:
            raise typer.Exit(2)
