"""Progress texts split at the expected next number only."""
from __future__ import annotations

from duban.parse.items import split_items


def test_numbered_paragraphs():
    assert split_items("1.完成方案。\n2.开工建设。") == ["完成方案。", "开工建设。"]


def test_inline_number_after_sentence_end():
    assert split_items("1.景山片区已开工。 2.基本完成前期工作。") == ["景山片区已开工。", "基本完成前期工作。"]


def test_period_after_item_number_is_not_a_decimal():
    assert split_items("1.立项。\n2.1-6月份，新增 27 家。") == ["立项。", "1-6月份，新增 27 家。"]


def test_decimal_at_line_start_is_not_an_item():
    assert split_items("1.同比下降\n4.9%。\n2.完成。") == ["同比下降4.9%。", "完成。"]


def test_chinese_ordinals():
    assert split_items("一是完成方案设计；二是开工 40 部。") == ["完成方案设计；", "开工 40 部。"]


def test_unnumbered_text_is_one_item():
    assert split_items("积极配合市级部门，做好相关工作。") == ["积极配合市级部门，做好相关工作。"]
    assert split_items("") == []
