"""``duban demo --no-serve`` and ``duban serve`` as a user runs them."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

DUBAN = [sys.executable, "-m", "duban.cli"]


def test_demo_prepares_a_database_and_prints_accounts(tmp_path):
    env = {**os.environ, "COLUMNS": "200"}
    result = subprocess.run(DUBAN + ["demo", "--no-serve", "--dir", str(tmp_path)], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "演示账号" in out and "admin" in out and "reporter01" in out and "督查室管理员" in out
    assert str(tmp_path / "duban-demo.sqlite3") in out and "已开启报送轮次" in out
    assert (tmp_path / "duban-demo.sqlite3").stat().st_size > 100_000
    again = subprocess.run(DUBAN + ["demo", "--no-serve", "--dir", str(tmp_path)], capture_output=True, text=True,
                           env=env, timeout=120)
    assert again.returncode != 0 and again.stderr.startswith("duban: ") and "已存在" in again.stderr
    assert "Traceback" not in again.stderr


def test_serve_binds_loopback_and_answers(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DUBAN_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}", "DUBAN_PORT": str(port)}
    env.pop("DUBAN_HOST", None)
    process = subprocess.Popen(DUBAN + ["serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as response:
                    body = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.2)
        assert body is not None and "登录督办工作台" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/echarts/echarts.min.js") as response:
            assert response.status == 200 and len(response.read()) > 500_000
    finally:
        process.terminate()
        process.wait(10)
