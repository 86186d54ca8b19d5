"""Look at a file's sizes and counts before a library loads it (see ``duban.parse.limits``).

python-docx, openpyxl and pdfminer build the whole document in memory, so the
cost of a file is decided by what it *unpacks to*, not by its size on disk. These
checks read the zip directory, stream the main XML parts counting start tags, and
inflate PDF streams with a cap; each stops at the first limit exceeded. Tags are
matched with any namespace prefix, so a renamed prefix does not hide them.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

from duban.parse.lazyre import LazyPattern, lazy_compile
from duban.parse.limits import check, limits, refusal
from duban.settings import Settings

MB = 1024 * 1024
CHUNK = 4 * MB
RATIO_FLOOR = MB  # parts smaller than this may compress as well as they like

_DOCX_TAGS = {"max_paragraphs": lazy_compile(rb"<(?:\w+:)?p[\s>/]"),
              "max_rows": lazy_compile(rb"<(?:\w+:)?tr[\s>/]"),
              "max_cells": lazy_compile(rb"<(?:\w+:)?tc[\s>/]")}
_XLSX_TAGS = {"max_rows": lazy_compile(rb"<(?:\w+:)?row[\s>/]"),
              "max_cells": lazy_compile(rb"<(?:\w+:)?c[\s>/]")}
_SPAN = lazy_compile(rb"<(?:\w+:)?grid(?:Span|Before|After)\b[^>]*?val=[\"']\s*(\d+)")
_MERGE = lazy_compile(rb"<(?:\w+:)?mergeCell\b[^>]*?ref=[\"']\s*([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?")


def check_zip(data: bytes, kind: str) -> None:
    """Refuse a .docx/.xlsx whose parts unpack too far or hold too many paragraphs, rows or cells."""
    settings = limits()
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    check(settings, "max_unpacked_mb", sum(i.file_size for i in infos) / MB)
    for info in infos:
        if info.file_size > RATIO_FLOOR:
            check(settings, "max_zip_ratio", info.file_size / max(1, info.compress_size))
    if kind == "docx":
        parts = [i for i in infos if i.filename == "word/document.xml"]
        _count(archive, parts, _DOCX_TAGS, settings, _spans)
    else:
        parts = [i for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
        _count(archive, parts, _XLSX_TAGS, settings, _merges)


def _count(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], tags: dict[str, LazyPattern],
           settings: Settings, extra) -> None:
    counts = dict.fromkeys(tags, 0)
    for part in parts:
        with archive.open(part) as stream:
            for piece in _whole_tags(stream):
                for name, pattern in tags.items():
                    counts[name] += len(pattern.findall(piece))
                    check(settings, name, counts[name])
                counts["max_cells"] = counts.get("max_cells", 0) + extra(piece, settings)
                check(settings, "max_cells", counts["max_cells"])


def _whole_tags(stream) -> Iterator[bytes]:
    """The part in chunks that each end before a ``<``, so no tag is cut in two."""
    tail = b""
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            if tail:
                yield tail
            return
        buffer = tail + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0 or len(buffer) - cut > CHUNK:
            cut = len(buffer)
        yield buffer[:cut]
        tail = buffer[cut:]


def _spans(piece: bytes, settings: Settings) -> int:
    """A cell spanning (or a row skipping) more columns than any table has is refused outright."""
    widest = max((int(m) for m in _SPAN.findall(piece)), default=0)
    check(settings, "max_columns", widest)
    return 0


def _merges(piece: bytes, settings: Settings) -> int:
    """Cells covered by merged ranges: openpyxl makes an object for every one of them."""
    area = 0
    for c1, r1, c2, r2 in _MERGE.findall(piece):
        if c2:
            area += (abs(_column(c2) - _column(c1)) + 1) * (abs(int(r2) - int(r1)) + 1)
    return area


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


_STREAM = lazy_compile(rb"stream\r?\n")


def check_pdf(data: bytes) -> None:
    """Inflate every Flate stream with a cap; refuse one that inflates too far or draws too much text."""
    settings = limits()
    cap = int(settings.max_pdf_stream_mb * MB)
    pos = 0
    while True:
        m = _STREAM.search(data, pos)
        if not m:
            return
        end = data.find(b"endstream", m.end())
        if end < 0:
            return
        pos = end + 9
        if data[m.start() - 3:m.start()] == b"end":
            continue
        raw = data[m.end():end]
        inflated = _inflate(raw, cap)
        if inflated is None:
            inflated = raw  # not compressed (or another filter): count what is there
        if len(inflated) > cap:
            raise refusal("max_pdf_stream_mb", None, settings.max_pdf_stream_mb)
        check(settings, "max_pdf_ops", _text_ops(inflated))


def _inflate(raw: bytes, cap: int) -> bytes | None:
    """At most ``cap + 1`` bytes of the stream inflated; ``None`` when it is not zlib data."""
    try:
        return zlib.decompressobj().decompress(raw, cap + 1)
    except zlib.error:
        return None


def _text_ops(content: bytes) -> int:
    """Text-showing operators (``Tj``, ``TJ``): each becomes glyph objects in pdfminer."""
    return content.count(b"Tj") + content.count(b"TJ")
