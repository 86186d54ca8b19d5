"""Settings: every one is documented in the README and read from its DUBAN_ variable."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from duban.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme():
    missing = [f.name for f in fields(Settings) if f"`DUBAN_{f.name.upper()}`" not in README]
    assert missing == []


def test_settings_come_from_prefixed_environment_variables():
    s = Settings.from_env({"DUBAN_PORT": "9001", "DUBAN_COOKIE_SECURE": "yes", "DUBAN_MAX_FILE_MB": "0.5",
                           "DUBAN_DATABASE_URL": "sqlite:////tmp/x.sqlite3", "PORT": "1"})
    assert (s.port, s.cookie_secure, s.max_file_mb, s.database_url) == (9001, True, 0.5, "sqlite:////tmp/x.sqlite3")


def test_a_bad_setting_is_one_line_and_exit_2(tmp_path):
    import os
    import subprocess
    import sys

    sample = Path(__file__).resolve().parents[1] / "src" / "duban" / "samples" / "000_f56275b4641689bc.txt"
    env = dict(os.environ, DUBAN_MAX_FILE_MB="abc")
    out = subprocess.run([sys.executable, "-c", "from duban.cli import run; run()", "parse", str(sample)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == ["duban: DUBAN_MAX_FILE_MB='abc' 不是有效的数字"]
    assert out.stdout == ""
