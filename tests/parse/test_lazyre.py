"""Patterns compiled on first use answer exactly as ``re.compile`` would, and every pattern
the parser holds compiles: laziness must not hide a broken expression until a rare document."""
from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import duban.parse
from duban.parse.lazyre import LazyPattern, lazy_compile

CASES = [
    (r"(?P<n>\d+)\s*(?P<unit>个|项)", 0, "新建公园3个，改造道路 12 项。"),
    (r"^第([一二三四五六七八九十]+)部分$", re.M, "前言\n第二部分\n第三部分"),
    (r"(?<=[\u4e00-\u9fff])、(?=[\u4e00-\u9fff]{2})", 0, "增长5%、城镇新增就业、失业率"),
    (rb"<(?:\w+:)?tr[\s>/]", 0, b"<w:tr><w:tc/></w:tr><tr >"),
]


@pytest.mark.parametrize(("pattern", "flags", "text"), CASES)
def test_a_lazy_pattern_answers_like_the_compiled_one(pattern, flags, text):
    lazy, compiled = lazy_compile(pattern, flags), re.compile(pattern, flags)
    empty = text[:0]

    def spans(matches):
        return [(m.span(), m.groups()) for m in matches]

    assert spans([lazy.search(text)]) == spans([compiled.search(text)])
    assert spans(lazy.finditer(text)) == spans(compiled.finditer(text))
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.split(text) == compiled.split(text)
    assert lazy.sub(empty, text) == compiled.sub(empty, text)
    assert lazy.subn(empty, text, count=1) == compiled.subn(empty, text, count=1)
    assert (lazy.match(text) is None) == (compiled.match(text) is None)
    assert (lazy.fullmatch(text) is None) == (compiled.fullmatch(text) is None)
    assert (lazy.groups, lazy.groupindex) == (compiled.groups, compiled.groupindex)
    assert lazy.pattern == pattern


def test_an_invalid_pattern_fails_when_used_and_an_unknown_attribute_is_an_attribute_error():
    broken = lazy_compile(r"[未闭合")
    with pytest.raises(re.error):
        broken.search("文字")
    with pytest.raises(AttributeError):
        lazy_compile(r"\d").no_such_method  # noqa: B018


def _patterns(value):
    if isinstance(value, LazyPattern):
        yield value
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _patterns(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns(item)


def test_every_pattern_of_the_parser_compiles():
    found = []
    for info in pkgutil.walk_packages(duban.parse.__path__, "duban.parse."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            found.extend(_patterns(value))
    assert len(found) > 100  # the parser's module-level patterns are all lazy now
    for pattern in found:
        pattern.search(pattern.pattern[:0])  # compiles it; a broken expression raises re.error
