"""Chinese word segmentation for the full-text index, in one place.

Why jieba and not the databases' own tokenizers: SQLite's FTS5 and PostgreSQL's
text parser do not know Chinese words (FTS5's trigram cannot even match a
two-character term like ``就业``). Both databases index the same space-separated
jieba tokens, so a query matches the same rows on either.

Indexing uses ``cut_for_search`` (a long word also yields its dictionary sub-words,
so ``人口疏解`` is found by ``疏解``); queries use the plain cut and require every
word. Tokens are runs of letters and digits only, lower-cased, so FTS5's
``unicode61`` tokenizer and PostgreSQL's ``array_to_tsvector`` see identical words.
No user dictionary of unit names is loaded: the index must not change meaning
when the unit directory changes.
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

import platformdirs

WORD = re.compile(r"[^\W_]+")
_ready = False
_lock = threading.Lock()


def jieba_instance():
    """jieba, initialised once: quiet, with its cache file in the user's cache directory."""
    global _ready
    import jieba

    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                cache = Path(platformdirs.user_cache_dir("duban", appauthor=False))
                cache.mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(cache)
                jieba.initialize()
                _ready = True
    return jieba


def _words(pieces) -> list[str]:
    out = []
    for piece in pieces:
        out.extend(w.lower() for w in WORD.findall(piece))
    return out


@lru_cache(maxsize=20000)
def _line_tokens(line: str) -> tuple[str, ...]:
    return tuple(_words(jieba_instance().cut_for_search(line)))


def index_tokens(text: str) -> list[str]:
    """Tokens line by line (a numbered item never shares a word with the next); repeated lines cost nothing."""
    out: list[str] = []
    for line in (text or "").split("\n"):
        out.extend(_line_tokens(line))
    return out


def segment(text: str) -> str:
    """The space-separated tokens stored in ``search_docs.segmented``."""
    return " ".join(index_tokens(text))


def query_tokens(query: str) -> list[str]:
    """The words a query requires, in order, without repeats."""
    seen: dict[str, None] = {}
    for w in _words(jieba_instance().cut(query or "")):
        seen.setdefault(w, None)
    return list(seen)


def highlight_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Character offsets ``[start, end)`` of every occurrence of the words in ``text``, merged."""
    lowered = text.lower()
    spans = []
    for w in words:
        start = lowered.find(w)
        while start >= 0 and w:
            spans.append((start, start + len(w)))
            start = lowered.find(w, start + len(w))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
