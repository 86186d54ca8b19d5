"""The matching copy: simplified characters, mirror glosses dropped, positions mapped back."""
from duban.parse.normalize import has_glosses, normalize, simplified

# Printed as on a mirror of a 青岛市人民政府办公厅 notice (dev doc 11 has the same look).
PRINTED = "建設崂山實驗室。(牽頭單位:市科技局,參與單位:青島藍(lán)谷管理局)重點工(gōng)作"


def test_traditional_text_matches_simplified_words():
    copy = normalize(PRINTED)
    assert "牵头单位:市科技局" in copy.text
    assert "参与单位:青岛蓝谷管理局" in copy.text
    assert "重点工作" in copy.text
    assert "(lán)" not in copy.text and "(gōng)" not in copy.text


def test_a_span_found_on_the_copy_cuts_the_printed_text():
    copy = normalize(PRINTED)
    label = "参与单位:"
    start = copy.text.index(label) + len(label)
    end = copy.text.index(")", start)
    assert copy.original(start, end) == "青島藍(lán)谷管理局"
    assert copy.original(0, len(copy.text)) == PRINTED


def test_a_gloss_goes_with_its_character():
    copy = normalize("工(gōng)作")
    assert copy.text == "工作"
    assert copy.original(0, 1) == "工(gōng)"
    assert copy.original(1, 2) == "作"


def test_brackets_that_are_not_glosses_stay():
    for text in ("项目(a)类", "实施(GDP)核算", "方案(2023—2025年)", "单位(区政府)", "达(ab)"):
        assert normalize(text).text == text
        assert not has_glosses(text)


def test_simplified_text_is_left_alone():
    text = "新开工改造城镇老旧小区3011万平方米。建设100个口袋公园、10座体育公园。"
    copy = normalize(text)
    assert copy.text == text and not copy.changed
    assert copy.original(2, 4) == text[2:4]


def test_length_is_kept_character_for_character():
    text = "乾隆年間的乾淨頭髮與後來的發展"
    copy = normalize(text)
    assert len(copy.text) == len(text)
    assert simplified("發展") == "发展"
