"""Round and report states are spelled once: the enums and the label table of ``store/states.py``.

Issue 10 found the states as bare strings in five modules and the CLI and the web using
different words for them (已报送/已提交, 已审核/已通过, 已公开/已发布, 报送中/进行中,
已截止/已关闭). These tests read duban's own source and templates, so a bare ``"open"``
or a hand-written 已提交 creeping back fails here instead of drifting apart again.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from jinja2 import Environment

import duban
from duban.work.states import STATE_LABELS, ReportState, RoundState

SRC = Path(duban.__file__).parent
STATE_VALUES = {s.value for s in (*RoundState, *ReportState)}
# where the values themselves are written: the vocabulary, and the migrations (frozen history)
DEFINED_IN = {SRC / "store" / "states.py", SRC / "work" / "states.py"}
# other names the states used to go by; the label table's word is the only one shown
OTHER_WORDS = ("已提交", "已发布", "已关闭", "已通过", "进行中")
SHOWN_BY = ("web", "export", "commands")  # the layers that show states to people


def python_files(*parts: str) -> list[Path]:
    roots = [SRC / p for p in parts] if parts else [SRC]
    return sorted(p for root in roots for p in root.rglob("*.py")
                  if p not in DEFINED_IN and "migrations" not in p.parts)


def template_files(*parts: str) -> list[Path]:
    return sorted(p for part in parts for p in (SRC / part).rglob("*.html"))


def _unrelated(node: ast.Constant, parents: dict[ast.AST, ast.AST]) -> bool:
    """A string that happens to equal a state value but names something else: a docstring, a
    keyword argument not about states (``mount("/open", …, name="open")``) or a dict key whose
    value is not a word (a template's context ``{"draft": draft}``)."""
    parent = parents.get(node)
    if isinstance(parent, ast.Expr):
        return True
    if isinstance(parent, ast.keyword):
        return "state" not in (parent.arg or "")
    if isinstance(parent, ast.Dict) and any(k is node for k in parent.keys):
        value = parent.values[[k is node for k in parent.keys].index(True)]
        return not (isinstance(value, ast.Constant) and isinstance(value.value, str))
    return False


def bare_states(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string constant equal to a round or report state, but unrelated ones."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = [node for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in STATE_VALUES
             and not _unrelated(node, parents)]
    return [(node.lineno, node.value) for node in sorted(found, key=lambda n: (n.lineno, n.col_offset))]


def template_states(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string literal inside ``{{ }}`` / ``{% %}`` equal to a state."""
    return [(line, value.strip("'\"")) for line, kind, value in Environment().lex(source)
            if kind == "string" and value.strip("'\"") in STATE_VALUES]


def test_the_detector_sees_what_it_must_and_nothing_else():
    caught = bare_states('if rnd.state == "open":\n    pass\nx = ("draft", "submitted")\n'
                         'q = select(Round).where(Round.state.in_(("closed",)))\n'
                         'def f(state: str = "published"): ...\nmake(state="returned")\n'
                         'LABELS = {"approved": "已审核"}\nurl = f"?saved={\'withdrawn\' if a else \'draft\'}"\n')
    assert [v for _, v in caught] == ["open", "draft", "submitted", "closed", "published", "returned",
                                      "approved", "withdrawn", "draft"]
    assert bare_states('"""open"""\napp.mount("/open", site, name="open")\npage("x.html", {"draft": draft})\n'
                       'details = "<details open>"\n') == []
    assert template_states("{% if round.state == 'open' %}开{% endif %}<details open>{{ x }}") == [(1, "open")]
    assert template_states("{% if round.state == RoundState.OPEN %}{{ round.state|state_label }}{% endif %}") == []


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_bare_state_string_in_python(path):
    """States are compared, assigned and queried through ``RoundState`` / ``ReportState``."""
    assert bare_states(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", template_files("web/templates", "export/templates"),
                         ids=lambda p: str(p.relative_to(SRC)))
def test_no_bare_state_string_in_templates(path):
    """Templates compare with the ``RoundState`` / ``ReportState`` globals and show ``|state_label``."""
    assert template_states(path.read_text(encoding="utf-8")) == []


def test_no_other_word_for_a_state_is_shown():
    """What the CLI, the workbench, the exports and the public site show is the label table's word."""
    found = []
    for path in python_files(*SHOWN_BY):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found += [(path.name, node.lineno, w) for w in OTHER_WORDS if w in node.value]
    for path in template_files("web/templates", "export/templates"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [(path.name, n, w) for w in OTHER_WORDS if w in line]
    assert found == []
    assert not set(OTHER_WORDS) & set(STATE_LABELS.values())
