"""Regular expressions compiled on first use.

Why: the parser holds about 160 module-level patterns, many over CJK ranges whose
compilation ``re`` does in pure Python (a class such as ``[\\u4e00-\\u9fff]`` is a
21,000-step loop). Compiled at import they took about half of a small file's parse,
and a given document reaches only a third of them. A ``LazyPattern`` compiles when one
of its methods is first looked up, then keeps the compiled pattern's bound methods in
its own ``__dict__``, where every later look-up finds them directly (no hook runs).
"""
from __future__ import annotations

import re

__all__ = ["LazyPattern", "lazy_compile"]


class _OnFirstUse:
    """Stands for one attribute of the compiled pattern until it is first looked up; that
    look-up compiles the pattern and shadows every such attribute in the instance."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: LazyPattern | None, owner: type):
        if instance is None:
            return self
        compiled = re.compile(instance.pattern, instance.flags)
        for name, value in vars(owner).items():
            if isinstance(value, _OnFirstUse):
                instance.__dict__[name] = getattr(compiled, name)
        return instance.__dict__[self.name]


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``; ``pattern`` and ``flags`` are kept as given."""

    search = _OnFirstUse()
    match = _OnFirstUse()
    fullmatch = _OnFirstUse()
    finditer = _OnFirstUse()
    findall = _OnFirstUse()
    sub = _OnFirstUse()
    subn = _OnFirstUse()
    split = _OnFirstUse()
    scanner = _OnFirstUse()
    groups = _OnFirstUse()
    groupindex = _OnFirstUse()

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r})"


def lazy_compile(pattern: str | bytes, flags: int = 0) -> LazyPattern:
    """``re.compile`` deferred to the pattern's first use (an invalid pattern fails there)."""
    return LazyPattern(pattern, flags)
