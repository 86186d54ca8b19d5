"""完成值 the report form suggests: the assessment engine's reading of the progress text, the same
reading that suggests the status (``work.status.achievements_from_text``), one amount per target."""
from __future__ import annotations

from duban.work.status import TargetInput, achievements_from_text, suggest_from_text

RETREAT = TargetInput(2000, "户", "不少于", "完成不少于 2000户退租", "退租")
REPAIR = TargetInput(1000, "户", "不少于", "不少于 1000户修缮", "修缮")


def test_signed_households_go_to_the_retreat_target_not_the_scope_number():
    items = ["启动钟鼓楼周边院落申请式退租，3 个申请式退租项目涉及户数 1214 户，已完成签约 690户。",
             "区房屋经营管理单位编制房屋修缮清册，下一步开展房屋修缮工作。"]
    assert achievements_from_text([RETREAT, REPAIR], items) == (690, None)


def test_each_number_goes_to_the_target_its_sentence_names():
    items = ["申请式退租项目已完成签约1500户。已修缮直管公房600户。"]
    assert achievements_from_text([RETREAT, REPAIR], items) == (1500, 600)


def test_units_must_agree_and_wan_is_folded():
    demolish = TargetInput(50000, "平方米", None, "拆除违建5万平方米", "拆除违建")
    items = ["累计拆除违法建设3.2万平方米，完成整治点位120个。"]
    assert achievements_from_text([demolish], items) == (32000,)


def test_an_unrelated_number_without_a_completion_word_is_left_alone():
    items = ["全区共有17个街道参与。"]
    assert achievements_from_text([TargetInput(300, "个", None, "新建300个楼门院治理示范点", "示范点")], items) == (None,)


def test_nothing_to_read():
    assert achievements_from_text([RETREAT], []) == (None,)
    assert achievements_from_text([RETREAT], ["", "  "]) == (None,)
    assert achievements_from_text([], ["已完成签约690户"]) == ()


def test_the_form_amounts_are_the_ones_behind_the_suggested_status():
    items = ["申请式退租项目已完成签约1500户。已修缮直管公房600户。"]
    assert suggest_from_text([RETREAT, REPAIR], items, 0.75).achievements == achievements_from_text([RETREAT, REPAIR], items)
