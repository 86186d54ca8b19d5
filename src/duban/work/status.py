"""The status of a task in a round, as a pure function of (targets, round, reports, now).

Why pure: supervision offices argue about statuses; a function whose inputs are
all on the table (and whose clock is passed in) can be shown, tested with a moved
clock and re-run for any past day. The database adapter lives in ``rounds.py``.

Rules, in order (first that applies wins):

1. The reviewer set a status on the counted report → that status (``basis='reviewer'``);
   else the imported table printed a verdict that ``work/stated.py`` maps → that status
   (``basis='source'``, 来源文件: the publishing office's own word).
2. No report submitted (drafts do not count): after the due date → ``missing``
   (未报送); before it → ``unassessed`` (未评估, not yet due).
3. Quantified targets (a positive amount of work, not a rate or a cap such as
   ``5%`` or ``4%以内``) with an achieved amount → share = achieved ÷ target (the
   lowest share when several targets have amounts). ``done`` at ≥ 100 %, else
   compared with 序时进度: more than ``tolerance`` above it → ``ahead``, within
   ``tolerance`` → ``on_track``, below → ``behind``. Amounts the unit entered
   give a firm status; amounts read from the progress text are a suggestion.
4. Otherwise the assessment engine (``work/assessment.py``, the one behind ``duban assess``)
   reads the progress text: amounts done, shares against the plan the text states (or the
   target each amount answers), and a verdict → a *suggested* status with the engine's
   ``why`` as its reason, for the reviewer to confirm.
5. A text with no checkable fact stays ``unassessed`` — never shown as "no progress".
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum

from duban.work.states import COUNTED_STATES, ReportState
from duban.work.timeshare import time_share

DEFAULT_TOLERANCE = 0.05
"""Five percentage points: 70 % done at a 75 % 序时进度 is still 达进度.

Reported amounts are rounded and arrive in steps (a building, a batch of
households); a stricter line would flip tasks between 达进度 and 欠进度 on noise.
"""


class Status(str, Enum):
    DONE = "done"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSING = "missing"
    UNASSESSED = "unassessed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def light(self) -> Light:
        return STATUS_LIGHTS[self]


@dataclass(frozen=True)
class Light:
    colour: str  # green / blue / yellow / red / grey
    hex: str
    label: str  # the colour's Chinese name for the legend and for colour-blind readers


STATUS_ORDER = (Status.DONE, Status.AHEAD, Status.ON_TRACK, Status.BEHIND, Status.MISSING, Status.UNASSESSED)
STATUS_LABELS = {Status.DONE: "已完成", Status.AHEAD: "超进度", Status.ON_TRACK: "达进度",
                 Status.BEHIND: "欠进度", Status.MISSING: "未报送", Status.UNASSESSED: "未评估"}
# 已完成 and 超进度 share green (both fine), 达进度 is blue, 欠进度 the yellow card,
# 未报送 red (the office's first worry), 未评估 grey: unknown is not bad.
STATUS_LIGHTS = {
    Status.DONE: Light("green", "#1a7f37", "绿"),
    Status.AHEAD: Light("green", "#4ac26b", "绿"),
    Status.ON_TRACK: Light("blue", "#2f6fdb", "蓝"),
    Status.BEHIND: Light("yellow", "#d4a72c", "黄"),
    Status.MISSING: Light("red", "#cf222e", "红"),
    Status.UNASSESSED: Light("grey", "#8c959f", "灰"),
}
LAGGING = (Status.BEHIND, Status.MISSING)
# a draft or a withdrawn report is not a report: COUNTED_STATES (from work.states) are the ones handed in
NON_PROGRESS_UNITS = ("%", "‰", "个百分点")  # rates: their share of a target says nothing about time
CAP_QUALIFIERS = ("以内", "不超过", "不高于", "以下")  # ceilings: less is better, no share to compute


@dataclass(frozen=True)
class TargetInput:
    value: float | None
    unit: str | None
    qualifier: str | None = None
    text: str = ""
    metric: str | None = None

    @property
    def measurable(self) -> bool:
        """A positive amount of work that accumulates over the period."""
        return (self.value is not None and self.value > 0 and (self.unit or "") not in NON_PROGRESS_UNITS
                and (self.qualifier or "") not in CAP_QUALIFIERS)


@dataclass(frozen=True)
class ReportInput:
    state: str
    version: int = 1
    items: Sequence[str] = ()
    achievements: Sequence[float | None] | None = None  # per target, as the unit entered them; None: not entered
    reviewer_status: str | None = None
    submitted_at: datetime | None = None
    stated_status: str | None = None  # the status the imported table's own verdict maps to
    stated_words: str = ""  # that verdict as printed, with its column (是否达序：否)


@dataclass(frozen=True)
class RoundInput:
    period_end: date
    due: date | None = None


@dataclass(frozen=True)
class Assessment:
    status: Status
    suggested: bool
    basis: str  # reviewer / source / targets / text / due / none
    share: float | None = None  # achieved ÷ target, lowest over the targets
    time_share: float | None = None
    reason: str = ""
    achievements: tuple[float | None, ...] = field(default=())

    @property
    def label(self) -> str:
        return self.status.label + ("（建议）" if self.suggested else "")


def counted_report(reports: Sequence[ReportInput]) -> ReportInput | None:
    """The newest version that was handed in; drafts are private to the unit, and a withdrawal
    (撤回) takes back everything handed in before it."""
    counted = None
    for r in sorted(reports, key=lambda r: r.version):
        if r.state == ReportState.WITHDRAWN:
            counted = None
        elif r.state in COUNTED_STATES:
            counted = r
    return counted


def is_overdue(due: date | None, now: datetime) -> bool:
    """A report is late once the whole due day has passed."""
    return due is not None and now > datetime.combine(due, time.max, tzinfo=now.tzinfo)


def status_from_share(share: float, elapsed: float, tolerance: float = DEFAULT_TOLERANCE) -> Status:
    if share >= 1.0:
        return Status.DONE
    if share > elapsed + tolerance:
        return Status.AHEAD
    if share >= elapsed - tolerance:
        return Status.ON_TRACK
    return Status.BEHIND


def status_from_text(items: Sequence[str]) -> Status | None:
    """The status the wording alone suggests (no targets): the assessment engine's verdict;
    ``None`` when the text has no checkable fact."""
    if not "".join(items).strip():
        return None
    return VERDICT_STATUS.get(read_progress((), items).verdict)


def _percent(x: float) -> str:
    return f"{x * 100:.1f}%"


def assess(targets: Sequence[TargetInput], task_start: date, task_end: date, round_: RoundInput,
           reports: Sequence[ReportInput], now: datetime, *, tolerance: float = DEFAULT_TOLERANCE,
           read_achievements=None) -> Assessment:
    """The status of one task in one round.

    When the unit entered no amounts, the suggestion comes from the assessment
    engine's reading of the progress text (``suggest_from_text``);
    ``read_achievements(targets, items)``, when given, reads the amounts instead, so
    the share rule can be tested without the engine.
    """
    elapsed = time_share(task_start, task_end, round_.period_end)
    report = counted_report(reports)
    if report is None:
        if is_overdue(round_.due, now):
            return Assessment(Status.MISSING, False, "due", time_share=elapsed, reason="截止日期已过，未报送")
        return Assessment(Status.UNASSESSED, False, "none", time_share=elapsed, reason="尚未报送，未到截止日期")
    if report.reviewer_status:
        return Assessment(Status(report.reviewer_status), False, "reviewer", time_share=elapsed, reason="审核确认")
    if report.stated_status:
        return Assessment(Status(report.stated_status), False, "source", time_share=elapsed,
                          reason=f"来源文件（{report.stated_words}）")

    entered = report.achievements is not None and any(a is not None for a in report.achievements)
    if entered or read_achievements is not None:
        amounts = (tuple(report.achievements) + (None,) * (len(targets) - len(report.achievements)) if entered
                   else tuple(read_achievements(targets, report.items)))
        shares = [a / t.value for t, a in zip(targets, amounts) if t.measurable and a is not None]
        if shares:
            share = min(shares)
            status = status_from_share(share, elapsed, tolerance)
            source = "填报完成值" if entered else "进展文字中的完成值"
            return Assessment(status, not entered, "targets", share=share, time_share=elapsed, achievements=amounts,
                              reason=f"{source}：完成{_percent(share)}，序时进度{_percent(elapsed)}")
        cue = status_from_text(report.items)
        if cue is not None:
            return Assessment(cue, True, "text", time_share=elapsed, achievements=amounts,
                              reason="根据进展文字建议，待审核确认")
        return Assessment(Status.UNASSESSED, False, "none", time_share=elapsed, achievements=amounts,
                          reason="已报送，待审核评估")
    return suggest_from_text(targets, report.items, elapsed, tolerance)


VERDICT_STATUS = {"done": Status.DONE, "not_started": Status.BEHIND, "in_progress": Status.ON_TRACK}


def read_progress(targets: Sequence[TargetInput], items: Sequence[str]):
    """The assessment engine's reading of a report (``duban assess`` reads documents the same way)."""
    from duban.work.assessment import assess_progress
    from duban.work.progress_reading import Target
    return assess_progress(None, [Target(t.text, t.value, t.unit, t.metric, t.qualifier) for t in targets],
                           [str(i) for i in items])


def target_amounts(targets: Sequence[TargetInput], reading) -> tuple[float | None, ...]:
    """The amount the engine's reading says was done for each target, in the targets' order."""
    return tuple(next((a.value for a in reading.achievements if a.target is not None
                       and (a.target.text, a.target.value) == (t.text, t.value)), None) for t in targets)


def achievements_from_text(targets: Sequence[TargetInput], items: Sequence[str]) -> tuple[float | None, ...]:
    """完成值 per target as the progress text reports them — the same reading that suggests the
    status (``suggest_from_text``), so the report form's suggested amounts and the suggested
    status never disagree. ``None`` where the text reports nothing for a target."""
    if not targets:
        return ()
    if not "".join(str(i) for i in items).strip():
        return (None,) * len(targets)
    return target_amounts(targets, read_progress(targets, items))


def suggest_from_text(targets: Sequence[TargetInput], items: Sequence[str], elapsed: float,
                      tolerance: float = DEFAULT_TOLERANCE) -> Assessment:
    """A suggested status from the progress text, with the engine's ``why`` as the reason.

    Shares are taken against the plan or quota the text states for the unit, else the
    task target each amount answers; a share of 100 % or more is 已完成 only when the text
    also says the work is complete (else 超进度). A report with no checkable fact stays
    未评估 — the office should send it back, not read it as no progress."""
    reading = read_progress(targets, items)
    amounts = target_amounts(targets, reading)
    if reading.verdict == "unclear":
        return Assessment(Status.UNASSESSED, False, "none", time_share=elapsed, achievements=amounts,
                          reason=reading.why)
    if reading.share is not None and reading.verdict != "not_started":
        status = status_from_share(reading.share, elapsed, tolerance)
        if status is Status.DONE and reading.verdict != "done":
            status = Status.AHEAD
        return Assessment(status, True, "targets", share=reading.share, time_share=elapsed, achievements=amounts,
                          reason=f"{reading.why.rstrip('。')}（序时进度{_percent(elapsed)}）。")
    return Assessment(VERDICT_STATUS[reading.verdict], True, "text", time_share=elapsed, achievements=amounts,
                      reason=reading.why)


def _zeros() -> dict[Status, int]:
    return dict.fromkeys(STATUS_ORDER, 0)


@dataclass(frozen=True)
class Summary:
    """Counts and shares per status — of statuses a person confirmed only.

    Why one rule for every count: the notice, exports and the public site may state only
    what a person confirmed, and the staff dashboard must show the same numbers the notice
    prints. So ``counts`` holds confirmed statuses (the reviewer's, amounts the unit
    entered, 未报送 after the due day) and counts a machine suggestion as 未评估;
    ``suggested`` says, beside them, how many of those 未评估 the engine suggests as each
    status, awaiting review (``已完成 4 · 系统建议另有 2 项待确认``).
    """

    total: int
    counts: dict[Status, int]
    suggested: dict[Status, int] = field(default_factory=_zeros)

    @property
    def pending(self) -> int:
        """Machine suggestions awaiting a person's confirmation (all counted under 未评估)."""
        return sum(self.suggested.values())

    def share(self, status: Status) -> float:
        return self.counts[status] / self.total if self.total else 0.0

    def phrase(self, status: Status) -> str:
        """As notices write it: ``达进度162项，占72.9%``."""
        return f"{status.label}{self.counts[status]}项，占{self.share(status) * 100:.1f}%"

    def sentence(self) -> str:
        parts = [self.phrase(s) for s in STATUS_ORDER if self.counts[s]]
        return f"共{self.total}项任务，其中" + "；".join(parts) + "。" if parts else "暂无任务。"

    def pending_sentence(self, *, detail: bool = True) -> str:
        """``未评估的22项中，8项有系统建议、待审核确认（已完成2项、达进度6项）。``; empty when none.
        Without ``detail`` (a notice, which states only confirmed statuses) the suggested statuses
        are not named: ``未评估的22项中，8项已报送进展、尚待审核确认。``"""
        if not self.pending:
            return ""
        head = f"未评估的{self.counts[Status.UNASSESSED]}项中，{self.pending}项"
        if not detail:
            return f"{head}已报送进展、尚待审核确认。"
        parts = "、".join(f"{s.label}{self.suggested[s]}项" for s in STATUS_ORDER if self.suggested[s])
        return f"{head}有系统建议、待审核确认（{parts}）。"

    def to_dict(self) -> dict:
        return {"total": self.total, "suggested": self.pending,
                "statuses": [{"status": s.value, "label": s.label, "count": self.counts[s],
                              "share": round(self.share(s), 4), "suggested": self.suggested[s],
                              "colour": s.light.colour, "hex": s.light.hex}
                             for s in STATUS_ORDER]}


def counted_status(item) -> Status:
    """The status an item counts as: a machine suggestion counts as 未评估 until a person confirms it."""
    return Status.UNASSESSED if getattr(item, "suggested", False) else Status(getattr(item, "status", item))


def summarize(statuses) -> Summary:
    """Counts and shares per status; accepts ``Status`` values or anything with a ``.status``.

    An item whose ``suggested`` is true (a ``TaskStatus`` or ``Assessment`` the machine only
    suggested) is counted as 未评估 and, beside the counts, as a suggestion of its status."""
    counts = _zeros()
    suggested = _zeros()
    total = 0
    for item in statuses:
        if item.__class__ is not Status:  # the enum's lookup is the cost of counting a site's 100,000 tasks
            if getattr(item, "suggested", False):
                suggested[Status(item.status)] += 1
            item = counted_status(item)
        counts[item] += 1
        total += 1
    return Summary(total, counts, suggested)
