"""A throwaway PostgreSQL cluster in a temp dir, for tests and the benchmark.

Why a module of the package: ``tests/conftest.py`` and ``bench/store_bench.py``
start the same kind of cluster, and the rules are fiddly — ``initdb`` refuses to
run as root (so as root the directory belongs to ``postgres`` and the binaries run
through ``runuser``), the server listens only on a free loopback port with trust
auth, and everything is removed afterwards.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BIN_GLOB = "/usr/lib/postgresql/*/bin"


class ClusterError(RuntimeError):
    pass


def find_bin_dir() -> Path:
    """The newest Debian PostgreSQL bin dir holding ``initdb`` and ``pg_ctl``."""
    candidates = [Path(p) for p in glob.glob(BIN_GLOB) if (Path(p) / "initdb").exists() and (Path(p) / "pg_ctl").exists()]
    if not candidates:
        raise ClusterError(f"PostgreSQL server binaries not found ({BIN_GLOB}/initdb): "
                           "install them, e.g. `apt-get install postgresql`")
    return max(candidates, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    root: Path
    port: int
    bin_dir: Path
    as_postgres: bool
    durable: bool = False  # fsync on: for benchmarks; tests run faster without

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if proc.returncode != 0:
            raise ClusterError(f"{' '.join(args[:2])} failed: {proc.stderr.strip() or proc.stdout.strip()}")
        return proc

    def start(self) -> Cluster:
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='{self.root}' "
                "-c max_connections=100")
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", opts, "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database (optionally copied from ``template``) and return its URL."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_cluster(*, durable: bool = False) -> Cluster:
    """Start a fresh cluster; the caller must ``stop()`` it (removes the directory too)."""
    bin_dir = find_bin_dir()
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="duban-pg-"))
    if as_postgres:
        shutil.chown(root, user="postgres", group="postgres")
    cluster = Cluster(root=root, port=free_port(), bin_dir=bin_dir, as_postgres=as_postgres, durable=durable)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    time.sleep(0.05)
    return cluster
