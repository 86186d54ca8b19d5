"""What the public is told of a task's status: only what a person confirmed, ``未评估`` otherwise.

Why: the engine also *suggests* statuses (amounts read from the progress text, cue
words) for the office to confirm, and explains unconfirmed states in the office's
words (``已报送，待审核评估``). Neither is a statement the government made, so the
public tracker (the static site and ``/open``) shows a status only when its basis is
a person's: the reviewer's own status, amounts the unit entered in an approved
report, the verdict the publishing office printed in the imported table itself
(``source``, 来源文件: ``work/stated.py``), or the plain fact that nothing was handed
in by the due day. Everything else
is ``未评估``, which the site explains as "not yet judged", never as "no progress".
"""
from __future__ import annotations

from dataclasses import dataclass

from duban.work.status import Status

CONFIRMED_BASES = ("reviewer", "targets", "due", "source")
BASIS_LABELS = {"reviewer": "审核确认", "targets": "按填报完成值计算", "due": "截止日期已过，未报送",
                "source": "来源文件", "none": "尚未评估"}


@dataclass(frozen=True)
class PublicStatus:
    status: Status
    basis: str  # reviewer / targets / due / source / none
    share: float | None  # achieved ÷ target, only when the unit entered the amounts
    time_share: float | None
    reason: str

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def progress(self) -> float | None:
        """How full the task's progress bar is: the confirmed share, or all of it when confirmed done."""
        if self.status is Status.DONE:
            return 1.0
        if self.share is not None:
            return max(0.0, min(1.0, self.share))
        return None


def public_status(status: Status, suggested: bool, basis: str, share: float | None = None,
                  time_share: float | None = None, reason: str = "") -> PublicStatus:
    """The engine's assessment as the public may see it (``Assessment`` or ``TaskStatus`` fields)."""
    if suggested or basis not in CONFIRMED_BASES or status is Status.UNASSESSED:
        return PublicStatus(Status.UNASSESSED, "none", None, time_share, BASIS_LABELS["none"])
    if basis == "targets":
        return PublicStatus(status, basis, share, time_share, reason or BASIS_LABELS[basis])
    if basis == "source":  # the words the published table printed, which the public may read too
        return PublicStatus(status, basis, None, time_share, reason or BASIS_LABELS[basis])
    return PublicStatus(status, basis, None, time_share, BASIS_LABELS[basis])
