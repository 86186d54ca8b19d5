"""The ``duban`` shell: every command is listed from the source index and loads only its own area."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import typer

from duban.commands.index import MODULES, command_index

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "duban" / "samples" / "000_f56275b4641689bc.txt"


def full_app_commands() -> dict[str, str]:
    """Every top-level command and its one-line help, from importing every area the old way."""
    import importlib

    app = typer.Typer()
    for module in MODULES:
        importlib.import_module(f"duban.commands.{module}").register(app)
    group = typer.main.get_group(app)
    return {name: " ".join((cmd.help or "").split("\n\n")[0].split()) for name, cmd in group.commands.items()}


def test_index_lists_every_command_with_its_help():
    assert {name: entry.help for name, entry in command_index().items()} == full_app_commands()


def modules_loaded_by(*args: str) -> set[str]:
    code = ("import sys\nfrom duban.cli import app\n"
            "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    return set(out.stderr.strip().splitlines()[-1].split())


def test_help_and_parse_do_not_load_the_database_layer():
    for args in (["--help"], ["parse", str(SAMPLE), "--json"]):
        loaded = modules_loaded_by(*args)
        assert "typer" in loaded
        assert not {"sqlalchemy", "alembic", "fastapi", "openpyxl", "pdfplumber"} & loaded, args


def test_each_command_still_runs_from_the_shell():
    out = subprocess.run([str(Path(sys.executable).with_name("duban")), "units", "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert "alias" in out.stdout and "merge" in out.stdout


def test_a_large_table_prints_as_plain_aligned_rows(tmp_path):
    rows = [f"{n}\t市重点任务第{n}项 完成{n}个老旧小区改造。\t区住建委\t1.已完成。" for n in range(1, 301)]
    path = tmp_path / "big.txt"
    path.write_text("序号\t项目内容\t主责单位\t进展情况\n" + "\n".join(rows), encoding="utf-8")
    out = subprocess.run([str(Path(sys.executable).with_name("duban")), "parse", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    body = [line for line in lines if line.split(" ")[0].isdigit()]
    assert [int(line.split()[0]) for line in body] == list(range(1, 301))
    assert not any(ch in out.stdout for ch in "┃│┏")
    # the units column starts at the same terminal column on every row (CJK counted double)
    starts = {line.index("区住建委") + len(re.findall(r"[\u4e00-\u9fff]", line[:line.index("区住建委")]))
              for line in body}
    assert len(starts) == 1


def test_each_indexed_command_is_found_by_the_quick_source_search():
    from duban.commands.index import module_of

    assert {name: module_of(name) for name in command_index()} == \
        {name: entry.module for name, entry in command_index().items()}
