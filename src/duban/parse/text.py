"""Text normalisation shared by every part of the parser.

The contract keeps text "as printed" but without layout noise: HTML tags dropped,
white space between two CJK characters removed (a PDF or web page inserts it, the
author never did), other white-space runs folded to one space.
"""
from __future__ import annotations

import html
import re

from duban.parse.lazyre import lazy_compile

# Han ideographs, CJK symbols and punctuation, full-width forms, Chinese quotes and dashes.
CJK_CLASS = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
    "\u3000-\u303f"  # CJK symbols and punctuation 、。〃《》「」【】
    "\uff00-\uffef"  # full-width forms ，：；（）！？
    "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7\u2022"  # ‘’“”—…·•
)
_CJK = f"[{CJK_CLASS}]"
_SPACE_BETWEEN_CJK = lazy_compile(rf"(?<={_CJK})\s+(?={_CJK})")
_SPACES = lazy_compile(r"\s+")
_TAG = lazy_compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")


def is_cjk(ch: str) -> bool:
    return bool(ch) and re.match(_CJK, ch) is not None


def strip_tags(text: str) -> str:
    """Remove HTML tags and decode entities (``<p>`` in a tab-separated export)."""
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(_TAG.sub(" ", text))


def clean(text: str) -> str:
    """One paragraph of text as the contract wants it."""
    text = strip_tags(text).replace("\xa0", " ").replace("\u3000", " ")
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def join_lines(lines: list[str]) -> str:
    """Join lines that page layout broke: nothing is inserted between them."""
    return clean("".join(line.strip() for line in lines))


def squash(text: str) -> str:
    """Text with all white space removed, for comparisons and pattern matching."""
    return _SPACES.sub("", strip_tags(text).replace("\xa0", ""))
