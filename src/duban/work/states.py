"""Round and report states: the enums, their one Chinese label table, the legal steps, who sees what.

Why one module: the CLI, the workbench, the exports and the public site used to spell
states as bare strings and name them differently (已报送/已提交, 已审核/审核通过,
已发布/已公开, 进行中/报送中, 已截止/已关闭), and each decided on its own which
reports the public may see. Everything that shows or changes a state reads it here.

Round: 报送中 (open) → 已截止 (closed) → 已公开 (published); a closed round may be
reopened; a published round is final (its counts are what the public was told).

Report versions (append-only; each step is a new version): 草稿 (draft) → 已报送
(submitted) → 已审核 (approved) or 已退回 (returned); a returned or drafted report is
报送 again; a draft saved over a handed-in report keeps the handed-in version counted;
已报送 may be 撤回 (withdrawn) by its unit before review, an explicit step that leaves
the unit with no counted report; approved reports become 已公开 (published) with their
round. The enums, their labels and the transition tables live with the store (``store/states.py``),
which checks every write; this module re-exports them and adds the Chinese refusals and the
visibility policy.
"""
from __future__ import annotations

from enum import Enum

from duban.store.db import StoreError
from duban.store.states import (
    REPORT_STATE_LABELS,
    REPORT_TRANSITIONS,
    ROUND_STATE_LABELS,
    ROUND_TRANSITIONS,
    STATE_LABELS,
    ReportState,
    RoundState,
)

__all__ = ["RoundState", "ReportState", "ROUND_STATE_LABELS", "REPORT_STATE_LABELS", "STATE_LABELS", "StateError",
           "ROUND_STEPS", "REPORT_STEPS", "COUNTED_STATES", "REVIEWED_STATES", "ACTION_WORDS", "check_round_step",
           "check_report_step", "Audience", "audience_of", "report_visible", "round_visible", "counted_states",
           "confirmed_only", "state_label"]


class StateError(StoreError):
    """An illegal step; the message is the Chinese sentence shown to the user (the web answers 400 with it)."""


def state_label(value: str | None) -> str:
    """The one Chinese word for a round or report state: the CLI's columns and the templates' ``|state_label``."""
    return STATE_LABELS.get(value, value or "")


# the store's tables (checked on every write), in a fixed order: one machine, not two
ROUND_STEPS = {now: tuple(sorted(to)) for now, to in ROUND_TRANSITIONS.items()}
REPORT_STEPS = {now: tuple(sorted(to)) for now, to in REPORT_TRANSITIONS.items() if now is not None}

# A draft and a withdrawn report are not handed in; every other state counts for the staff.
COUNTED_STATES = tuple(s.value for s in (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.APPROVED,
                                         ReportState.PUBLISHED))
# What a person has reviewed and let stand: what the public, exports and notices count.
REVIEWED_STATES = (ReportState.APPROVED.value, ReportState.PUBLISHED.value)


def check_round_step(current: str, target: str) -> RoundState:
    now, to = RoundState(current), RoundState(target)
    if to not in ROUND_STEPS[now]:
        if now is to:
            raise StateError(f"轮次已经是“{now.label}”状态")
        if now is RoundState.PUBLISHED:
            raise StateError("轮次已公开，不能再改为“" + to.label + "”；公开的数字以公开时为准")
        raise StateError(f"轮次不能从“{now.label}”改为“{to.label}”")
    return to


def check_report_step(current: str | None, target: str) -> ReportState:
    """``current`` None: the unit has no version yet (it may save a draft or hand one in)."""
    to = ReportState(target)
    if current is None:
        if to in REPORT_TRANSITIONS[None]:
            return to
        raise StateError(f"尚未填报，不能{ACTION_WORDS.get(to, to.label)}")
    now = ReportState(current)
    if to not in REPORT_STEPS[now]:
        raise StateError(f"进展当前为“{now.label}”，不能{ACTION_WORDS.get(to, '改为“' + to.label + '”')}")
    return to


ACTION_WORDS = {ReportState.DRAFT: "保存草稿", ReportState.SUBMITTED: "报送", ReportState.WITHDRAWN: "撤回",
                ReportState.RETURNED: "退回", ReportState.APPROVED: "审核通过", ReportState.PUBLISHED: "公开"}


class Audience(str, Enum):
    """Who is looking: the public (and everything published: site, exports, notices), the office, a unit."""
    PUBLIC = "public"
    STAFF = "staff"
    REPORTER = "reporter"


def audience_of(role: str | None) -> Audience:
    """A workbench account's audience: admins and viewers are the office's staff, reporters their unit."""
    return Audience.REPORTER if role == "reporter" else Audience.STAFF if role in ("admin", "viewer") else Audience.PUBLIC


def report_visible(report_state: str, audience: Audience, *, own_unit: bool = False, round_state: str = "") -> bool:
    """Drafts are the unit's own; handed-in versions are for the office and the unit; the public sees
    reviewed reports of published rounds only."""
    if audience is Audience.PUBLIC:
        return round_state == RoundState.PUBLISHED.value and report_state in REVIEWED_STATES
    if audience is Audience.REPORTER:
        return own_unit
    return report_state != ReportState.DRAFT.value


def round_visible(round_state: str, audience: Audience) -> bool:
    return audience is not Audience.PUBLIC or round_state == RoundState.PUBLISHED.value


def counted_states(round_state: str, audience: Audience) -> tuple[str, ...]:
    """The report states that count for this audience in a round of this state.

    A published round is final: the office counts exactly what the public counts (the
    reviewed reports), so the staff and public numbers of a published round are equal.
    Before that the office sees every report handed in."""
    if audience is Audience.PUBLIC or round_state == RoundState.PUBLISHED.value:
        return REVIEWED_STATES
    return COUNTED_STATES


def confirmed_only(round_state: str, audience: Audience) -> bool:
    """Whether only statuses a person confirmed may be shown (machine suggestions become 未评估)."""
    return audience is Audience.PUBLIC or round_state == RoundState.PUBLISHED.value
