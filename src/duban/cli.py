"""The ``duban`` command: a thin shell that registers each area's commands.

Each module in ``duban.commands`` owns the commands of one area and exposes
``register(app)``; this file only assembles them and turns errors into one line.
"""
from __future__ import annotations

import sys

import typer

from duban.commands import data_cmds, export_cmds, parse_cmds, work_cmds
from duban.settings import SettingsError

app = typer.Typer(
    name="duban",
    help="督办: 从政府文件提取任务、存储进展、督办审核、发布公开。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def main() -> None:
    """督办: 从政府文件提取任务、存储进展、督办审核、发布公开。"""


for module in (parse_cmds, data_cmds, work_cmds, export_cmds):
    module.register(app)


def run() -> None:
    """Entry point: a bad setting is one line on stderr and exit 2, never a traceback."""
    try:
        app()
    except SettingsError as exc:
        print(f"duban: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":  # pragma: no cover
    run()
