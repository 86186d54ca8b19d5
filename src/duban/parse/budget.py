"""Parse one file under a wall-time and memory budget (``DUBAN_PARSE_SECONDS``, ``DUBAN_PARSE_MEMORY_MB``).

Why a child process: the readers refuse every hostile shape we know of before
loading (``readers.guard``), but a shape nobody foresaw must still end in seconds
with one line. Time spent inside C code (zlib, lxml, pdfium) cannot be interrupted
from Python, and a memory cap set in-process would cap the caller too, so the parse
runs in a forked child with its address space capped; the parent waits at most the
time budget, kills the child when it is over, and receives the ``Document`` pickled.
Where ``fork`` does not exist the parse runs in-process, guarded by the readers' checks only.
"""
from __future__ import annotations

import gc
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from duban.parse import Document, ParseError, parse_file
from duban.settings import get_settings

TIMEOUT = "解析超时（超过 {:g} 秒，DUBAN_PARSE_SECONDS），文件可能异常或过于复杂"
OUT_OF_MEMORY = "解析所需内存超过上限（{} MB，DUBAN_PARSE_MEMORY_MB），文件可能异常或过于复杂"
T = TypeVar("T")


def parse_file_bounded(path: str | Path) -> Document:
    """``parse_file`` in a child process; every failure is a ``ParseError`` with a one-line reason."""
    return bounded(parse_file, path)


def bounded(function: Callable[..., T], *args, meanwhile: Callable[[], object] | None = None) -> T:
    """``function(*args)`` in a child process under the budget; its result must pickle.

    ``meanwhile`` runs in this process while the child works (``duban parse`` loads the
    printing library then, on the other core); the budget's clock starts when it returns, so
    a child that answered in time is never reported late because this process was busy."""
    if not hasattr(os, "fork"):
        if meanwhile:
            meanwhile()
        return function(*args)
    settings = get_settings()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, send the result, never return into the caller's code
        os.close(read_end)
        _child(function, args, write_end, settings.parse_memory_mb)
    os.close(write_end)
    try:
        if meanwhile:
            meanwhile()
        payload = _receive(read_end, time.monotonic() + settings.parse_seconds)
    except TimeoutError:
        raise ParseError(TIMEOUT.format(settings.parse_seconds)) from None
    finally:
        os.close(read_end)
        _reap(pid)
    if not payload:  # killed without a word: the kernel refused it memory
        raise ParseError(OUT_OF_MEMORY.format(settings.parse_memory_mb))
    status, value = _unpickle(payload)
    if status == "ok":
        return value
    if status == "memory":
        raise ParseError(OUT_OF_MEMORY.format(settings.parse_memory_mb))
    if status == "error":
        raise ParseError(value)
    raise RuntimeError(value)  # a parser bug: callers print it as an internal error, in one line


def _unpickle(payload: bytes):
    """Without the cyclic collector: it would scan the half-built result on every few hundred
    objects and more than double the time a large document takes to arrive."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    finally:
        if collecting:
            gc.enable()


def _child(function: Callable, args: tuple, write_end: int, memory_mb: int) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        quiet = os.open(os.devnull, os.O_WRONLY)  # a library's "Exception ignored" must not reach the user
        os.dup2(quiet, 2)
        _cap_memory(memory_mb)
        try:
            result = ("ok", function(*args))
        except ParseError as exc:
            result = ("error", str(exc))
        except MemoryError:
            result = ("memory", "")
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
            result = ("bug", f"{type(exc).__name__}: {exc}")
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", ""))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
    except BaseException:  # noqa: BLE001 - the child must never run the caller's code
        code = 1
    finally:
        os._exit(code)


def _cap_memory(memory_mb: int) -> None:
    """Cap the address space at what the process holds now plus the budget."""
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    cap = current + memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _receive(fd: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _reap(pid: int) -> None:
    """Kill the child if it still runs and collect it, so no zombie outlives the parse."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
