"""Regular expressions compiled on first use.

Why: the parser holds about 160 module-level patterns, many over CJK ranges whose
compilation ``re`` does in pure Python (a class such as ``[\\u4e00-\\u9fff]`` is a
21,000-step loop). Compiled at import they took about half of a small file's parse,
and a given document reaches only a third of them. A ``LazyPattern`` compiles when
first used, then keeps the compiled pattern's bound methods as its own attributes,
so every later call costs what a call on the compiled pattern costs.
"""
from __future__ import annotations

import re

__all__ = ["LazyPattern", "lazy_compile"]

# What a compiled pattern offers besides ``pattern`` and ``flags`` (kept as given).
_FORWARDED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
              "groups", "groupindex")


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``; compiles on the first attribute it is asked for."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str):
        # Called only for attributes not yet set: the first use. Dunder look-ups (copy, pickle)
        # must not compile, and must not recurse before ``__init__`` has run.
        if name.startswith("__") or name not in _FORWARDED:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for attr in _FORWARDED:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r})"


def lazy_compile(pattern: str | bytes, flags: int = 0) -> LazyPattern:
    """``re.compile`` deferred to the pattern's first use (an invalid pattern fails there)."""
    return LazyPattern(pattern, flags)
