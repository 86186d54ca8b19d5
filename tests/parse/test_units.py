"""Unit cells as printed in real tables: spaces, line breaks inside names, labels, groups."""
from __future__ import annotations

import pytest

from duban.parse.units import split_units


@pytest.mark.parametrize("cell, expected", [
    ("区规分局 区城管委", ["区规分局", "区城管委"]),
    ("区商务局\n王府井\n管委会", ["区商务局", "王府井管委会"]),
    ("区生态\n环境局", ["区生态环境局"]),
    ("各街道\n办事处、\n区政府\n各部门", ["各街道办事处", "区政府各部门"]),
    ("区委组织部\n（公务员局）", ["区委组织部（公务员局）"]),
    ("牵头单位：市发展改革委；配合单位：市财政局、市住房城乡建设委", ["市发展改革委", "市财政局", "市住房城乡建设委"]),
    ("区城管委\n交通支队", ["区城管委", "交通支队"]),
    ("县住房城乡\n建设局", ["县住房城乡建设局"]),
    ("区政府各委办局", ["区政府各委办局"]),
    ("浦东新区\n人民政府，区发展改革委", ["浦东新区人民政府", "区发展改革委"]),
    ("", []),
])
def test_split_units(cell, expected):
    assert split_units(cell) == expected
