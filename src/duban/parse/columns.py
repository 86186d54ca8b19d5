"""Table columns: which header words name which part of a task.

Headers vary between offices (项目内容 / 工作内容 / 任务内容; 主责单位 / 责任单位 /
牵头单位; 进展情况 / 完成情况 / 推进情况…); each is mapped to one role.
"""
from __future__ import annotations

import re

from duban.parse.lazyre import lazy_compile
from duban.parse.text import squash

# A note in brackets after a header word (责任单位（牵头单位列首位）, 完成时限（月）) says how to fill
# the column, not what it is.
_NOTE = lazy_compile(r"[（(][^（）()]*[)）]|[（(][^（）()]*$")

SEQ, REF, NAME, CONTENT, GOALS, UNITS, CO_UNITS, DEADLINE, PROGRESS, OTHER = (
    "seq", "ref", "name", "content", "goals", "units", "co_units", "deadline", "progress", "other")
# The publishing office's own verdict on each row (是否达序 是/否, 完成状态 已完成, a 完成情况 of
# 序时推进 beside the 进展情况 facts): carried as the task's ``stated_status``, never as progress.
STATUS = "status"
# A goals column beside a task column (重点任务 | 工作目标 | 牵头单位) is the task's aim, not the
# numbered annual goals of a performance table: its figures are the task's targets.
AIM = "aim"

# Longer keywords are tried first, so ``年度任务及目标`` is a goal column, not content.
KEYWORDS: dict[str, tuple[str, ...]] = {
    SEQ: ("序号", "编号", "序"),
    REF: ("任务来源", "任务依据", "对应任务", "对应条目", "任务编号", "对应", "来源", "依据", "出处"),
    NAME: ("任务名称", "项目名称", "事项名称", "指标名称", "考核指标", "考核项目", "绩效指标", "评价指标", "指标"),
    GOALS: ("年度任务及目标", "年度任务目标", "年度目标", "绩效目标", "工作目标", "任务目标", "目标任务", "考核目标",
            "目标要求", "目标值"),
    CONTENT: ("内容与要求", "内容及要求", "项目内容", "工作内容", "任务内容", "重点任务", "工作任务", "主要任务", "具体任务", "任务事项",
              "具体内容", "工作事项", "任务分解", "主要内容", "工作措施", "任务举措", "具体措施", "建设内容", "实事内容",
              "实事项目", "民生实事", "重点工作", "工作要点", "项目", "事项",
              "任务"),
    UNITS: ("主责单位", "责任单位", "牵头单位", "责任部门", "牵头部门", "主办单位", "承办单位", "主责部门",
            "牵头领导及单位", "责任主体", "实施单位", "落实单位", "责任处室", "责任科室", "牵头处室", "承办部门",
            "实施主体"),
    CO_UNITS: ("业主单位", "建设单位", "配合单位", "协办单位", "配合部门", "参与单位", "协同单位", "协同部门", "参与部门", "协助单位", "配合处室"),
    DEADLINE: ("完成时限", "完成时间", "时间节点", "时限要求", "完成期限", "完成节点", "时限"),
    PROGRESS: ("全年完成情况", "进展情况", "完成情况", "推进情况", "落实情况", "工作进展", "进度情况", "目前进展",
               "工作进度", "进展", "推进落实情况", "执行情况", "完成进度", "办理情况", "实施进度", "进度"),
    # A question the office answers per row (是否达序, 是否按期完成) or a state it names (完成状态).
    STATUS: ("是否达序", "是否完成", "是否按期", "是否按时", "是否达到", "是否按序时", "是否滞后", "是否序时",
             "完成状态", "进展状态", "推进状态", "进度状态", "任务状态", "办理状态", "完成评价", "进度评价", "自评"),
    # Remarks, the people columns (责任人, 分管领导) that name officials, not units, and the
    # schedule planned at the start of the year (进度安排), which reports nothing done; a score
    # (自评分, 得分) is no verdict.
    OTHER: ("进度安排", "进度计划", "节点安排", "时间安排", "备注", "说明", "责任人", "联系人", "分管领导", "牵头领导", "责任领导", "分管区领导", "包保领导",
            "自评分", "自评得分", "分值", "得分"),
}
_ORDERED = sorted(((kw, role) for role, kws in KEYWORDS.items() for kw in kws), key=lambda x: -len(x[0]))


# The period a column reports on, printed before its word (2024年一季度进展情况, 截至6月底完成情况).
_PERIOD_PREFIX = lazy_compile(
    r"^(?:截[至止])?(?:(?:19|20)\d{2}年度?)?"
    r"(?:前三季度|第?[一二三四1-4]季度|[上下]半年|全年|\d{1,2}[-—~至]\d{1,2}月份?|\d{1,2}月(?:份|底|末)?(?:\d{1,2}日)?)?"
    r"(?:底|末|前)?")


def _core(header_cell: str) -> str:
    """A header cell without its note and its period: the word that names the column."""
    text = _NOTE.sub("", squash(header_cell)) or squash(header_cell)
    return _PERIOD_PREFIX.sub("", text) or text


# A column counting or measuring the items of a row (项目数量, 占全年计划, 完成比例) holds figures
# about the task, not the task: whatever its other words, it is no text or units column.
_MEASURE = lazy_compile(r"(?:数量|个数|数目|项数|比例|占比|比重|计划)$")


def role_of(header_cell: str) -> str | None:
    """The role a header cell names, or None when it is not a header word."""
    text = _core(header_cell)
    if text and len(text) > 12:
        # 进展情况、存在问题及下一步打算: a long header names its column by its first word
        text = re.split(r"[、，,及和/]", text, maxsplit=1)[0]
    if not text or len(text) > 12:
        return None
    if _MEASURE.search(text) and not any(text.endswith(kw) for kw in KEYWORDS[CONTENT]):
        return OTHER
    if text.startswith("是否"):
        return STATUS  # 是否达序, 是否按期完成: a yes/no question each row answers
    for kw, role in _ORDERED:
        if kw in text:
            return role
    return None


def header_roles(cells: list[str]) -> list[str | None] | None:
    """Roles of a header row, or None when the row is not a task table's header."""
    roles = [role_of(c) for c in cells]
    known = {r for r in roles if r}
    if len(known) < 2:
        return None
    if not ({CONTENT, NAME, GOALS} & known):
        return None
    if not ({SEQ, UNITS, PROGRESS, GOALS, DEADLINE, CO_UNITS} & known):
        return None
    if GOALS in known and CONTENT in known:
        roles = [AIM if r == GOALS else r for r in roles]
    elif GOALS in known and NAME not in known:
        # 目标任务 | 牵头单位 | 责任单位: with no task column beside it, the goals column is the task
        roles = [CONTENT if r == GOALS else r for r in roles]
    progress = [i for i, r in enumerate(roles) if r == PROGRESS]
    periods = {_period(cells[i]) for i in progress}
    if len(periods) > 1:
        for i in progress[:-1]:
            # 1-10月推进情况 | 1-11月推进情况: the last period is the report's; earlier ones are history.
            roles[i] = OTHER
    elif len(progress) > 1 and STATUS not in roles:
        # 进展情况 | 完成情况 of one period: one holds the facts, the other the office's verdict
        # (达序推进, 顺利推进) read off them — the 完成情况 where the other names the facts
        # (进展, 推进), else the last; any other is more text the status never is.
        verdict = next((i for i in progress if _VERDICT_WORD.search(_core(cells[i]))
                        and any(_FACTS_WORD.search(_core(cells[j])) for j in progress if j != i)), progress[-1])
        for i in progress:
            if i != verdict:
                roles[i] = OTHER
        roles[verdict] = STATUS
        roles[next(i for i in progress if i != verdict)] = PROGRESS
    else:
        for i in progress[1:]:
            roles[i] = OTHER
    return roles


_VERDICT_WORD = lazy_compile(r"完成情况$")
_FACTS_WORD = lazy_compile(r"进展|推进|进度|落实")


def _period(header_cell: str) -> str:
    """The period printed before a header word (`1-10月` of `1-10月推进情况`), '' when none."""
    text = _NOTE.sub("", squash(header_cell)) or squash(header_cell)
    return text[:_PERIOD_PREFIX.match(text).end()]


def roles_in_words(words: list[str]) -> list[str] | None:
    """Roles of a header's words when every one of them names a column (``序号 工作内容 责任单位 进展情况``)."""
    if len(words) < 3 or len(squash("".join(words))) > 40:
        return None
    roles = header_roles(words)
    if roles is None or any(r is None for r in roles):
        return None
    return roles  # type: ignore[return-value]


_WORDS = frozenset(kw for kws in KEYWORDS.values() for kw in kws)


def is_keyword(text: str) -> bool:
    return _core(text) in _WORDS


def wrapped_word(top: str, bottom: str) -> str | None:
    """A header word printed over two lines (牵头/单位, 完成/时限, 重点/任务): the joined word
    when it is a known header word, else None. Halves known to sit in the same column."""
    joined = squash(top) + squash(bottom)
    return joined if squash(top) and squash(bottom) and is_keyword(joined) else None


def join_wrapped(top: list[str], bottom: list[str]) -> list[str] | None:
    """A header line and the line under it, column by column: each column's lower half joins
    its upper half into a known header word, or repeats it (a cell merged over both rows),
    or is empty. None when some column does not join so, or nothing was joined."""
    if len(bottom) > len(top) or not any(squash(b) for b in bottom):
        return None
    joined: list[str] = []
    grew = False
    for k, cell in enumerate(top):
        below = squash(bottom[k]) if k < len(bottom) else ""
        if not below or below == squash(cell):
            joined.append(cell)
            continue
        word = wrapped_word(cell, below)
        if word is None:
            return None
        joined.append(word)
        grew = True
    return joined if grew else None


def stack_header(top: list[str], bottom: list[str]) -> list[str] | None:
    """A two-level header (``责任分工`` spanning ``牵头单位 | 配合单位``): each column named by its
    lower word where that word names a role, else by the upper word (a cell merged over both
    rows repeats it). Where a sibling under the same upper word names a role of its own, a
    lower word naming none keeps its own word (an unknown column), not its parent's role.
    None unless the lower row reads as header words: some column gets a role from it and
    every other word of it is a short label, not a cell of a task."""
    if len(bottom) > len(top):
        return None
    bottom = bottom + [""] * (len(top) - len(bottom))
    own = [squash(b) != squash(t) and bool(squash(b)) for t, b in zip(top, bottom)]
    if not any(o and role_of(b) for o, b in zip(own, bottom)):
        return None
    if not all(_label(b) for o, b in zip(own, bottom) if o):
        return None
    stacked: list[str] = []
    for k, (upper, lower) in enumerate(zip(top, bottom)):
        if not own[k] or role_of(lower):
            stacked.append(lower if own[k] else upper)
            continue
        group = _span_of(top, k)
        sibling_named = any(own[j] and role_of(bottom[j]) for j in group if j != k)
        stacked.append(lower if sibling_named else upper)
    return stacked


def _span_of(top: list[str], k: int) -> range:
    """The run of columns around ``k`` holding the same upper word (one merged cell)."""
    start = end = k
    while start > 0 and squash(top[start - 1]) == squash(top[k]):
        start -= 1
    while end + 1 < len(top) and squash(top[end + 1]) == squash(top[k]):
        end += 1
    return range(start, end + 1)


def _label(text: str) -> bool:
    """A header word's shape: a few words, no sentence punctuation, no figures."""
    flat = squash(text)
    return 0 < len(flat) <= 12 and not re.search(r"[。；;，,：:！？\d]", _NOTE.sub("", flat))


def segment_header(text: str) -> list[str] | None:
    """Header words printed without the spaces between them, or with a space between every
    character (``序号工作任务责任单位完成时限``, ``序 号 工 作 任 务 责 任 单 位``): the line cut
    into known header words, longest first from the left. None unless every character
    belongs to a header word and at least three words are found."""
    flat = squash(text)
    if not 6 <= len(flat) <= 60:
        return None
    words: list[str] = []
    i = 0
    while i < len(flat):
        for kw in _BY_LENGTH:
            if flat.startswith(kw, i):
                words.append(kw)
                i += len(kw)
                break
        else:
            return None
    return words if len(words) >= 3 else None


_BY_LENGTH = sorted(_WORDS, key=len, reverse=True)
