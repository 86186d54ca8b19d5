"""The round-to-round diff shown to reviewers and on a task's timeline."""
from __future__ import annotations

from duban.work.textdiff import changed_share, diff_texts


def test_diff_marks_what_changed_between_rounds():
    pieces = diff_texts("已完成签约690户，正在推进修缮", "已完成签约1200户，修缮已完成600户")
    assert "".join(p.text for p in pieces if p.kind != "delete") == "已完成签约1200户，修缮已完成600户"
    assert "".join(p.text for p in pieces if p.kind != "insert") == "已完成签约690户，正在推进修缮"
    assert any(p.kind == "insert" and "600户" in p.text for p in pieces)
    assert changed_share("同样的文字", "同样的文字") == 0.0 and changed_share("甲", "乙") == 1.0
