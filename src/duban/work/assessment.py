"""What a progress text shows about its task: achievements, a verdict, whether it is specific, why.

The one engine behind ``duban assess`` (contract ``duban.assessment/1``,
``shared/spec/assessment-json.md``) and behind the status the workbench suggests
(``work/status.py`` asks it when the unit entered no amounts). Verdicts:

* ``unclear`` — no checkable fact (no amount, named output, date or finished act):
  the kind of report an office sends back (``specific`` is false);
* ``not_started`` — the text says the work has not begun and reports nothing done;
* ``done`` — the text says every part is complete (`已全部完成`, `已全部办复`, `已提前完成全年
  目标任务`, a cell of only `已完成` or `100%`), every counted target is reached, or, for a
  task with goals, every goal is reported met; never while the text says work goes on, is
  pending, on schedule (`达到序时进度`) or short of its target, never on a percentage of the
  work below 100 %, and never when what is finished is a part, a step before the work or one
  period's share (`一期已完工`, `均已完成设计`, `超额完成一季度…任务`), nor when a level to keep
  all year (`保持在98%以上`) or a rate of part of the year (1-2月 `占比46.3%`) meets its target;
* ``in_progress`` — checkable facts of work under way.

Why cautious on ``done``: a task wrongly called done is published as done; a task
wrongly called in progress only waits for a person to confirm it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from duban.work.progress_reading import Achievement, Target, link_targets, quota_for, read_amounts, read_quotas

SCHEMA = "duban.assessment/1"

ALL_DONE = re.compile(r"(已?全部|均已|均)[^，,。；;\d]{0,4}?(完成|办复|办结|建成|竣工|到位|落实到位|通过验收|投入使用)|全面完成|圆满完成|超额完成|已(完成)?竣工(验收)?|已完工"
                      r"|(任务|工作|项目|工程)(已|均已)(全部|全面)?完成(?=[。；;！!]?\s*$)"
                      r"|^\s*(已|均已|已全部)?(完成|办结|建成|竣工|完工|落实)[。.]?\s*$"
                      r"|(?<![确保力争预计计划争取将要本未能可够])已?(提前|超额)?完成(了)?(全年|年度|本年度)(目标)?(任务|目标)(?![的的%％\d])")
# A part finished (`一期已完工`, `主体已完工`, `第一批已完成`) is not the task finished.
STEP_BEFORE = re.compile(r"(了)?(设计|招标|选址|前期|可研|立项|审批|方案|规划|征迁|清表|自查|摸排|摸底|动员|部署|调研|对接)")
# What was finished belongs to one period or event of a task that goes on (`圆满完成春节期间保障任务`).
PERIOD_PART = re.compile(r"[一二三四1-4]季度|上半年|前三季度|\d{1,2}月|期间|阶段|节点|春节|国庆|汛期")
UNDER_WAY = re.compile(r"已?开工(?!建设完成)|施工(?!完成|结束)|在建|建设中|已进场")
PART_DONE = re.compile(r"(一期|首期|二期|三期|第[一二三四五六七八九十\d]+(批|期|阶段|标段)|部分|主体|其中)[^，,。；;]{0,12}?"
                       r"(已完工|已完成|竣工|建成|完工)")
GOAL_MET = re.compile(
    r"已(经)?完成[^。；;]{0,40}?(任务|目标|要求|工作|指标)|已完成(新建|组建|建设|改造)|(建设|整治)?完成(并|，)?通过[^。；;]{0,6}验收"
    r"|完成竣工验收|达到[^。；;]{0,30}?(要求|标准|目标)|已?达到|已经高于|超额完成|全部完成|已全部|均已|足额|圆满完成"
    r"|已(成功)?(举办|召开|印发|出台|制定|发布|挂牌|开通|上线|建成)|投入(使用|运营|试运营)|已实现|均在[^。；;]{0,12}内办结"
    r"|成功(引进|推出|举办|召开)|正式挂牌|全覆盖|率(达到)?100\s*[%％]|(制定|印发|出台)了?《")
STILL_GOING = re.compile(
    r"正在|推进中(?=[，,。；;]|$)|进行中|持续推进|加快推进|稳步推进|有序推进|下一步|尚未|尚在|仍未|仍在|未完成"
    r"|待[^，,。；;]{0,8}(核定|下达|发布|确定|完成|验收)|阶段性|草案|预计(?!完成情况)|预估|将于|计划于|拟于|力争|还需|收尾")
NOT_STARTED = re.compile(r"尚未(启动|开展|开工|实施)|未启动|未开工|暂未(启动|开展)")
# checkable facts without an amount: a finished act, a named output, a date
FACT = re.compile(
    r"(印发|出台|制定|编制|发布|签署|签订|起草|修订|形成)(了)?[^，,。；;]{0,12}《|《[^》]{1,40}》[^，,。；;]{0,4}(印发|出台|发布)"
    r"|\d{1,2}月(\d{1,2}日)?|[一二三四五六七八九十]{1,2}月份|建成|竣工|验收|挂牌|开通|上线|投入使用|已完成|已建立|建立了|已形成|揭牌"
    r"|已(全面)?开工|已进场|已完工"
    r"|(拟定|编制|制定|印发|出台|发布|修订)[^，,。；;]{0,24}(目录|方案|清单|办法|意见|规划|计划|导则|细则|制度|报告|指南)"
    r"|送审稿|征求意见稿|研提意见"
    r"|[^\s，,。；;]{2,12}(项目|工程|中心|平台|系统|机制|方案|清单|台账|专班|工作站|试点)"
    r"(已|正式|顺利|开工|启动|建立|完成|上线|运行)")
# A level to be kept over the year, not reached once; and the words of a report on the whole year.
MAINTAINED = re.compile(r"保持|稳定在|维持|始终|持续(稳定|保持)|不反弹")
# On schedule is not finished: `已达到序时进度要求`, `超额完成9月份节点目标`.
ON_SCHEDULE = re.compile(r"(序时|时序|时间)进度|节点目标")
PART_OF_YEAR = re.compile(r"[一二三1-3]季度|上半年|前三季度|1\s*[-—~至]\s*([1-9]|1[01])\s*月|截[至止]\s*([1-9]|1[01])\s*月")
WHOLE_YEAR = re.compile(r"全年|1\s*[-—~至]\s*12月|12月(底|末|份)|年底|年末")
PERCENT_OF_WORK = re.compile(r"(完成|进度)([^，,。；;]{0,16}?)(\d+(?:\.\d+)?)\s*[%％]")
COMPLETION_RATE = re.compile(r"^率(为|达|达到)?\s*$")  # 完成率120%
RATE_WORDS = re.compile(r"率|减|降|增|占比|同比|比例|浓度")  # `完成氮氧化物减排2.5%` is a rate, not a share of the work


@dataclass
class TaskAssessment:
    seq: int | None
    achievements: list[Achievement]
    verdict: str
    specific: bool
    why: str
    share: float | None = None  # achieved ÷ the right denominator, lowest over the answered targets

    def to_dict(self) -> dict:
        return {"seq": self.seq, "achievements": [a.to_dict() for a in self.achievements],
                "verdict": self.verdict, "specific": self.specific, "why": self.why}


def targets_of(task: dict) -> list[Target]:
    return [Target(t.get("text") or "", t.get("value"), t.get("unit"), t.get("metric"), t.get("qualifier"))
            for t in task.get("targets") or []]


def _goal_targets(goal_text: str, targets: Sequence[Target]) -> list[Target]:
    compact = re.sub(r"\s+", "", goal_text)
    return [t for t in targets if re.sub(r"\s+", "", t.text) and re.sub(r"\s+", "", t.text) in compact]


def _met(a: Achievement) -> bool | None:
    """Whether an answered target is reached: ≥ for amounts and floors, ≤ for caps."""
    t = a.target
    if t is None or t.value is None:
        return None
    if (t.qualifier or "") in ("以内", "不超过", "不高于", "以下") or "控制在" in t.text:
        return a.value <= t.value
    return a.value >= t.value


def percent_of_work(text: str) -> float | None:
    """`完成年度目标的55%`, `完成进度102.6%`: the share of the whole work the text states; the last
    one stated is the latest (`截至上半年…61.8%；…截至目前…103.23%`)."""
    shares = [float(m.group(3)) / 100 for m in PERCENT_OF_WORK.finditer(text) if _of_work(m)]
    return shares[-1] if shares else None


def _of_work(m: re.Match) -> bool:
    """`完成年度目标的55%`, `完成率120%` are shares of the work; `完成氮氧化物减排2.5%` is a rate."""
    return COMPLETION_RATE.match(m.group(2)) is not None or not RATE_WORDS.search(m.group(2))


def goal_share(text: str) -> float | None:
    """A share of the annual goal or plan the text states (`年度财政收入任务完成进度102.6%`), the last one."""
    shares = [float(m.group(3)) / 100 for m in PERCENT_OF_WORK.finditer(text)
              if _of_work(m) and re.search(r"目标|计划|任务|进度|完成率", m.group(0))]
    return shares[-1] if shares else None


def _part_met(text: str, achievements: list[Achievement]) -> bool:
    """One goal (or a task's whole text) reported met."""
    if not text.strip() or _still_going(text) or ON_SCHEDULE.search(text):
        return False
    answered = [m for m in map(_met, achievements) if m is not None]
    if answered and not all(answered):
        return False
    share = percent_of_work(text)
    if share is not None and share < 1.0:
        return False
    return bool(GOAL_MET.search(text)) or (bool(answered) and all(answered)) or (share is not None and share >= 1.0)


def _still_going(text: str) -> bool:
    """Work goes on, unless the text afterwards reports it met (`持续推进…截至目前，已全部完成`)."""
    going = [m.start() for m in STILL_GOING.finditer(text)]
    if not going:
        return False
    met = [m.start() for m in GOAL_MET.finditer(text)]
    return not met or max(met) < max(going)


def is_specific(text: str, achievements: list[Achievement]) -> bool:
    """A checkable fact: an amount done, a number of anything (`11类症状`), a dated or finished act, a named output."""
    return (bool(achievements) or bool(FACT.search(text)) or bool(PERCENT_OF_WORK.search(text))
            or bool(NOT_STARTED.search(text)) or bool(ALL_DONE.search(text))
            or any(q.unit and q.unit not in ("年",) for q in _quantities(text)))


@lru_cache(maxsize=4096)
def _quantities(text: str) -> tuple:
    """Cached: the dashboard, notice and site assess the same report texts again and again."""
    from duban.parse.quantity import extract_quantities
    return tuple(extract_quantities(text))


def assess_progress(seq: int | None, targets: Sequence[Target], progress: Sequence[str],
                    goals: Sequence[tuple[str, str]] = (), aim: str = "") -> TaskAssessment:
    """Assess one task. ``progress``: its progress items; ``goals``: (goal text, completion text) pairs
    of a performance task; ``aim``: the task's own wording (what it sets out to change)."""
    achievements: list[Achievement] = []
    parts_met: list[bool] = []
    texts: list[str] = []
    if goals:
        for i, (goal_text, done_text) in enumerate(goals):
            found = [_copy(a, goal=i) for a in read_amounts(done_text or "", goal_text or aim)]
            link_targets(found, _goal_targets(goal_text, targets) or list(targets))
            achievements += found
            parts_met.append(_part_met(done_text or "", found))
            texts.append(done_text or "")
    else:
        bare = _bare_amounts(progress, targets)
        text = "\n".join(p for p in progress if p and not BARE_NUMBER.match(p))
        found = [_copy(a) for a in read_amounts(text, aim)]
        link_targets(found, list(targets))
        achievements = bare + found
        texts.append(text)
    whole = "\n".join(texts)
    specific = bool(achievements) or (bool(whole.strip()) and is_specific(whole, achievements))
    share = _share(achievements, whole)
    if not specific:
        verdict = "unclear"
    elif NOT_STARTED.search(whole) and not achievements and not ALL_DONE.search(whole):
        verdict = "not_started"
    elif goals and parts_met and all(parts_met):
        verdict = "done"
    elif not goals and (share is None or share >= 1) and (
            _all_items_done(progress) or ((goal_share(whole) or 0) >= 1 and _part_met(whole, achievements))
            or _whole_percent_done(whole)
            or _every_target_met(targets, achievements, whole)):
        verdict = "done"
    else:
        verdict = "in_progress"
    return TaskAssessment(seq, achievements, verdict, specific, _why(verdict, achievements, whole, share), share)


BARE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([万亿])?\s*$")


def _bare_amounts(progress: Sequence[str], targets: Sequence[Target]) -> list[Achievement]:
    """A completion column holding only numbers (`4385` against `新增4000张养老床位`): each number is
    the amount done of the target in the same position (or of the only target), in its unit."""
    numbers = [(i, m) for i, p in enumerate(progress) if p and (m := BARE_NUMBER.match(p))]
    counted = [t for t in targets if t.value is not None]
    if not numbers or not counted or (len(numbers) != len(counted) and len(counted) != 1):
        return []
    found = []
    for n, (i, m) in enumerate(numbers):
        target = counted[n] if len(counted) == len(numbers) else counted[0]
        value = float(m.group(1)) * (10000 if m.group(2) == "万" else 100000000 if m.group(2) == "亿" else 1)
        found.append(Achievement(progress[i].strip(), target.metric, value, target.unit, True, "", progress[i],
                                 progress[i], 0, target=target))
    return found


WHOLE_PERCENT = re.compile(r"^\s*(已)?(完成|进度|完成进度|工程进度)?\s*(\d+(?:\.\d+)?)\s*[%％]\s*([（(]([^）)]*)[）)]?)?\s*[。.]?\s*$")


def _whole_percent_done(text: str) -> bool:
    """A progress cell that is only a share of the work (`100%`, `已完成100%`, `100%（已完工）`): 100 % or
    more is done, unless its note says something is left (`100%（剩余2家待验收）`)."""
    m = WHOLE_PERCENT.match(text)
    if not m or float(m.group(3)) < 100:
        return False
    note = m.group(5) or ""
    return not (STILL_GOING.search(note) or re.search(r"剩余|未|待|滞后|缓慢|偏慢", note))


def _every_target_met(targets: Sequence[Target], achievements: list[Achievement], text: str) -> bool:
    """Every counted target answered by an amount that reaches it, and nothing in the text says otherwise."""
    counted = [t for t in targets if t.value is not None]
    if not counted or _still_going(text):
        return False
    if any(MAINTAINED.search(t.text) for t in counted) and not WHOLE_YEAR.search(text):
        return False  # a level to keep all year (`保持在98%以上`) met so far is not yet met
    levels = [a for a in achievements if a.target is not None and not a.cumulative]
    if levels and PART_OF_YEAR.search(text) and not WHOLE_YEAR.search(text):
        return False  # a rate or share of 1-2月 (`占比46.3%`) against the year's target can still fall
    answered = {id(a.target): _met(a) for a in achievements if a.target is not None and not a.extra.get("moved")}
    return all(answered.get(id(t)) for t in counted)


def _all_items_done(items: Sequence[str]) -> bool:
    """Every progress item says its part is complete; one item done among ongoing duties is not the task."""
    items = [i for i in items if i and i.strip()]
    return bool(items) and all(ALL_DONE.search(i) and not STILL_GOING.search(i) and not _part_only(i) for i in items)


def _part_only(item: str) -> bool:
    """`一期已完工，二期主体施工`: a part is reported finished and nothing says the whole is; `均已完成设计，
    1所已开工`: what is finished is a step before the work (design, tender), or building goes on;
    `超额完成一季度招商任务`: what is finished is one period's or one event's share."""
    if PART_DONE.search(item) and not re.search(r"全部|均已|全面完成", item):
        return True
    if any(STEP_BEFORE.match(item, m.end()) or PERIOD_PART.search(item, m.end(), m.end() + 14)
           for m in ALL_DONE.finditer(item)):
        return True
    return any(not re.search(r"完工|竣工|建成", item[m.end():]) for m in UNDER_WAY.finditer(item))


def _copy(a: Achievement, goal: int | None = None) -> Achievement:
    """``read_amounts`` is cached: each task gets its own copies to link."""
    return Achievement(a.text, a.metric, a.value, a.unit, a.cumulative, a.lead_in, a.sentence, a.phrase, a.start, goal,
                       None, a.stage, a.percent_of_work, a.requirement, a.counted)


def _share(achievements: list[Achievement], text: str) -> float | None:
    """Achieved ÷ the right denominator: the plan or quota the progress text states for the same
    thing (`已完成120户（计划150户）`), else the task target the amount answers; a percentage of
    the work stated in the text (`完成年度目标的55%`) counts as it is."""
    quotas = read_quotas(text)
    shares = []
    for a in achievements:
        if not a.cumulative:
            continue
        quota = quota_for(a, quotas)
        if quota is not None:
            shares.append(a.value / quota.value)
        elif (a.target is not None and a.target.value and _met(a) is not None
              and (a.target.qualifier or "") not in ("以内", "不超过", "不高于", "以下")):
            shares.append(a.value / a.target.value)
    stated = percent_of_work(text)
    if stated is not None:
        shares.append(stated)
    return min(shares) if shares else None


def _why(verdict: str, achievements: list[Achievement], text: str, share: float | None) -> str:
    facts = "、".join(dict.fromkeys(_plain_text(a.text) for a in achievements[:3]))
    if verdict == "unclear":
        return "进展文字只有表态性表述，没有可核查的数量、项目、日期或成果。" if text.strip() else "没有进展文字。"
    if verdict == "not_started":
        return "进展文字称工作尚未启动，也没有报告完成量。"
    if verdict == "done":
        met = [a for a in achievements if a.target is not None and _met(a)]
        if met:
            pairs = "、".join(f"{_num(a.value)}{a.unit or ''}（目标{_num(a.target.value)}{a.target.unit or ''}）"
                              for a in met[:3])
            return f"完成{pairs}{'等' if len(met) > 3 else ''}，均已达到目标。"
        return (f"{facts}；进展文字称各项均已完成。" if facts else "进展文字称各项均已完成。")
    linked = [a for a in achievements if a.target is not None]
    if linked and all(_met(a) for a in linked) and (share is None or share >= 1):
        a = linked[0]
        return f"{_plain_text(a.text)}（目标{_plain_text(a.target.text)}），目前已达到，{_not_settled(a, text)}。"
    if linked and share is None:
        a = linked[0]
        return f"{_plain_text(a.text)}（目标{_plain_text(a.target.text)}），尚未全部完成。"
    lead = "、".join(dict.fromkeys(_plain_text(a.text) for a in achievements[:2]))
    if share is not None:
        stated = f"{share * 100:.1f}".rstrip("0").rstrip(".") + "%"
        done = "" if stated in lead else f"完成{share * 100:.1f}%，"
        return (f"{lead}，" if lead else "进展文字称") + f"{done}尚未全部完成。"
    if lead:
        return f"{lead}，工作在推进中。"
    return "进展文字有具体进展，但未说明全部完成。"


def _not_settled(a: Achievement, text: str) -> str:
    """Why a target reached is not yet the task done: the level must hold all year, the figure is
    of part of the year, or the text says other parts go on."""
    if MAINTAINED.search(a.target.text):
        return "但目标须全年保持，尚不能认定完成"
    if not a.cumulative and PART_OF_YEAR.search(text):
        return "但为年内阶段数据，尚不能认定全年完成"
    return "但进展文字未说明全部完成"


def _num(value: float) -> str:
    return f"{value:g}"


def _plain_text(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assess_task_dict(task: dict) -> TaskAssessment:
    """A task of the parse contract (``document-json.md``)."""
    goals = [(g.get("text") or "", g.get("progress") or "") for g in task.get("goals") or []]
    aim = " ".join(filter(None, (task.get("name"), task.get("content"))))
    return assess_progress(task.get("seq"), targets_of(task), [str(p) for p in task.get("progress") or []],
                           goals, aim)


def has_progress(doc: dict) -> bool:
    """Whether a parsed document reports progress at all (a plan or a work report does not)."""
    return any(t.get("progress") or any(g.get("progress") for g in t.get("goals") or []) for t in doc.get("tasks") or [])


def assess_document(doc: dict) -> dict:
    """The ``duban.assessment/1`` object of one parsed document (its ``to_dict()``)."""
    return {"schema": SCHEMA, "source": doc.get("source"),
            "tasks": [assess_task_dict(t).to_dict() for t in doc.get("tasks") or []]}
