"""Tell what a file is from its first bytes, because names lie.

A ``.doc`` saved as ``.docx``, a web page saved as ``.txt``, a PDF without a suffix:
the content's signature decides first, the suffix only when content is plain text.
Files of a kind duban cannot read get a reason a user can act on.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from duban.parse.blocks import ParseError
from duban.parse.lazyre import lazy_compile

SUPPORTED = ".txt .html .htm .docx .xlsx .pdf"
TEXT_SUFFIXES = {"", ".txt", ".text", ".tsv", ".tab", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_OTHER_KINDS = [
    (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"),
    (b"BM", "BMP 图片"), (b"II*\x00", "TIFF 图片"), (b"MM\x00*", "TIFF 图片"),
    (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩包"),
    (b"\x7fELF", "可执行程序"), (b"MZ", "可执行程序"), (b"{\\rtf", "RTF 文档"),
]
_HTML_START = lazy_compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|title)\b",
                         re.IGNORECASE | re.DOTALL)


def unsupported(what: str) -> ParseError:
    return ParseError(f"不是支持的文件类型（{what}；支持 {SUPPORTED}）")


def sniff(data: bytes, name: str = "") -> str:
    """Return ``pdf``, ``docx``, ``xlsx``, ``html``, ``csv`` or ``text``; raise ``ParseError`` otherwise."""
    suffix = PurePath(name).suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_ZIP) or (suffix in (".docx", ".xlsx") and data.startswith(b"PK")):
        return _zip_kind(data)
    if data.startswith(_OLE2):
        raise ParseError(_ole2_reason(data))
    for magic, what in _OTHER_KINDS:
        if data.startswith(magic):
            raise unsupported(what)
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if _HTML_START.match(body[:4096]):
        return "html"
    if suffix in (".docx", ".xlsx", ".pdf"):
        raise ParseError(f"文件已损坏（扩展名是 {suffix}，内容却不是 {suffix[1:].upper()} 文件）")
    if looks_binary(data):
        raise unsupported("二进制数据")
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix == ".csv":
        return "csv"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise unsupported(f"扩展名 {suffix}")


def looks_binary(data: bytes) -> bool:
    """Control bytes other than tab/newline/form feed are rare in text and common in binaries."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27 or b == 127)
    return controls > max(2, len(sample) // 100)


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ParseError("文件已损坏（ZIP 结构不完整，无法作为 .docx/.xlsx 打开）") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        raise unsupported("PowerPoint 演示文稿")
    if "mimetype" in names and "content.xml" in names:
        raise unsupported("OpenDocument 文档，请另存为 .docx 或 .xlsx")
    raise unsupported("ZIP 压缩包")


def _ole2_reason(data: bytes) -> str:
    """OLE2 holds legacy Word/Excel/WPS files and, since Office 2007, encrypted .docx/.xlsx."""
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage"):
        return "Office 文件已加密（设置了打开密码），请去除密码后再试"
    if has("WordDocument"):
        return "旧版 Word 文件（.doc/.wps）不支持，请另存为 .docx 后再试"
    if has("Workbook") or has("Book"):
        return "旧版 Excel 文件（.xls/.et）不支持，请另存为 .xlsx 后再试"
    return "旧版 Office 文件（OLE2 格式）不支持，请另存为 .docx 或 .xlsx 后再试"
