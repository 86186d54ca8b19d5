"""Responsible units (主责单位 / 责任单位): split a cell into whole unit names.

Names are recognised by the general shape of Chinese government unit names — a
stem followed by an institutional suffix (…局, …委, …办, …中心, …街道, …管委会,
…分局, …支队…) — not by a list of any one district's units. Page layout may
break one name over lines (``区生态`` / ``环境局``); a fragment is joined to the
next when it cannot stand alone (no suffix), when the next is a bare suffix
(``管委会``), a bracketed alias (``（公务员局）``), or a ``各…`` group completing
its owner (``区政府`` + ``各部门``). Group names are kept as printed.
"""
from __future__ import annotations

import re

from duban.parse.lazyre import lazy_compile
from duban.parse.text import squash

# Institutional suffixes, longest first so ``委员会`` wins over ``会``.
SUFFIXES = sorted({
    "局", "委", "办", "厅", "部", "署", "处", "科", "室", "所", "站", "队", "院", "馆", "台", "社",
    "中心", "街道", "办事处", "管委会", "委员会", "分局", "支队", "大队", "中队", "总队", "政府",
    "公司", "集团", "法院", "检察院", "联合会", "工会", "团委", "区委", "妇联", "残联", "科协", "侨联",
    "文联", "红十字会", "协会", "学校", "医院", "镇", "乡", "村", "社区", "管理处", "指挥部", "领导小组",
    "工作组", "专班", "各部门", "各单位", "委办局", "机构", "有关部门", "相关部门", "有关单位", "相关单位",
    "各区", "园区", "小组",
    # zones run by their own administrations (经济开发区, 高新区), listed among the units
    "开发区", "经开区", "高新区", "自贸区", "示范区", "管理区", "保税区", "度假区",
    # state investment companies, printed by their short names (区城投, 市水投, 县交投)
    "城投", "水投", "交投", "国投", "文投", "农投", "产投", "建投", "金投",
}, key=len, reverse=True)

# Fragments that only ever complete a name begun on the previous line.
BARE_SUFFIXES = {"办事处", "管委会", "委员会", "分局", "支队", "大队", "中心", "办公室", "管理局",
                 "监管局", "环境局", "建设局", "工作局", "服务局", "发展局", "保障局", "街道"}

_SEPARATORS = lazy_compile(r"[、，,；;／/]+|\s+")
_LABEL = lazy_compile(r"^(?:主责单位|牵头单位|责任单位|配合单位|协办单位|参与单位|责任部门|牵头部门|配合部门|主办单位)\s*[:：]?")
_PREFIX_WORD = lazy_compile(r"^(?:牵头|配合|主责|协办)\s*[:：]")


# Word endings that look like a suffix but sit inside longer names (``区住房城乡`` + ``建设委``).
NON_FINAL = ("城乡", "乡镇", "街乡", "社会", "文化", "和", "与", "及")


# 各乡镇, 各街乡, 各区县: a group named by its members' kind is whole as printed.
_GROUP = lazy_compile(r"^各[\u4e00-\u9fff]{1,4}$")


def is_complete(name: str) -> bool:
    """A name that can stand alone: it ends with an institutional suffix (or an alias in brackets)."""
    name = name.rstrip("）)")
    if name != name.rstrip() or (name.endswith(NON_FINAL) and not _GROUP.match(name)):
        return False
    return any(name.endswith(s) for s in SUFFIXES) or bool(re.search(r"[（(][^（）()]+$", name))


def looks_like_unit(text: str) -> bool:
    """Could this short text be (a list of) unit names? Used to find the units cell in a line stream."""
    text = squash(text)
    if not text or len(text) > 40 or re.search(r"[。！？：:“”《》%]|\d", text):
        return False
    parts = [p for p in re.split(r"[、，,；;]", text) if p]
    return all(is_complete(p) or p in BARE_SUFFIXES for p in parts)


def _fragments(cell: str) -> list[tuple[str, bool]]:
    """Pieces of a cell with a flag: True when an explicit separator (、，;) followed the piece."""
    out: list[tuple[str, bool]] = []
    for line in cell.replace("\r", "\n").split("\n"):
        line = _LABEL.sub("", line.strip())
        line = _PREFIX_WORD.sub("", line)
        pos = 0
        for m in _SEPARATORS.finditer(line):
            if _open_bracket(line, m.start()):
                continue  # 各县（市、区）人民政府: a separator inside brackets splits nothing
            piece = _LABEL.sub("", line[pos:m.start()])
            if piece:
                out.append((piece, not m.group().isspace()))
            elif out and not m.group().isspace():
                out[-1] = (out[-1][0], True)
            pos = m.end()
        tail = _LABEL.sub("", line[pos:])
        if tail:
            out.append((tail, False))
    return out


def _open_bracket(text: str, pos: int) -> bool:
    head = text[:pos]
    return head.count("（") + head.count("(") > head.count("）") + head.count(")")


# A role word printed after a name (市教育局牵头，市财政局配合) or closing a list (…等).
_ROLE_TAIL = lazy_compile(r"(?<=[\u4e00-\u9fff）)])(?:牵头|配合|负责|参与|协助|协办|主责|等)$")


# One jurisdiction level, as printed in ``各县、市、区政府`` (the governments of every county,
# city and district): a list of levels sharing one ``各`` and one suffix.
_LEVEL = "县市区旗镇乡"


def _join_levels(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """``各县`` + ``市`` + ``区政府`` → ``各县、市、区政府``: one group, as printed."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(pieces):
        piece, sep = pieces[i]
        if len(piece) == 2 and piece[0] == "各" and piece[1] in _LEVEL:
            j = i + 1
            while j < len(pieces) and len(pieces[j][0]) == 1 and pieces[j][0] in _LEVEL:
                j += 1
            if j < len(pieces) and pieces[j][0][:1] in _LEVEL and is_complete(pieces[j][0][1:]) and j > i:
                out.append(("、".join(p for p, _ in pieces[i:j + 1]), pieces[j][1]))
                i = j + 1
                continue
        out.append((piece, sep))
        i += 1
    return out


# A note in brackets closing a name (``(开发商配建学校项目)``, ``(列第一位者为牵头单位,下同)``) says
# something about the unit; an alias in brackets (``（公务员局）``) is itself a unit name, and
# brackets inside a name (``各县（市、区）人民政府``) are part of it.
_NOTE = lazy_compile(r"(?<=[\u4e00-\u9fff])[（(]([^（）()]*)[)）](?=\s*(?:[、，,；;／/\n。]|$))")


def _drop_notes(text: str) -> str:
    return _NOTE.sub(lambda m: m.group(0) if is_complete(m.group(1)) else "", text)


def split_units(cell: str | None) -> list[str]:
    """Whole unit names in printed order, duplicates dropped."""
    if not cell:
        return []
    cell = _drop_notes(cell.strip()).rstrip("。.；;，, ")
    pieces = _join_levels(_fragments(_LABEL.sub("", cell)))
    names: list[str] = []
    current = ""
    explicit_end = True
    for piece, separated in pieces:
        if current and not explicit_end and _continues(current, piece):
            current += piece
        else:
            if current:
                names.append(current)
            current = piece
        explicit_end = separated
    if current:
        names.append(current)
    seen: list[str] = []
    for n in (part for name in names for part in _unglue(name)):
        n = n.strip("：:")
        if len(n) > 3:
            n = _ROLE_TAIL.sub("", n)
        if n and n not in seen:
            seen.append(n)
    return seen


def _continues(current: str, piece: str) -> bool:
    if piece.startswith(("（", "(")):
        return True
    if piece in BARE_SUFFIXES or (len(piece) <= 3 and piece in SUFFIXES):
        return True
    if piece.startswith("各") and current.endswith(("政府", "区委", "市委", "县委")):
        return True
    return not is_complete(current)


_JURISDICTION = ("区", "市", "县", "省", "各", "镇", "乡")


def _unglue(name: str) -> list[str]:
    """Two names glued by a layout that dropped the line break between them
    (``区园林绿化局区机关服务中心``): split where a whole name ends and another begins
    with a jurisdiction prefix."""
    if len(name) < 8 or name.startswith(("（", "(")):
        return [name]
    for cut in range(3, len(name) - 2):
        left, right = name[:cut], name[cut:]
        if _open_bracket(name, cut):
            continue
        if right.startswith(_JURISDICTION) and is_complete(left) and is_complete(right) \
                and not left.endswith(("政府", "区委", "市委", "县委")) and not right.startswith(("各部门", "各单位")):
            return [left, *_unglue(right)]
    return [name]
