"""完成值 read from progress texts with the project's own number parser, and the round-to-round diff."""
from __future__ import annotations

from duban.work.achievement import extract_achievements
from duban.work.status import TargetInput
from duban.work.textdiff import changed_share, diff_texts

RETREAT = TargetInput(2000, "户", "不少于", "完成不少于 2000户退租", "退租")
REPAIR = TargetInput(1000, "户", "不少于", "不少于 1000户修缮", "修缮")


def test_signed_households_go_to_the_retreat_target_not_the_scope_number():
    items = ["启动钟鼓楼周边院落申请式退租，3 个申请式退租项目涉及户数 1214 户，已完成签约 690户。",
             "区房屋经营管理单位编制房屋修缮清册，下一步开展房屋修缮工作。"]
    assert extract_achievements([RETREAT, REPAIR], items) == [690, None]


def test_each_number_goes_to_the_target_its_sentence_names():
    items = ["申请式退租项目已完成签约1500户。已修缮直管公房600户。"]
    assert extract_achievements([RETREAT, REPAIR], items) == [1500, 600]


def test_units_must_agree_and_wan_is_folded():
    demolish = TargetInput(50000, "平方米", None, "拆除违建5万平方米", "拆除违建")
    items = ["累计拆除违法建设3.2万平方米，完成整治点位120个。"]
    assert extract_achievements([demolish], items) == [32000]


def test_an_unrelated_number_without_a_completion_word_is_left_alone():
    items = ["全区共有17个街道参与。"]
    assert extract_achievements([TargetInput(300, "个", None, "新建300个楼门院治理示范点", "示范点")], items) == [None]


def test_nothing_to_read():
    assert extract_achievements([RETREAT], []) == [None]
    assert extract_achievements([], ["已完成签约690户"]) == []


def test_diff_marks_what_changed_between_rounds():
    pieces = diff_texts("已完成签约690户，正在推进修缮", "已完成签约1200户，修缮已完成600户")
    assert "".join(p.text for p in pieces if p.kind != "delete") == "已完成签约1200户，修缮已完成600户"
    assert "".join(p.text for p in pieces if p.kind != "insert") == "已完成签约690户，正在推进修缮"
    assert any(p.kind == "insert" and "600户" in p.text for p in pieces)
    assert changed_share("同样的文字", "同样的文字") == 0.0 and changed_share("甲", "乙") == 1.0
