"""Page images of exported files, and how much of each page is left empty.

Why images: what an office sees is the printed page. Each PDF page is rendered with
pdftoppm and the lowest ink above the footer measured; the empty share of a page
is the part of its body (between the top and bottom margins) below that ink.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

FOOTER_SHARE = 0.09  # the page number sits in the bottom margin: ignore ink below this share of the page


def to_pdf(path: Path) -> Path:
    """A .docx or .xlsx converted by LibreOffice (what the tests have of Word and Excel)."""
    if path.suffix == ".pdf":
        return path
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = path.parent / ".lo-profile"
    out = path.parent / f"{path.name}-rendered"  # beside the file, never over an exported .pdf
    out.mkdir(exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    return out / f"{path.stem}.pdf"


def page_images(pdf: Path, dpi: int = 60) -> list[Path]:
    prefix = pdf.with_name(pdf.stem + "-page")
    for old in pdf.parent.glob(pdf.stem + "-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=120)
    return sorted(pdf.parent.glob(pdf.stem + "-page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def empty_share(png: Path, top_margin: float, bottom_margin: float) -> float:
    """Share of the page body (between the margins, given as shares of the page height) below the last ink."""
    image = Image.open(png).convert("L")
    width, height = image.size
    limit = int(height * (1 - FOOTER_SHARE))
    pixels = image.load()
    last = 0
    for y in range(limit - 1, -1, -1):
        if any(pixels[x, y] < 160 for x in range(0, width, 2)):
            last = y
            break
    body_top, body_bottom = height * top_margin, height * (1 - bottom_margin)
    return max(0.0, (body_bottom - last) / (body_bottom - body_top))
