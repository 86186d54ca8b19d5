"""A PDF page's characters and ruling lines, read with pdfium (``pypdfium2``).

Why not pdfplumber's own: pdfplumber builds every glyph as a Python object through
pdfminer's interpreter, which made reading a PDF cost 11–13× ``pdftotext``. pdfium
does the same work in C. The result keeps pdfplumber's shapes — characters as dicts
with ``text x0 x1 top bottom size upright``, rulings as pdfplumber edges — so line
building (``pdf_lines``) and pdfplumber's table finder work on them unchanged.
Coordinates are pdfplumber's: points from the page's top-left corner.
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

PATH, FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
MOVETO, LINETO = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
FLAT = 0.5  # a segment this close to level (points) is a horizontal or vertical ruling


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(data)


def page_chars(page: pdfium.PdfPage, height: float) -> list[dict]:
    """Every character the page draws, in content order; pdfium's generated spaces and breaks left out.

    A glyph without a Unicode mapping gets pdfminer's ``(cid:N)`` text, so the
    reader's "cannot decode" check sees it the same way.
    """
    textpage = page.get_textpage()
    handle = textpage.raw
    box = raw.FS_RECTF()
    chars: list[dict] = []
    last = None
    try:
        for i in range(raw.FPDFText_CountChars(handle)):
            if raw.FPDFText_IsGenerated(handle, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(handle, i)
            if raw.FPDFText_HasUnicodeMapError(handle, i) == 1 or code == 0xFFFE:
                text = f"(cid:{code})"
            elif code in (0, 0xFFFF) or 0xD800 <= code < 0xE000:
                continue
            else:
                text = chr(code)
            if text in "\r\n" or not raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(box)):
                continue
            source = ctypes.cast(raw.FPDFText_GetTextObject(handle, i), ctypes.c_void_p).value
            where = (box.left, box.right, box.top, box.bottom)
            if chars and last == (source, where):
                chars[-1]["text"] += text  # one glyph standing for several characters (a ligature, "——")
                continue
            last = (source, where)
            angle = raw.FPDFText_GetCharAngle(handle, i)
            size = raw.FPDFText_GetFontSize(handle, i)
            chars.append({"text": text, "x0": box.left, "x1": box.right, "top": height - box.top,
                          "bottom": height - box.bottom, "size": size if size > 0 else box.top - box.bottom,
                          "upright": angle < 0 or min(angle, 2 * math.pi - angle) < 0.05})
    finally:
        textpage.close()
    return chars


@dataclass
class _Matrix:
    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def then(self, outer: _Matrix) -> _Matrix:
        """This transform followed by ``outer``."""
        return _Matrix(self.a * outer.a + self.b * outer.c, self.a * outer.b + self.b * outer.d,
                       self.c * outer.a + self.d * outer.c, self.c * outer.b + self.d * outer.d,
                       self.e * outer.a + self.f * outer.c + outer.e, self.e * outer.b + self.f * outer.d + outer.f)

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f


def page_edges(page: pdfium.PdfPage, height: float) -> list[dict]:
    """Horizontal and vertical segments of every path (lines and rectangle sides), as pdfplumber edges."""
    edges: list[dict] = []
    count = raw.FPDFPage_CountObjects(page.raw)
    _collect(( raw.FPDFPage_GetObject(page.raw, i) for i in range(count)), _Matrix(), height, edges, 0)
    return edges


def _matrix(obj) -> _Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _Matrix()
    return _Matrix(m.a, m.b, m.c, m.d, m.e, m.f)


def _collect(objects, outer: _Matrix, height: float, edges: list[dict], depth: int) -> None:
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == PATH:
            _path_edges(obj, _matrix(obj).then(outer), height, edges)
        elif kind == FORM and depth < 8:
            inner = _matrix(obj).then(outer)
            n = raw.FPDFFormObj_CountObjects(obj)
            _collect((raw.FPDFFormObj_GetObject(obj, i) for i in range(n)), inner, height, edges, depth + 1)


def _path_edges(obj, matrix: _Matrix, height: float, edges: list[dict]) -> None:
    x, y = ctypes.c_float(), ctypes.c_float()
    start = previous = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = matrix.apply(x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == MOVETO:
            start = previous = point
            continue
        if kind == LINETO and previous is not None:
            _edge(previous, point, height, edges)
        previous = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            _edge(previous, start, height, edges)
            previous = start


def _edge(p0: tuple[float, float], p1: tuple[float, float], height: float, edges: list[dict]) -> None:
    (x0, y0), (x1, y1) = p0, p1
    if abs(y0 - y1) <= FLAT and abs(x0 - x1) > FLAT:
        orientation, y1 = "h", y0
    elif abs(x0 - x1) <= FLAT and abs(y0 - y1) > FLAT:
        orientation, x1 = "v", x0
    else:
        return
    top, bottom = height - max(y0, y1), height - min(y0, y1)
    edges.append({"object_type": "line", "orientation": orientation, "x0": min(x0, x1), "x1": max(x0, x1),
                  "top": top, "bottom": bottom, "doctop": top, "width": abs(x1 - x0), "height": bottom - top})
