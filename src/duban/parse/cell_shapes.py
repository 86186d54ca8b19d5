"""What a table cell looks like on its own, for layouts that lost the column of each cell.

A table flattened one cell per line with merged cells left out, or a row whose
columns ran together, can still be read: unit names, officials' names, dates,
statuses (``已完工``) and counts (``民生实事项目(3个)``) each have a shape of their
own, while task texts are whatever is left. Every test here is about the general
shape of such cells in Chinese government tables, never about one document's words.
"""
from __future__ import annotations

import re

from duban.parse.lazyre import lazy_compile
from duban.parse.text import squash
from duban.parse.units import looks_like_unit, split_units

# Words that say how far a piece of work has got; a status cell is a few of them.
_STATUS = lazy_compile(r"^(?:已|正在|未|尚未|基本|全面|按计划|按期|序时|提前|超额|持续|稳步)?"
                     r"(?:完工|完成|竣工|开工|推进|施工|实施|启动|建成|投用|运行|办结|达标|滞后|暂缓|推进中|进行中|"
                     r"建设中|实施中|开展|落实|交付|验收|通车|开放|投入使用)(?:中|了)?$")
_COUNT = lazy_compile(r"[（(]?\s*\d{1,4}\s*[个项件类条所处座]\s*[)）]?$")
_NUMBER = lazy_compile(r"^[-+]?\d+(?:\.\d+)?\s*(?:%|％|万|亿)?[\u4e00-\u9fff]{0,3}$")
_DATE = lazy_compile(r"^(?:(?:19|20)\d{2}\s*年)?\s*(?:\d{1,2}\s*月(?:底|末|前|份)?|[上下]半年|年底|年内|全年|长期|"
                   r"第?[一二三四1-4]\s*季度|持续推进)(?:前|底|末|完成)?$"
                   r"|^(?:19|20)\d{2}\s*年(?:底|末|内)?(?:前|完成)?$|^(?:19|20)\d{2}[-./]\d{1,2}(?:[-./]\d{1,2})?$")
# A Chinese personal name: two to four Han characters with no institutional ending.
_PERSON = lazy_compile(r"^[\u4e00-\u9fff]{2,4}$")
_NUMBERED_TEXT = lazy_compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[.．、](?!\d))")


def is_status(text: str) -> bool:
    """``已完工``, ``正在施工``, ``序时推进``: a progress column holding a state, not a sentence."""
    flat = squash(text)
    return 0 < len(flat) <= 10 and bool(_STATUS.match(flat))


_SENTENCE = lazy_compile(r"[。；;，,：:！？!?]")


def is_verdict(text: str) -> bool:
    """A status column's cell (``序时推进``, ``是``, ``已完成``, ``未达序``): a few words, no
    sentence, no figure. A long text in that column is an explanation, not a verdict."""
    flat = squash(text)
    return 0 < len(flat) <= 12 and not _SENTENCE.search(flat) and not re.search(r"\d", flat)


def is_count(text: str) -> bool:
    """A count cell (``民生实事项目(3个)``, ``5项``): how many items a group holds."""
    flat = squash(text)
    return 0 < len(flat) <= 24 and bool(_COUNT.search(flat)) and not re.search(r"[。；，,]", flat)


def is_number(text: str) -> bool:
    """A figure or a share (``4385``, ``110%``): a completion or ratio cell."""
    return bool(_NUMBER.match(squash(text)))


def is_date(text: str) -> bool:
    """A deadline cell: ``2025年6月底``, ``全年``, ``第三季度``, ``2024-06-30``."""
    return bool(_DATE.match(squash(text)))


def is_unit_cell(text: str) -> bool:
    """Unit names only (``区城管局 区水投``, ``区教体局(区国资公司代建)``)."""
    flat = text.strip()
    if not flat or len(squash(flat)) > 60:
        return False
    names = split_units(flat)
    return bool(names) and all(looks_like_unit(n) for n in names)


def is_person(text: str) -> bool:
    """An official's name (``叶林``, ``马振明``) — two to four Han characters that are no unit
    name, status or date. Only meaningful in a column a header calls a person column."""
    flat = squash(text)
    return bool(_PERSON.match(flat)) and not looks_like_unit(flat) and not is_status(flat) and not is_date(flat)


def is_numbered_text(text: str) -> bool:
    """A project or sub-item line (``(一)…``, ``1.…``)."""
    return bool(_NUMBERED_TEXT.match(text))


_STATEMENT = lazy_compile(r"[。；;！!]$|已|完成|开工|竣工|推进|正在|累计|同比|启动|实现|达到")


def is_statement(text: str) -> bool:
    """A sentence saying what was done (``1.已推出集成服务事项18项。``), not a project's name
    (``2.乐业路``)."""
    return bool(_STATEMENT.search(squash(text)))
