"""Build real .docx/.xlsx/.pdf/.html files from paragraphs and tables, as an office would.

A document is a list of items: a ``str`` is a paragraph, a ``Table`` a ruled
table whose first row is the header. A cell's ``\\n`` is a paragraph break inside
the cell. ``Table.merge_columns`` merges, per group of rows that share the first
column's value, those columns vertically (Word vMerge, Excel merged range, HTML
rowspan, PDF SPAN), the way performance tables merge a task over its goal rows.
"""
from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Table:
    rows: list[list[str]]
    merge_columns: tuple[int, ...] = ()
    col_widths: list[float] | None = None  # PDF points; a default layout when None

    def groups(self) -> list[tuple[int, int]]:
        """(first row, row count) runs of body rows with the same first-column value."""
        runs: list[tuple[int, int]] = []
        for r in range(1, len(self.rows)):
            if runs and self.rows[r][0] == self.rows[runs[-1][0]][0] and self.rows[r][0]:
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            else:
                runs.append((r, 1))
        return runs


@dataclass
class Page:
    """Web-page options: the charset written to ``<meta>`` and used to encode, and site chrome around."""

    encoding: str = "utf-8"
    chrome: bool = True
    title: str = "政务公开"
    extra_head: str = ""
    menu: list[str] = field(default_factory=lambda: ["首页", "要闻动态", "政务公开", "政务服务", "政民互动"])


Item = str | Table


def write(path: Path, items: list[Item], **options) -> Path:
    builders = {".docx": docx_bytes, ".xlsx": xlsx_bytes, ".pdf": pdf_bytes, ".html": html_bytes, ".htm": html_bytes}
    path.write_bytes(builders[path.suffix](items, **options))
    return path


# --- Word -------------------------------------------------------------------------------------------

def docx_bytes(items: list[Item]) -> bytes:
    import docx

    document = docx.Document()
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        ncols = max(len(r) for r in item.rows)
        table = document.add_table(rows=len(item.rows), cols=ncols)
        table.style = "Table Grid"
        merged = _merged_positions(item)
        for r, row in enumerate(item.rows):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    continue  # left empty: the merge carries the group's first value
                _docx_cell_text(table.cell(r, c), value)
        for first, count in item.groups():
            for c in item.merge_columns:
                if count > 1:
                    table.cell(first, c).merge(table.cell(first + count - 1, c))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_cell_text(cell, value: str) -> None:
    lines = value.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _merged_positions(table: Table) -> set[tuple[int, int]]:
    """Positions covered by a merge (not its first row)."""
    return {(first + k, c) for first, count in table.groups() for k in range(1, count) for c in table.merge_columns}


# --- Excel ------------------------------------------------------------------------------------------

def xlsx_bytes(items: list[Item]) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "进展情况"
    row_no = 1
    for item in items:
        if isinstance(item, str):
            sheet.cell(row_no, 1, item)
            row_no += 1
            continue
        merged = _merged_positions(item)
        start = row_no
        for r, row in enumerate(item.rows):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    continue
                cell = sheet.cell(row_no, c + 1, _excel_value(value))
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            row_no += 1
        for first, count in item.groups():
            for c in item.merge_columns:
                if count > 1:
                    sheet.merge_cells(start_row=start + first, start_column=c + 1,
                                      end_row=start + first + count - 1, end_column=c + 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_value(value: str) -> object:
    """Numbers typed into Excel are stored as numbers: the reader must print ``3``, not ``3.0``."""
    return int(value) if value.isdigit() and len(value) < 10 else value


# --- PDF --------------------------------------------------------------------------------------------

def cjk_font() -> str:
    """Register a CJK font reportlab can embed (a TrueType one under /usr/share/fonts), else the built-in CID font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if "DubanCJK" in pdfmetrics.getRegisteredFontNames():
        return "DubanCJK"
    candidates = sorted(Path("/usr/share/fonts").rglob("*CJK*")) + sorted(Path("/usr/share/fonts").rglob("wqy*"))
    for path in candidates:
        try:
            pdfmetrics.registerFont(TTFont("DubanCJK", str(path), subfontIndex=0))
            return "DubanCJK"
        except Exception:  # OpenType/CFF collections (Noto CJK) cannot be embedded by reportlab
            continue
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def pdf_bytes(items: list[Item], *, page_numbers: bool = True, encrypt: str | None = None,
              font_size: float = 10, merge: bool = False, table_style=None) -> bytes:
    """Merged groups are repeated unless ``merge``: reportlab cannot split a span taller than a page.

    ``table_style`` replaces the ruled grid (an empty ``TableStyle`` gives a table without rules)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=font_size, leading=font_size * 1.5,
                          wordWrap="CJK", firstLineIndent=2 * font_size)
    cell = ParagraphStyle("cell", fontName=font, fontSize=font_size, leading=font_size * 1.4, wordWrap="CJK")
    story = []
    width = A4[0] - 100
    for item in items:
        if isinstance(item, str):
            story.append(Paragraph(_markup(item, font), body))
            continue
        ncols = max(len(r) for r in item.rows)
        widths = item.col_widths or _default_widths(ncols, width)
        merged = _merged_positions(item) if merge else set()
        data = [[[] if (r, c) in merged else [Paragraph(_markup(line, font), cell) for line in value.split("\n")]
                 for c, value in enumerate(row)] for r, row in enumerate(item.rows)]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for first, count in item.groups() if merge else ():
            for c in item.merge_columns:
                if count > 1:
                    style.append(("SPAN", (c, first), (c, first + count - 1)))
        story.append(PdfTable(data, colWidths=widths, repeatRows=1,
                              style=table_style if table_style is not None else TableStyle(style)))
        story.append(Spacer(1, 12))

    def footer(canvas, doc) -> None:
        if page_numbers:
            canvas.setFont(font, 9)
            canvas.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=50, bottomMargin=50,
                            encrypt=encrypt)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def one_page_pdf(content: bytes, font: bytes = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                 stream: bytes | None = None) -> bytes:
    """A one-page PDF written by hand: page content ``content`` (Flate-compressed; or ``stream``, already
    compressed) drawn with ``font`` as /F1. For what reportlab will not write: a hostile content stream,
    a font without Unicode."""
    import zlib

    stream = zlib.compress(content, 9) if stream is None else stream
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               font]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % o for o in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _markup(text: str, font: str) -> str:
    """Paragraph markup; the built-in CID font has no ``·`` (as in ``吨/平方公里·月``), so it borrows Helvetica's."""
    escaped = html.escape(text)
    if font == "STSong-Light":
        escaped = escaped.replace("·", '<font name="Helvetica">·</font>')
    return escaped


def _default_widths(ncols: int, width: float) -> list[float]:
    if ncols == 4:
        return [w * width for w in (0.07, 0.33, 0.15, 0.45)]
    return [width / ncols] * ncols


# --- HTML -------------------------------------------------------------------------------------------

def html_bytes(items: list[Item], page: Page | None = None) -> bytes:
    page = page or Page()
    parts = []
    for item in items:
        if isinstance(item, str):
            parts.append(f"<p>{html.escape(item)}</p>")
        else:
            parts.append(_html_table(item))
    content = "\n".join(parts)
    if page.chrome:
        menu = "".join(f'<li><a href="#">{html.escape(m)}</a></li>' for m in page.menu)
        content = f"""<div id="header" class="site-header"><div class="logo">北京市某区人民政府</div>
<div class="login-bar"><a href="#">登录个人中心</a> <a href="#">无障碍</a> <a href="#">简繁</a></div></div>
<div class="main-nav"><ul>{menu}</ul></div>
<nav><a href="#">移动版</a></nav>
<div class="breadcrumb">首页 &gt; 政务公开 &gt; 通知公告 &gt; 正文</div>
<div class="article-content">{content}</div>
<div class="share-box">分享到：微信 微博</div>
<div id="footer"><p>主办单位：某区人民政府办公室</p><p>网站标识码 1101010001 京ICP备05000000号</p></div>
<script>var _hmt = _hmt || []; document.write("统计");</script>"""
    text = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={page.encoding}">
<title>{html.escape(page.title)}</title><style>td {{ border: 1px solid #000 }}</style>{page.extra_head}</head>
<body>
{content}
</body></html>"""
    return text.encode(page.encoding)


def _html_table(table: Table) -> str:
    merged = _merged_positions(table)
    spans = {(first, c): count for first, count in table.groups() for c in table.merge_columns if count > 1}
    rows = []
    for r, row in enumerate(table.rows):
        tag = "th" if r == 0 else "td"
        cells = []
        for c, value in enumerate(row):
            if (r, c) in merged:
                continue
            span = f' rowspan="{spans[(r, c)]}"' if (r, c) in spans else ""
            body = "".join(f"<p>{html.escape(line)}</p>" for line in value.split("\n"))
            cells.append(f"<{tag}{span}>{body}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="data" border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"
