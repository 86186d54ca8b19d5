"""The vocabulary of the ``rounds.state`` and ``progress_reports.state`` columns: each value, its one
Chinese word, and the steps the store lets a row take.

Why here and not in ``work/``: the store checks every write against these steps, and the
store sits below ``work/`` (data flows parse → store → work), so the words it stores are
defined where it can read them. ``duban.work.states`` re-exports them and adds what the
rest of duban decides with them (refusals in Chinese, who sees what). They are
``StrEnum``s: a member equals, hashes and prints as its stored value, so the database
holds the same strings as before.
"""
from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        """The state's one Chinese word (rounds and reports share 已公开 for ``published``)."""
        return STATE_LABELS[self]


class RoundState(_Labelled):
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


class ReportState(_Labelled):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"


# the one Chinese word for each state, for the CLI, the workbench, the exports and the public site
ROUND_STATE_LABELS = {RoundState.OPEN: "报送中", RoundState.CLOSED: "已截止", RoundState.PUBLISHED: "已公开"}
REPORT_STATE_LABELS = {ReportState.DRAFT: "草稿", ReportState.SUBMITTED: "已报送", ReportState.WITHDRAWN: "已撤回",
                       ReportState.RETURNED: "已退回", ReportState.APPROVED: "已审核", ReportState.PUBLISHED: "已公开"}
STATE_LABELS = {**REPORT_STATE_LABELS, **ROUND_STATE_LABELS}  # 已公开 is the same word for both

# state → states a round may move to: a published round is final (its counts are what the public was told)
ROUND_TRANSITIONS: dict[RoundState, frozenset[RoundState]] = {
    RoundState.OPEN: frozenset({RoundState.CLOSED, RoundState.PUBLISHED}),
    RoundState.CLOSED: frozenset({RoundState.OPEN, RoundState.PUBLISHED}),
    RoundState.PUBLISHED: frozenset(),
}

# state of the latest version (None: no version yet) → states the next version may take.
# A draft saved over a handed-in report leaves the handed-in version counted until the unit
# hands in again or withdraws it (撤回, an explicit step); an import may store published reports.
S = ReportState
REPORT_TRANSITIONS: dict[ReportState | None, frozenset[ReportState]] = {
    None: frozenset({S.DRAFT, S.SUBMITTED, S.PUBLISHED}),
    S.DRAFT: frozenset({S.DRAFT, S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.DRAFT, S.SUBMITTED, S.WITHDRAWN, S.RETURNED, S.APPROVED}),
    S.WITHDRAWN: frozenset({S.DRAFT, S.SUBMITTED}),
    S.RETURNED: frozenset({S.DRAFT, S.SUBMITTED}),
    S.APPROVED: frozenset({S.PUBLISHED, S.RETURNED}),
    S.PUBLISHED: frozenset({S.RETURNED, S.PUBLISHED}),
}
del S
