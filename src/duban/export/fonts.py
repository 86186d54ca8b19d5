"""Font choices of official documents, and how to fall back where a font is missing.

Government tables are set in 仿宋_GB2312 with titles in 方正小标宋简体. Word on the
recipient's machine usually has them, so the .docx names them first. A Linux
server rarely does, and LibreOffice then substitutes whatever fontconfig offers —
for the PDF we pick the first installed font of each chain ourselves, so the
result is predictable (Noto Serif CJK for 仿宋, Noto Sans CJK for 黑体).
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

TITLE_CHAIN = ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC")
BODY_CHAIN = ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC",
              "WenQuanYi Zen Hei")
HEADING_CHAIN = ("黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
NUMBER_CHAIN = ("宋体", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei")
LATIN_FONT = "Times New Roman"


@dataclass(frozen=True)
class FontSet:
    title: str
    body: str
    heading: str
    number: str
    latin: str = LATIN_FONT
    title_bold: bool = False  # 小标宋 is heavy by design; a substitute serif needs bold to look like it


OFFICIAL = FontSet(TITLE_CHAIN[0], BODY_CHAIN[0], HEADING_CHAIN[0], NUMBER_CHAIN[0])


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Family names fontconfig knows (every localized name of each font)."""
    if not shutil.which("fc-list"):
        return frozenset()
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",") if name.strip())


def first_installed(chain: tuple[str, ...]) -> str:
    families = installed_families()
    return next((name for name in chain if name in families), chain[0])


def installed_fontset() -> FontSet:
    """The official fonts where installed, else the nearest installed ones (for rendering here)."""
    title = first_installed(TITLE_CHAIN)
    return FontSet(title, first_installed(BODY_CHAIN), first_installed(HEADING_CHAIN), first_installed(NUMBER_CHAIN),
                   title_bold=title not in TITLE_CHAIN[:2])


def alternates(name: str) -> tuple[str, ...]:
    """The names after ``name`` in its chain, written into the .docx font table as alternates."""
    for chain in (TITLE_CHAIN, BODY_CHAIN, HEADING_CHAIN, NUMBER_CHAIN):
        if name in chain:
            return chain[chain.index(name) + 1:]
    return ()
