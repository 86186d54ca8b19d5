"""Reading a progress text: the amounts it reports as done, and the task target each answers.

A progress text mixes what was done (`已完成签约690户`) with scope (`涉及户数1214户`),
plans (`计划150户`), remaining work (`剩余12处`), requirements restated
(`完成“…不少于3个”任务目标`), norms (`24小时不间断巡查`) and names (`光明楼17号`).
Numbers are found by the extraction engine's ``extract_quantities`` (one number
parser for the project); this module decides, by the words around each number,
which of them are achievements. The rules look at the shape of the prose only —
never at a particular document.

Each rule is a word list with the reason it exists; the order in ``is_achievement``
is the order a reader applies them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Words right before a number (in its clause) that make it scope, a plan, a forecast,
# a remainder or a preparatory list rather than an amount done; and the size of a project
# (`建设面积1900平方米，正在施工`), which is its scope unless it is what was finished.
SCOPE_WORDS = ("涉及", "计划", "总投资", "建设面积", "建筑面积", "占地面积", "总面积", "建设规模", "全长", "总长",
               "剩余", "应设置", "应建", "共有", "涵盖", "常住人口", "另选取", "选取", "梳理", "明确", "确定",
               "确认的", "数量为", "规定", "按照", "正在", "推进", "目标为", "任务为", "任务是", "指标为",
               "待", "尚有", "还有", "未完成", "已有", "巩固", "承办", "任务", "目标", "下达")
# A figure of a wider area is context only in the report of a unit below it; a city's own
# report says 全市 of its own figures (`全市固定资产投资同比下降12.7%`).
WIDER_AREA = ("全市", "全省", "全国")
LOWER_LEVEL = re.compile(r"我区|本区|全区|区级|我县|本县|全县|县级|街道|乡镇")
# Forecasts and intentions: no completion word after them makes the number done.
FUTURE_WORDS = ("预计", "预估", "拟定", "拟于", "拟建", "拟开展", "拟实施", "力争", "将于", "计划于", "有望")
# Completion words: when one follows the last scope word, the number is an amount done
# again (`完成计划内执法检查量440起`, `共涉及…已全部完成`).
DONE_WORDS = ("完成", "实现", "建成", "签约", "办结", "累计", "达到", "已达", "检查", "销账", "新增", "开工",
              "竣工", "发放", "办理", "处理", "开展", "组织", "举办", "接待", "服务", "培训", "出动", "查处",
              "整改", "治理", "拆除", "改造", "种植", "栽植", "引进", "提供", "收缴", "发现", "核发", "上缴",
              "实际设置", "接收", "选派", "立项", "覆盖", "已")
# Words right after a number (before the clause ends) that make it context.
AFTER_SCOPE = re.compile(r"^(?:[^，,。；;：:]{0,30}?(涉及|不间断|的基础上|基础上|正在|正按|推进|待建|中的|之中|进行细化|进行分解)"
                         r"|\s*(具体|方面)|[^，,。；;：:\d]{0,12}中\s*$|(以上|以下|及以上)[^，,。；;：:\d]{0,12}的)")
RANKED = re.compile(r"第|排名|排位|位次|提升|上升|前移|后移|下降|进位|退位")
# A comparison with another place or the schedule (`高于全省平均水平1.7个百分点`) is no amount reached.
COMPARED = re.compile(r"(高于|低于|快于|慢于|领先|落后于?)[^，,。；;\d]{0,10}(平均|全省|全市|全国|同期|进度|序时)[^，,。；;\d]{0,6}$")
TIME_UNITS = ("小时", "天", "日", "工作日", "分钟", "个工作日")
# A number ending a heading clause (`开工建设1100套安置房：`) restates the sub-target the item reports on.
HEADING_END = "：:"
# `完成全年计划61.8%`, `竣工建筑面积5000平方米`: progress against the plan, or the size that was finished
PLAN_DONE = re.compile(r"(完成|竣工|建成)[全本年度的内]*(计划|目标|任务|总投资|建设面积|建筑面积|总面积)")
# Duration and norm contexts: time limits and ranges are not amounts done.
NORM_BEFORE = ("时限", "不足", "由原", "提升到", "距离")
NORM_UNITS = ("类", "种", "号", "期", "届", "批", "楼")
# An aim that is itself a growth rate (`投资增长10%以上`, `增长7%左右`): a change reported is its answer.
GROWTH_AIM = re.compile(r"(增长|增速|提高|提升)[^，,。；;]{0,4}\d+(\.\d+)?\s*[%％]"
                        r"|\d+(\.\d+)?\s*[%％]\s*(以上|左右)?\s*的?(增长|增速)")
CHANGE_WORDS = ("同比", "比去年同期", "较去年", "较上年", "环比", "比上年")
DECREASE_AIMS = ("下降", "减少", "压减", "精简", "降低", "削减", "压缩")
REQUIREMENT_AFTER = re.compile(r"^[^，,。；;]{0,16}?(的指标要求|的要求|任务目标|的目标|的工作目标)")
QUOTES = re.compile(r"[“「][^”」“「]{0,80}?(不少于|不低于|以上|至少|不超过|以内|达到)[^”」“「]{0,40}[”」]")
CLAUSE_MARK = re.compile(r"[，,、。；;：:！!？?\n]")
PHRASE_MARK = re.compile(r"[，,。；;：:！!？?\n]")  # a list joined by 、 shares the verb before it
SENTENCE_MARK = re.compile(r"[。；;！!？?\n]")
CJK = re.compile(r"[\u4e00-\u9fff]+")
ITEM_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+是|\d+[.、．]|[（(][0-9一二三四五六七八九十]+[)）])\s*")
LEAD_WINDOW = 20
# steps short of the act a target counts: started, booked, handed over, chosen
STAGE_WORDS = ("启动", "开始", "建账", "上账", "移交", "立项", "确定", "设计", "招标", "选址", "可研")
REJECTED: list = []  # (rule, value, unit, context) of the last numbers set aside, for ``duban assess --explain``


@dataclass(frozen=True)
class Target:
    text: str
    value: float | None
    unit: str | None
    metric: str | None = None
    qualifier: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "value": self.value, "unit": self.unit}


@dataclass
class Achievement:
    text: str
    metric: str | None
    value: float
    unit: str | None
    cumulative: bool
    lead_in: str
    sentence: str
    phrase: str
    start: int
    goal: int | None = None
    target: Target | None = None
    stage: bool = False  # a step short of the target's act: started, set up, handed over
    percent_of_work: bool = False  # `完成年度目标的55%`, `完成进度102.6%`
    requirement: bool = False  # a requirement restated as reached, no actual value given
    counted: str = ""  # the words after the amount up to its clause's end (`38个厢房` → `厢房`)
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = {"text": self.text, "metric": self.metric, "value": _plain(self.value), "unit": self.unit,
                "target": self.target.to_dict() if self.target else None, "cumulative": self.cumulative}
        if self.goal is not None:
            data["goal"] = self.goal
        return data


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _quantities(text: str):
    from duban.parse.quantity import extract_quantities
    return extract_quantities(text)


NUMBER_RUN = re.compile(r"(百分之)?[0-9０-９.,，零〇一二两三四五六七八九十百千万亿点]+[\s余多万亿]*")


def _span(text: str, q) -> tuple[int, int] | None:
    """Where the number starts and the amount (number and unit) ends. ``q.text`` is the
    quantity with its clause words around it, so the end is found from ``q.start`` and the unit."""
    start = q.start if q.start >= 0 else text.find(q.text)
    if start < 0:
        return None
    run = NUMBER_RUN.match(text, start)
    end = run.end() if run else start
    if q.unit:
        at = text.find(q.unit, end, end + 8)
        if at >= 0:
            end = at + len(q.unit)
    return start, end


def _last(words, text: str) -> int:
    return max((text.rfind(w) + len(w) for w in words if w in text), default=-1)


def _clause_bounds(text: str, start: int, end: int, marks: re.Pattern = CLAUSE_MARK) -> tuple[int, int]:
    before = [m.end() for m in marks.finditer(text, 0, start)]
    after = marks.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _sentence(text: str, start: int) -> str:
    before = [m.end() for m in SENTENCE_MARK.finditer(text, 0, start)]
    after = SENTENCE_MARK.search(text, start)
    return text[before[-1] if before else 0:after.start() if after else len(text)]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _is_change(lead_in: str) -> bool:
    return any(w in lead_in for w in CHANGE_WORDS)


def _unit_with_suffix(text: str, end: int, unit: str | None) -> str | None:
    """``464座次``: the number reader knows 座 but not 座次; a 次 right after a measure word belongs to it."""
    if unit and not unit.endswith("次") and text[end:end + 1] == "次" and CJK.fullmatch(unit):
        return unit + "次"
    return unit


@lru_cache(maxsize=4096)
def read_amounts(text: str, aim: str = "") -> tuple[Achievement, ...]:
    """Every amount ``text`` reports as done, in text order. ``aim`` is the task's (or goal's) own
    wording: a change (`同比下降4.5%`) is an achievement only where the aim is that change."""
    found: list[Achievement] = []
    ends: dict[int, int] = {}
    quotes = [(m.start(), m.end()) for m in QUOTES.finditer(text)]
    aims_change = any(w in aim for w in DECREASE_AIMS) or bool(GROWTH_AIM.search(aim))
    previous: tuple | None = None
    for q in _quantities(text):
        if q.value is None:
            continue
        span = _span(text, q)
        if span is None:
            continue
        number_at, end = span
        c_start, c_end = _clause_bounds(text, number_at, end)
        lead_in = text[max(c_start, number_at - LEAD_WINDOW):number_at]
        p_start, _ = _clause_bounds(text, number_at, end, PHRASE_MARK)
        phrase = text[max(p_start, number_at - 2 * LEAD_WINDOW):number_at]
        after = text[end:c_end]
        unit = _unit_with_suffix(text, end, q.unit)
        reason = _why_not(q, unit, text, phrase, after, end, quotes, number_at, aims_change)
        sentence = _sentence(text, number_at)
        if reason is None and _continues_scope(previous, sentence, unit, phrase):
            reason = "scope_list"
        previous = (sentence, unit, reason)
        if reason is not None:
            REJECTED.append((reason, q.value, unit, text[max(0, number_at - 16):end + 6]))
            continue
        ach = Achievement(
            text=ITEM_NUMBER.sub("", text[c_start:end].strip(" \t\u3000，,、")),
            metric=q.metric, value=float(q.value), unit=unit, cumulative=_cumulative(unit, lead_in),
            lead_in=lead_in, sentence=sentence, phrase=phrase + text[number_at:c_end], start=number_at,
            counted=after)
        ach.stage = any(w in lead_in + after for w in STAGE_WORDS)
        ach.percent_of_work = unit in ("%", "％") and bool(re.search(r"(完成|进度)[^，,。；;]{0,12}$", lead_in)) \
            and bool(re.search(r"(目标|计划|任务|进度|工作量|工程量)", lead_in))
        ach.requirement = bool(REQUIREMENT_AFTER.match(text[end:]))
        found.append(ach)
        ends[id(ach)] = end
    return tuple(_drop_restated(_drop_totals(found, text, ends)))


def _continues_scope(previous: tuple | None, sentence: str, unit: str | None, phrase: str) -> bool:
    """`梳理区级清单55项，街道级清单322项，其他处级清单547项`: a phrase with no verb of its own, after a
    number of the same kind set aside as scope in the same sentence, continues that list."""
    if previous is None or previous[0] != sentence or previous[1] != unit or previous[2] not in ("scope", "scope_list"):
        return False
    return _last(DONE_WORDS, phrase) < 0 and _last(SCOPE_WORDS, phrase) < 0


def _why_not(q, unit, text, lead_in, after, end, quotes, number_at, aims_change) -> str | None:
    """The rule that makes this number context, or None for an achievement. ``lead_in``: the
    phrase before the number up to a comma (a list joined by 、 shares its verb)."""
    if not unit and not re.search(r"[万亿]", q.text):
        return "bare"  # a bare number: a name (11选3), a code or a range end
    if unit in NORM_UNITS:
        return "norm_unit"
    if _inside(quotes, number_at):
        return "quoted"  # a quoted requirement or name
    mark = PHRASE_MARK.search(text, end)
    if mark and mark.group() in HEADING_END or _heads_item(text, end):
        return "heading"
    if any(w in lead_in for w in FUTURE_WORDS):
        return "future"
    if unit in TIME_UNITS and after.startswith("内"):
        return "norm_before"
    scope_lead = PLAN_DONE.sub("完成", lead_in)
    scope_at, done_at = _last(SCOPE_WORDS, scope_lead), _last(DONE_WORDS, _shared_verb_part(scope_lead))
    if LOWER_LEVEL.search(text):  # a district's report: the city's figure (`全市任务5万套`) is context
        scope_at = max(scope_at, _last(WIDER_AREA, scope_lead))
    if scope_at >= 0 and scope_at >= done_at:
        return "scope"
    if any(w in lead_in[-6:] for w in NORM_BEFORE):
        return "norm_before"
    if AFTER_SCOPE.match(after):
        return "after_scope"
    if COMPARED.search(lead_in):
        return "compared"
    if unit == "位" and RANKED.search(lead_in[-8:]):
        return "ranking"  # `居全省第6位`, `比去年同期提升5位`
    if _is_change(lead_in) and not aims_change:
        return "change"
    return None


SENTENCE_OR_COLON = re.compile(r"[。；;！!？?\n：:]")
BREAKDOWN = re.compile(r"(其中|如下|分别为|分别是|包括|具体为)\s*$")


def _heads_item(text: str, end: int) -> bool:
    """`新增补贴600户，补贴发放户不低于3300户：新增…979户`: the clauses before an item's colon restate
    its sub-targets (a breakdown, `其中：`, is not one)."""
    mark = SENTENCE_OR_COLON.search(text, end)
    if not mark or mark.group() not in HEADING_END or BREAKDOWN.search(text[:mark.start()]):
        return False
    return bool(text[mark.end():].strip())


LIST_TAIL = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?[^0-9０-９，,。；;]*?(和|、|及|与)\s*$")


def _shared_verb_part(lead: str) -> str:
    """`明确21个楼门院治理示范点和7个…`: the 7 shares the verb before the 21; the words of the 21's own
    noun (`治理`) are no verb of the 7."""
    tail = LIST_TAIL.search(lead)
    return lead[:tail.start()] if tail else lead


TOTAL_THEN_DONE = re.compile(r"^[^，,。；;\d]{0,4}[，,]\s*(目前|现|现已|截至目前[，,]?)?\s*(已|累计)?(完成|办结|建成|整改|整治|销号)"
                             r"[^，,。；;\d]{0,6}$")


def _drop_totals(found: list[Achievement], text: str, ends: dict[int, int]) -> list[Achievement]:
    """`整治点位4100个，目前已完成2763个`: the first number is the total of which the second is done."""
    dropped = set()
    for a, b in zip(found, found[1:]):
        if (a.cumulative and b.sentence == a.sentence and unit_key(b.unit) == unit_key(a.unit) and b.value < a.value
                and TOTAL_THEN_DONE.match(text[ends[id(a)]:b.start]) and not CJK.search(b.counted)
                and not re.search(r"已|累计|完成|建成|实现", a.lead_in)):
            dropped.add(id(a))
    return [a for a in found if id(a) not in dropped]


def _cumulative(unit: str | None, lead_in: str) -> bool:
    if unit in ("%", "％", "‰", "个百分点") or _is_change(lead_in):
        return False
    if unit and any(unit.endswith(u) for u in ("小时", "天", "分钟", "日", "工作日", "分")) and "天数" not in lead_in:
        return False
    return not any(w in lead_in for w in ("浓度", "降尘量", "率", "指数", "得分"))


def _drop_restated(found: list[Achievement]) -> list[Achievement]:
    """A requirement restated after an actual value in the same sentence (`委托受理率85.71%，
    已完成委托受理率80%的指标要求`) repeats the target; without an actual value it stands for one."""
    kept = []
    for a in found:
        if a.requirement and any(b is not a and b.sentence == a.sentence and b.start < a.start
                                 and b.unit == a.unit and not b.requirement for b in found):
            continue
        kept.append(a)
    return kept


QUOTA_LEAD = re.compile(r"(计划|任务|目标|指标|下达|承担)[^，,。；;、]{0,6}$")
QUOTA_MARK = re.compile(r"[，,。；;：:！!？?\n（(]")
WIDER_SCOPE = ("全市", "全国", "市级", "全省")


@dataclass(frozen=True)
class Quota:
    """The task's own plan or share stated in its progress text (`计划150户`, `我区年度任务1200套`)."""
    value: float
    unit: str
    sentence: str
    start: int


@lru_cache(maxsize=4096)
def read_quotas(text: str) -> tuple[Quota, ...]:
    """Plans and quotas the progress text states for this unit; a city-wide figure is not one."""
    found = []
    for q in _quantities(text):
        if q.value is None or not q.unit or q.unit in ("%", "％", "个百分点"):
            continue
        span = _span(text, q)
        if span is None:
            continue
        number_at, _ = span
        p_start, _ = _clause_bounds(text, number_at, number_at, QUOTA_MARK)
        lead = text[p_start:number_at]
        if QUOTA_LEAD.search(lead) and not any(w in lead for w in WIDER_SCOPE) and "完成" not in lead:
            found.append(Quota(float(q.value), q.unit, _sentence(text, number_at), number_at))
    return tuple(found)


def quota_for(achievement: Achievement, quotas: tuple[Quota, ...]) -> Quota | None:
    """The stated plan of the same thing in the same sentence, nearest first."""
    same = [q for q in quotas if q.sentence == achievement.sentence and unit_key(q.unit) == unit_key(achievement.unit)
            and q.value >= achievement.value * 0.01]
    return min(same, key=lambda q: abs(q.start - achievement.start)) if same else None


# ---- targets ---------------------------------------------------------------------------------

GENERIC = {"完成", "开展", "推进", "实施", "建设", "工作", "不少", "少于", "不低", "低于", "以上", "左右", "全年",
           "年度", "截至", "目前", "我区", "东城", "全区", "累计", "实现", "达到"}


def bigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for run in CJK.findall(text or ""):
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams - GENERIC


def unit_key(unit: str | None) -> str:
    """``套(间)`` → ``套``, ``人/区`` → ``人``, ``户次`` → ``户``: the thing counted, for comparing units."""
    key = re.split(r"[(（/]", (unit or "").strip(), maxsplit=1)[0]
    return key[:-1] if len(key) > 1 and key.endswith("次") else key


SEGMENT_END = re.compile(r"[、，,；;。和及与]")
NUMBER_IN = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?\s*[万亿]?|[零〇一二两三四五六七八九十百千]+[万亿]?")


@lru_cache(maxsize=4096)
def _target_words(text: str, value: float | None, metric: str) -> frozenset[str]:
    """The words naming what a target counts: after its number up to the next separator
    (`2000户退租、…1000户修缮`), else before it (`整治、整改点位10万个`); the whole text
    when the number cannot be found."""
    numbers = list(NUMBER_IN.finditer(text))
    if len(numbers) <= 1 or value is None:
        return frozenset(bigrams(text) | bigrams(metric))
    own = next((m for m in numbers if _number_value(m.group()) == value), None)
    if own is None:
        return frozenset(bigrams(text) | bigrams(metric))
    rest = text[own.end():]
    cut = SEGMENT_END.search(rest)
    after = rest[:cut.start()] if cut else rest
    nxt = NUMBER_IN.search(after)
    after = after[:nxt.start()] if nxt else after
    words = bigrams(after)
    if not words:
        head = text[:own.start()]
        marks = list(SEGMENT_END.finditer(head))
        words = bigrams(head[marks[-1].end() if marks else 0:])
    return frozenset(words or bigrams(text))


def _number_value(raw: str) -> float | None:
    raw = raw.strip()
    scale = 10000 if raw.endswith("万") else 100000000 if raw.endswith("亿") else 1
    digits = raw.rstrip("万亿").strip()
    try:
        return float(digits) * scale
    except ValueError:
        try:
            import cn2an
            return float(cn2an.cn2an(digits, "smart")) * scale
        except (ValueError, KeyError):
            return None


def link_targets(achievements: list[Achievement], targets: list[Target]) -> None:
    """Give each achievement the target it answers: the same thing counted (unit, and for a
    change the same direction), then the same grade (`10亿元以上`), then the target whose words
    its own list item shares most, then its phrase, then its sentence; none on a tie or no
    shared word. Two amounts of a sentence left on one target may then spread over a free one."""
    for a in achievements:
        if a.stage:
            continue
        same = [t for t in targets if t.value is not None and unit_key(t.unit) and unit_key(t.unit) == unit_key(a.unit)
                and _same_direction(a, t)]
        if not same:
            continue
        own, near, wide = bigrams(_own_words(a)), bigrams(a.phrase), bigrams(a.sentence)
        grades = _grade_numbers(a.lead_in)
        scored = []
        for t in same:
            words = _target_words(t.text, t.value, t.metric or "")
            differ = len(grades ^ _grade_numbers(t.text, t.value))
            scored.append(((-differ, len(own & words), len(near & words), len(wide & words)), t))
        best = max(score for score, _ in scored)
        winners = [t for score, t in scored if score == best]
        if best[3] == 0 or len({(t.value, t.unit) for t in winners}) > 1:
            continue
        if best[1] == 0 and (CJK.search(a.counted) or SHARE_OF.search(a.lead_in)):
            continue  # a noun after the amount (`建成38个厢房`) or a share (`占66.7%`) names another thing
        if winners[0].unit != a.unit and best[2] == 0:
            continue  # 家次 against 家: visits are not the things counted unless the words say so
        a.target = winners[0]
    _spread_over_targets(achievements, targets)


def _own_score(a: Achievement, t: Target) -> int:
    return len(bigrams(_own_words(a)) & _target_words(t.text, t.value, t.metric or ""))


def _spread_over_targets(achievements: list[Achievement], targets: list[Target]) -> None:
    """`新增补贴户979户，补贴实发3650户` against `新增补贴户5000户` and `补贴发放户不低于2万户`: two
    amounts of one sentence that chose the same target while a target of the same unit is left
    unanswered — the one whose own words fit the shared target less moves to it when its words
    share something with it."""
    for a in achievements:
        for b in achievements:
            if a is b or a.target is None or b.target is not a.target or a.sentence != b.sentence or a.start > b.start:
                continue
            answered = {id(x.target) for x in achievements if x.target is not None}
            weaker = b if _own_score(b, b.target) <= _own_score(a, a.target) else a
            free = [t for t in targets if id(t) not in answered and t.value is not None
                    and unit_key(t.unit) == unit_key(weaker.unit) and _same_direction(weaker, t)
                    and _own_score(weaker, t) > 0]
            if len(free) == 1:
                weaker.target = free[0]
                weaker.extra["moved"] = True  # a weaker link: not enough alone to call a task done


GRADE_NUMBER = re.compile(r"(?<![0-9.])[0-9０-９]+(?:\.[0-9]+)?\s*[万亿]?(?=[^0-9.，,。；;、\s]{0,3}(及以上|以上|以下))")


def _grade_numbers(text: str, own: float | None = None) -> frozenset[float]:
    """The numbers that grade what is counted (`10亿元以上项目`, `5000万元以上`) beside the amount
    itself: `10亿元以上项目25个` answers `投资10亿元以上项目10个`, not `亿元以上项目100个`."""
    values = {_number_value(m.group()) for m in GRADE_NUMBER.finditer(text)}
    return frozenset(v for v in values if v is not None and v != own)


# `(占66.7%)`, `占比13.1%`: a share of a count just given, not the level a rate target measures
SHARE_OF = re.compile(r"占(比|比为)?\s*$")


RISE, FALL = re.compile(r"增长|增加|提高|提升|上升|增速"), re.compile(r"下降|减少|降低|压减|回落|下滑")


def _direction(text: str) -> int:
    """+1 for a rise, -1 for a fall, 0 when the words say neither (the last one said counts)."""
    rise, fall = [m.end() for m in RISE.finditer(text)], [m.end() for m in FALL.finditer(text)]
    if not rise and not fall:
        return 0
    return 1 if max(rise, default=-1) > max(fall, default=-1) else -1


def _same_direction(a: Achievement, t: Target) -> bool:
    """A change (`同比下降26.8%`) answers a target of change in the same direction only: a fall printed
    without its sign is no answer to `增长10%以上`, and a change is no answer to a level (`落地率50%`)."""
    if not (_is_change(a.lead_in) or _direction(a.lead_in[-4:])):
        return True
    return _direction(a.lead_in) == _direction(t.text) != 0


def _own_words(a: Achievement) -> str:
    """The words of this amount's own list item: `分类池17个` in `建成中转站7个、分类池17个`, where the
    phrase (`建成中转站7个、分类池`) also names the item before it; and the noun counted after it (`38个厢房`)."""
    return re.split(r"[（(]", a.lead_in)[-1] + a.counted
