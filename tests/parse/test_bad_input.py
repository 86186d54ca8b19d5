"""Bad files through the real ``duban parse`` command: one clear line each, never a traceback.

Each case is a file a user could plausibly hand over (an empty export, a photo
of a table, a half-downloaded .docx, a password-protected PDF…). The command
must print exactly one ``duban: <path>: <reason>`` line on stderr and exit 2;
with a good file beside it, the good file's JSON is still printed and exit is 0.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factories.documents import Table, docx_bytes, pdf_bytes

DUBAN = str(Path(sys.executable).with_name("duban"))
GOOD_TABLE = [Table([["序号", "项目内容", "主责单位", "进展情况"],
                     ["1", "市重点任务第3项 完成3个老旧小区改造。", "区住建委", "1.已完成2个。\n2.第3个已开工。"]])]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([DUBAN, "parse", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def bad_files(folder: Path) -> dict[str, Path]:
    """Build every kind of bad input; the reason each must mention is the test's expectation."""
    docx = docx_bytes(["第一段"])
    random_bytes = bytes((i * 7919 + 13) % 251 for i in range(4000))  # deterministic, mostly unprintable
    files = {
        "empty.txt": b"",
        "blank.txt": b" \n\t\n",
        "random.bin": random_bytes,
        "random.txt": random_bytes,
        "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random_bytes[:200],
        "truncated.docx": docx[: len(docx) // 2],
        "not-really.xlsx": b"this is plain text pretending to be a workbook\n",
        "broken.pdf": b"%PDF-1.4\n1 0 obj<<>>\nendobj\n" + random_bytes[:300],
        "locked.pdf": pdf_bytes(["机密文件"], encrypt="secret"),
        "slides.pptx": "序号\t内容\n1\t一段文字".encode(),
        "notes.foo": "普通文字，但扩展名未知".encode(),
        "corrupt-inside.xlsx": _zip_with({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<not-closed"}),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    (folder / "a-folder").mkdir()
    paths["a-folder"] = folder / "a-folder"
    paths["missing.txt"] = folder / "missing.txt"
    return paths


def _zip_with(members: dict[str, str]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


EXPECTED_REASON = {
    "empty.txt": "为空", "blank.txt": "为空", "random.bin": "不是支持的文件类型", "random.txt": "不是支持的文件类型",
    "photo.png": "PNG", "truncated.docx": "已损坏", "not-really.xlsx": "已损坏", "broken.pdf": "已损坏",
    "locked.pdf": "已加密", "slides.pptx": "不是支持的文件类型", "notes.foo": "不是支持的文件类型",
    "corrupt-inside.xlsx": "已损坏", "a-folder": "目录", "missing.txt": "不存在",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return bad_files(tmp_path_factory.mktemp("bad"))


def assert_one_error_line(result: subprocess.CompletedProcess, path: Path, reason: str) -> None:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"duban: {path}: "), lines[0]
    assert reason in lines[0]


@pytest.mark.parametrize("name", sorted(EXPECTED_REASON))
def test_bad_file_gives_one_line_and_exit_2(name, files):
    result = run(str(files[name]), "--json")
    assert result.returncode == 2
    assert result.stdout.strip() == ""
    assert_one_error_line(result, files[name], EXPECTED_REASON[name])


def test_file_over_size_limit_is_refused(tmp_path, build):
    path = build("big.xlsx", GOOD_TABLE * 20)
    assert path.stat().st_size > 1024
    result = run(str(path), env={"DUBAN_MAX_FILE_MB": "0.001"})
    assert result.returncode == 2
    assert_one_error_line(result, path, "过大")


def test_bad_file_beside_good_file(files, build):
    good = build("good.docx", GOOD_TABLE)
    result = run(str(files["photo.png"]), str(good), "--json")
    assert result.returncode == 0
    assert_one_error_line(result, files["photo.png"], "PNG")
    documents = json.loads(result.stdout)
    assert [d["source"] for d in documents] == ["good.docx"]
    assert [t["units"] for t in documents[0]["tasks"]] == [["区住建委"]]
    assert len(documents[0]["tasks"][0]["progress"]) == 2
