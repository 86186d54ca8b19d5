"""逐项确认系统建议: the office confirms, in bulk, the statuses the machine suggested in a round.

Why: a suggestion is not a verdict — notices, exports and the public site show only
statuses a person confirmed. A progress table imported from a government site is a
published round whose statuses nobody confirmed, so every task reads 未评估; reports
handed in through the workbench wait for review the same way. Here the office sees each
suggestion with its reason, ticks the ones it agrees with (nothing is pre-selected) and
confirms them: each becomes a new version of the report carrying that status as the
reviewer's, written by the store, which audits it under the confirming account's name.

What may be confirmed: a handed-in report in a round still open or closed (confirming is
approving it at that status), and a report an import stored as published that carries no
status yet. A report the office published from the workbench was reviewed before
publishing and stays as it was: a published round's numbers are what the public was told.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from duban.store.db import StoreError, write_transaction
from duban.store.models import ProgressReport, Round
from duban.store.services import progress as progress_service
from duban.work import ledger
from duban.work.rounds import statuses_for_round
from duban.work.states import ReportState, RoundState, check_report_step
from duban.work.status import Status

CONFIRM_COMMENT = "确认系统建议"


@dataclass(frozen=True)
class Suggestion:
    """One status the machine suggests for a task in a round, and the report it would be written on."""

    task_id: int
    seq: int | None
    label: str
    unit_name: str
    report_id: int
    version: int
    status: Status
    reason: str
    items: tuple[str, ...]

    @property
    def key(self) -> str:
        """What a form sends back: the report, the version seen and the status seen."""
        return f"{self.report_id}:{self.version}:{self.status.value}"

    def to_dict(self) -> dict:
        return {"task_id": self.task_id, "seq": self.seq, "task": self.label, "unit": self.unit_name,
                "report_id": self.report_id, "version": self.version, "status": self.status.value,
                "status_label": self.status.label, "reason": self.reason, "items": list(self.items), "key": self.key}


@dataclass
class Confirmed:
    confirmed: list[str] = field(default_factory=list)  # task labels
    skipped: list[str] = field(default_factory=list)  # task labels whose report or suggestion changed meanwhile

    def message(self) -> str:
        text = f"已确认{len(self.confirmed)}项系统建议的状态"
        if self.skipped:
            text += f"；{len(self.skipped)}项在列出后已有变化，未确认：{'、'.join(self.skipped[:5])}"
        return text


def _round(session: Session, round_id: int) -> Round:
    rnd = session.get(Round, round_id)
    if rnd is None:
        raise StoreError(f"没有轮次 {round_id}")
    return rnd


def confirmable(rnd: Round, report: ProgressReport) -> bool:
    if rnd.state == RoundState.PUBLISHED:
        return report.state == ReportState.PUBLISHED and report.source_document_id is not None
    return report.state == ReportState.SUBMITTED


def suggestions(session: Session, round_id: int, now: datetime) -> list[Suggestion]:
    """The round's machine suggestions a person may confirm, in task order."""
    rnd = _round(session, round_id)
    reports = {r.id: r for versions in ledger.reports_of_round(session, rnd.id).values()
               for r in ledger.latest_versions(versions).values()}  # the newest version per task and unit
    result = []
    for status in statuses_for_round(session, rnd.plan_id, rnd.id, now, suggestions=True):
        report = reports.get(status.report_id) if status.suggested else None
        if report is not None and confirmable(rnd, report):  # a newer version (a draft) waits for its unit
            result.append(Suggestion(status.task_id, status.seq, status.label, report.unit.name if report.unit else "",
                                     report.id, report.version, status.status, status.reason,
                                     tuple(str(i) for i in report.items or [])))
    return result


def parse_key(value: str) -> tuple[int, int, Status]:
    try:
        report_id, version, status = value.split(":", 2)
        return int(report_id), int(version), Status(status)
    except ValueError:
        raise StoreError(f"无法识别的确认项 {value!r}") from None


def confirm_suggestions(session: Session, *, actor: str, round_id: int, keys: list[str], now: datetime) -> Confirmed:
    """Confirm the suggestions named by ``keys`` (``Suggestion.key``) as ``actor``, in one transaction.

    A suggestion is confirmed only as it was shown: when its report gained a version or the
    engine now suggests another status, it is skipped and named, never confirmed unseen."""
    write_transaction(session)  # before the first read: what is confirmed is what was read
    rnd = _round(session, round_id)
    wanted = [parse_key(k) for k in keys]
    current = {s.report_id: s for s in suggestions(session, round_id, now)}
    result = Confirmed()
    for report_id, version, status in wanted:
        suggestion = current.get(report_id)
        if suggestion is None or suggestion.version != version or suggestion.status is not status:
            report = session.get(ProgressReport, report_id)
            if report is None or report.round_id != rnd.id:
                raise StoreError(f"轮次 {round_id} 没有进展 {report_id}")
            result.skipped.append(ledger.task_label(report.task, 16))
            continue
        report = session.get(ProgressReport, report_id)
        state = ReportState.PUBLISHED if rnd.state == RoundState.PUBLISHED else ReportState.APPROVED
        check_report_step(report.state, state)
        progress_service.append_report(
            session=session, actor=actor, task_id=report.task_id, round_id=rnd.id, unit_id=report.unit_id,
            status=status.value, state=state.value, reviewer_comment=f"{CONFIRM_COMMENT}：{status.label}",
            source_document_id=report.source_document_id, audit_action="confirm")
        result.confirmed.append(suggestion.label)
    return result
