"""Which module defines each top-level command, and its one-line help, read from the source.

Why from the source: ``duban --help`` must list every command without importing
the modules that define them (see ``duban.cli``). Reading the ``register(app)``
functions with ``ast`` finds ``@app.command("name")`` on a function,
``app.command("name")(function)`` (also through a wrapper call) and
``app.add_typer(group, name="name")`` with the group's ``typer.Typer(help=…)``,
so a command added the usual way is listed with no second list to keep in step.
"""
from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

MODULES = ("parse_cmds", "data_cmds", "work_cmds", "export_cmds")
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Entry:
    module: str
    help: str


@functools.cache
def command_index() -> dict[str, Entry]:
    """Commands in the order Typer lists them: single commands by area and line, then groups."""
    found: list[tuple[bool, int, int, str, Entry]] = []
    for order, module in enumerate(MODULES):
        try:
            tree = ast.parse((HERE / f"{module}.py").read_text(encoding="utf-8"))
        except (OSError, SyntaxError):  # no source shipped: the group then looks commands up by loading
            continue
        found.extend((is_group, order, line, name, Entry(module, text))
                     for is_group, line, name, text in _commands(tree))
    index: dict[str, Entry] = {}
    for *_, name, entry in sorted(found, key=lambda item: item[:3]):
        index.setdefault(name, entry)
    return index


def module_of(name: str) -> str | None:
    """The module registering command ``name``, by a text search: running a command should
    not pay for parsing every area's source (the full index is for ``--help``)."""
    wanted = re.compile(rf"""app\.(?:command\(\s*|add_typer\([^)]*name=)["']{re.escape(name)}["']""")
    for module in MODULES:
        try:
            if wanted.search((HERE / f"{module}.py").read_text(encoding="utf-8")):
                return module
        except OSError:
            return None
    return None


def _commands(tree: ast.Module) -> list[tuple[bool, int, str, str]]:
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    groups = {target.id: _keyword(node.value, "help")
              for node in ast.walk(tree) if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
              for target in node.targets if isinstance(target, ast.Name)}
    found: list[tuple[bool, int, str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                name = _app_call(decorator, "command")
                if name:
                    found.append((False, decorator.lineno, name, _keyword(decorator, "help") or _doc(node)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Call):
            name = _app_call(node.func, "command")
            target = _function_name(node.args[0]) if node.args else None
            if name:
                found.append((False, node.lineno, name, _keyword(node.func, "help") or _doc(functions.get(target))))
        elif isinstance(node, ast.Call):
            if _is_app_method(node, "add_typer") and node.args and isinstance(node.args[0], ast.Name):
                name = _keyword(node, "name")
                if name:
                    found.append((True, node.lineno, name, _keyword(node, "help") or groups.get(node.args[0].id) or ""))
    return found


def _is_app_method(node: ast.AST, method: str) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "app")


def _app_call(node: ast.AST, method: str) -> str | None:
    """The name in ``app.command("name")``."""
    if _is_app_method(node, method) and node.args and isinstance(node.args[0], ast.Constant):
        return str(node.args[0].value)
    return None


def _function_name(node: ast.AST) -> str | None:
    """``function`` or ``wrapper(function)``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Call) and node.args:
        return _function_name(node.args[0])
    return None


def _keyword(call: ast.AST, name: str) -> str | None:
    for keyword in getattr(call, "keywords", ()):
        if keyword.arg == name and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return None


def _doc(function: ast.AST | None) -> str:
    """The docstring's first paragraph on one line, as Typer shows it."""
    doc = ast.get_docstring(function) if function is not None else None
    return " ".join((doc or "").split("\n\n")[0].split())
