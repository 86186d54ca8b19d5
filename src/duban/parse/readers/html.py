"""Web pages: block-level text as lines, data tables as rows, site chrome dropped.

Government pages wrap a document in navigation, breadcrumbs, share buttons and
footers. Those are removed by what they are (``nav``, ``script``…) and by what
their ``id``/``class`` say they are; an element that holds a table or the page's
heading is never removed, because the document itself lives there.
"""
from __future__ import annotations

import re

import lxml.html

from duban.parse.blocks import Block
from duban.parse.lazyre import lazy_compile
from duban.parse.readers.grid import Span, fill_spans, grid_blocks
from duban.parse.readers.text import decode

ALWAYS_DROP = {"script", "style", "noscript", "template", "nav", "aside", "iframe", "object", "embed",
               "svg", "button", "select", "input", "textarea", "head", "map", "audio", "video", "canvas"}
PAGE_FRAME = {"header", "footer"}  # site chrome at page level, the article's own heading inside <article>
BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
              "dl", "dt", "dd", "blockquote", "pre", "tr", "td", "th", "thead", "tbody", "tfoot", "form",
              "center", "address", "figure", "figcaption", "caption", "hr", "body", "fieldset", "details",
              "summary", "table", "header", "footer", "option", "legend"}
CHROME = lazy_compile(r"nav|menu|header|footer|breadcrumb|crumb|share|sidebar|side-bar|toolbar|login|"
                    r"copyright|banner|daohang|fenxiang|weizhi|^head$|^foot$|^top$|^bottom$|^search")
CONTENT = lazy_compile(r"article|content|title|detail|zhengwen|wenzhang|^main$|^body$")
HIDDEN = lazy_compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
META_CHARSET = lazy_compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
XML_DECLARATION = lazy_compile(r"^\s*<\?xml[^>]*\?>")
GB_NAMES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn", "x-euc-cn", "hz-gb-2312"}
MAX_SPAN = 1000


def read_html(data: bytes) -> list[Block]:
    root = lxml.html.document_fromstring(XML_DECLARATION.sub("", decode_html(data)))
    _drop_chrome(root)
    body = root.find("body")
    walker = _Walker()
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks


def decode_html(data: bytes) -> str:
    """The declared charset when it decodes; else UTF-8 or GB18030 as for text. GBK names mean GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    match = META_CHARSET.search(data[:8192])
    if match:
        declared = match.group(1).decode("ascii").lower()
        declared = "gb18030" if declared in GB_NAMES else declared
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _tokens(el) -> list[str]:
    return f"{el.get('id') or ''} {el.get('class') or ''}".lower().split()


def _is_chrome(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ALWAYS_DROP:
        return True
    if HIDDEN.search(el.get("style") or "") or el.get("hidden") is not None:
        return True
    tokens = _tokens(el)
    if any(CONTENT.search(t) for t in tokens):
        return False
    if tag in PAGE_FRAME:
        content = any(a.tag in ("article", "main") for a in el.iterancestors())
    else:
        content = not any(CHROME.search(t) for t in tokens)
    if content:
        return False
    return next(el.iter("table", "h1"), None) is None


def _drop_chrome(root) -> None:
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and _is_chrome(el)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text, which belongs to the parent


def _span(value: str | None) -> int:
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), MAX_SPAN) if digits else 1


def _rows(table) -> list:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _is_data_table(table) -> bool:
    """Layout tables nest tables or have one column; their cells are page regions, not data."""
    if len(table.xpath(".//table")) > 0:
        return False
    return any(len(row.xpath("./td|./th")) > 1 or _span(c.get("colspan")) > 1
               for row in _rows(table) for c in row.xpath("./td|./th"))


def cell_text(cell) -> str:
    walker = _Walker()
    walker.walk_children(cell)
    walker.flush()
    return "\n".join(b.text for b in walker.blocks)


class _Walker:
    """Collects text in document order; block elements and ``<br>`` end a line."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buffer: list[str] = []

    def flush(self) -> None:
        line = " ".join("".join(self._buffer).split())
        if line:
            self.blocks.append(Block(line))
        self._buffer = []

    def walk_children(self, el) -> None:
        if el.text:
            self._buffer.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self._buffer.append(child.tail)

    def walk(self, el) -> None:
        if not isinstance(el.tag, str):  # comment or processing instruction
            return
        tag = el.tag.lower()
        if tag == "br":
            self.flush()
        elif tag == "table" and _is_data_table(el):
            self.flush()
            self._table(el)
        elif tag in BLOCK_TAGS:
            self.flush()
            self.walk_children(el)
            self.flush()
        else:
            self.walk_children(el)

    def _table(self, table) -> None:
        for caption in table.findall("caption"):
            self.walk(caption)
        rows = [[Span(cell_text(c), c, _span(c.get("colspan")), _span(c.get("rowspan")))
                 for c in row.xpath("./td|./th")] for row in _rows(table)]
        self.blocks.extend(grid_blocks(fill_spans(rows)))

