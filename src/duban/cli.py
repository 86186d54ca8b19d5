"""The ``duban`` command: a thin shell that registers each area's commands.

Each module in ``duban.commands`` owns the commands of one area and exposes
``register(app)``; this file only assembles them and turns errors into one line.

Why lazily: importing every area (SQLAlchemy, Alembic, the store, the exporters)
took most of a second before ``duban --help`` or ``duban parse`` did anything. The
shell reads command names and their one-line help from the modules' source
(``commands.index``, a few milliseconds) and imports a module only when one of
its commands runs.
"""
from __future__ import annotations

import functools
import gc
import importlib
import sys

import typer
from typer.core import TyperGroup

from duban.commands.index import MODULES, command_index, module_of
from duban.settings import SettingsError


@functools.cache
def _area(module: str) -> TyperGroup:
    """One area's commands as a click group, built the way the full app would build them."""
    area = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    importlib.import_module(f"duban.commands.{module}").register(area)
    return typer.main.get_group(area)


class LazyGroup(TyperGroup):
    """Lists commands from the source index; loads a command's module only to run or describe it."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(command_index())

    def get_command(self, ctx: typer.Context, cmd_name: str) -> object | None:
        found = module_of(cmd_name)
        for module in [found] if found else MODULES:  # not found in the source: look everywhere
            command = _area(module).get_command(ctx, cmd_name)
            if command is not None:
                return command
        return None

    def format_commands(self, ctx: typer.Context, formatter) -> None:
        rows = [(name, entry.help) for name, entry in command_index().items()]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    name="duban",
    help="督办: 从政府文件提取任务、存储进展、督办审核、发布公开。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # the plain layout: rich's would load every command to describe it
    cls=LazyGroup,
)


@app.callback()
def main() -> None:
    """督办: 从政府文件提取任务、存储进展、督办审核、发布公开。"""


def run() -> None:
    """Entry point: a bad setting is one line on stderr and exit 2, never a traceback."""
    try:
        app()
    except SettingsError as exc:
        print(f"duban: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        _before_exit()


def _before_exit() -> None:
    """Freeze every object left: the interpreter's teardown otherwise runs the cyclic collector
    over all that Typer, pydantic and rich built (20–30 ms of a 0.2 s command) to free memory
    the exit frees anyway. Python never promised finalizers for objects alive at exit; output
    is flushed and ``atexit`` handlers run as before."""
    gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    run()
