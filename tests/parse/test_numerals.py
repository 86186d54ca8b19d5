"""Chinese numerals read without cn2an agree with cn2an, and defer to it when unsure."""
from __future__ import annotations

import random

import cn2an
import pytest

from duban.parse.numerals import chinese_int


@pytest.mark.parametrize(("text", "value"), [("三", 3), ("十二", 12), ("二十", 20), ("两千零五", 2005),
                                             ("一百零一", 101), ("一亿二千万", 120_000_000), ("二十五万", 250_000)])
def test_standard_forms(text, value):
    assert chinese_int(text) == value


@pytest.mark.parametrize("text", ["三百五", "一万六", "二〇二一", "一点五", "十〇", "百", ""])
def test_shorthand_and_other_forms_are_left_to_cn2an(text):
    assert chinese_int(text) is None


def test_agrees_with_cn2an_wherever_it_answers():
    rng = random.Random(11)
    alphabet = "零〇一二两三四五六七八九十百千万亿"
    cases = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(4000)]
    cases += [cn2an.an2cn(str(rng.randint(0, 10 ** rng.randint(1, 12)))) for _ in range(2000)]
    answered = 0
    for text in cases:
        mine = chinese_int(text)
        if mine is None:
            continue
        answered += 1
        assert mine == int(cn2an.cn2an(text, "smart")), text
    assert answered > 1500
