"""The ledger's tables as typed SQLAlchemy 2.0 models, portable across SQLite and PostgreSQL.

Why these shapes:
- a ``ProgressReport`` row is never updated or deleted: an edit, a submission, a
  return or an approval appends a new version that ``supersedes`` the previous one,
  so the history of what a unit said, and when, can always be shown;
- units, plans and source documents belong to an ``Organization`` so several
  governments can share one database;
- a printed group name (``各街道办事处``) is a ``Unit`` with ``is_group`` and explicit
  members, so an assignment always points at one unit row;
- JSON columns use the generic ``JSON`` type (``jsonb``-free) so the same model
  runs on both databases and the migration test sees no diff.

The full-text index (``search_docs`` plus an FTS5 table on SQLite or a ``tsvector``
column on PostgreSQL) is created by the migration; only ``SearchDoc`` is mapped.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from duban.store.states import ReportState, RoundState

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UNIT_KINDS = ("委办局", "街道", "其他")
ROLES = ("lead", "co")
ROUND_STATES = tuple(RoundState)
REPORT_STATES = tuple(ReportState)
USER_ROLES = ("admin", "reporter", "viewer")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Organization(Base):
    """A government using duban. ``name`` is the short key (``--org``); the rest are set once
    (``duban org set``) and printed on what leaves the office: tables, notices, file properties."""

    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))  # 北京市东城区人民政府
    issuing_office: Mapped[str | None] = mapped_column(String(200))  # 发文机关: 北京市东城区人民政府督查室
    addressees: Mapped[str | None] = mapped_column(Text)  # 主送机关: 各街道办事处，区政府各委、办、局
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Unit(Base):
    """A responsible unit (责任单位) or, with ``is_group``, a printed name standing for several."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="其他")
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    # a contact address for reminders, for the many units whose reporters have no account (or no address)
    email: Mapped[str | None] = mapped_column(String(320))
    contact_name: Mapped[str | None] = mapped_column(String(100))  # the person the office phones
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organization: Mapped[Organization] = relationship()
    aliases: Mapped[list[UnitAlias]] = relationship(back_populates="unit", order_by="UnitAlias.alias")
    members: Mapped[list[Unit]] = relationship(
        secondary="unit_group_members", primaryjoin="Unit.id == UnitGroupMember.group_id",
        secondaryjoin="Unit.id == UnitGroupMember.member_id", order_by="Unit.name", viewonly=True)


class UnitAlias(Base):
    """Another printed name of a unit (``规自分局`` for ``区规自分局``); unique per organization."""

    __tablename__ = "unit_aliases"
    __table_args__ = (UniqueConstraint("org_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit: Mapped[Unit] = relationship(back_populates="aliases")


class UnitGroupMember(Base):
    __tablename__ = "unit_group_members"
    group_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)


class Plan(Base):
    """One task list for one year; ``source`` says where its tasks come from (``市重点任务``)."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("org_id", "year", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))  # progress_report / performance_report / task_plan / work_report
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organization: Mapped[Organization] = relationship()
    tasks: Mapped[list[Task]] = relationship(back_populates="plan", order_by="Task.position")
    rounds: Mapped[list[Round]] = relationship(back_populates="plan", order_by="Round.end")


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order within the plan, as first imported
    seq: Mapped[int | None] = mapped_column(Integer)
    ref: Mapped[str | None] = mapped_column(String(200), index=True)
    ref_no: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(500))
    content: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    parent: Mapped[Task | None] = relationship(remote_side="Task.id")
    assignments: Mapped[list[Assignment]] = relationship(back_populates="task", order_by="Assignment.position")
    targets: Mapped[list[Target]] = relationship(back_populates="task", order_by="Target.position")
    goals: Mapped[list[Goal]] = relationship(back_populates="task", order_by="Goal.position")


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("task_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # lead / co
    position: Mapped[int] = mapped_column(Integer, default=0)  # printed order

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship()


class Goal(Base):
    """A numbered annual goal of a performance task (年度任务及目标)."""

    __tablename__ = "goals"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    task: Mapped[Task] = relationship(back_populates="goals")


class Target(Base):
    """A quantity the task commits to (目标值); ``goal_id`` when it was found in a goal's text."""

    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    metric: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(50))
    qualifier: Mapped[str | None] = mapped_column(String(20))
    task: Mapped[Task] = relationship(back_populates="targets")
    goal: Mapped[Goal | None] = relationship()


class Round(Base):
    """A reporting period of a plan (``前三季度``, ``1-6月``, ``全年``)."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("plan_id", "label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    label: Mapped[str] = mapped_column(String(50))
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    due: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default=RoundState.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    plan: Mapped[Plan] = relationship(back_populates="rounds")


class ReminderSend(Base):
    """One 催办 of a unit for a round on a day, claimed *before* it is sent.

    The unique key is what keeps two runs at once (cron and the office's button)
    from both sending: only the run whose insert commits sends. ``failed`` may be
    claimed again by a later run; ``sending`` and ``sent`` may not. ``channels``
    holds the channels that have delivered (``{"email": true}``), so a retry sends
    only what failed. ``unit_id`` has no foreign key, like the audit trail's
    ``entity_id``: merging units deletes the merged one, and its reminder history
    must neither block that nor be rewritten to a unit that was never chased.
    """

    __tablename__ = "reminder_sends"
    __table_args__ = (UniqueConstraint("round_id", "unit_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    unit_id: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(20), default="sending")
    channels: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    actor: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class ProgressReport(Base):
    """One version of what a unit reported for a task in a round. Append-only."""

    __tablename__ = "progress_reports"
    __table_args__ = (UniqueConstraint("task_id", "round_id", "unit_id", "version"),
                      Index("ix_progress_reports_round_task", "round_id", "task_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    items: Mapped[list[Any]] = mapped_column(default=list)  # numbered items; for performance tasks one per goal
    achievements: Mapped[list[Any]] = mapped_column(default=list)  # [{"target_id", "value", "unit"}…]
    # the form's other parts: {"problems": [...], "plans": [...], "percent": 80.0} (存在问题, 下步计划, 完成%)
    sections: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="unassessed")
    state: Mapped[str] = mapped_column(String(20), default=ReportState.DRAFT.value)
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    reviewer_comment: Mapped[str | None] = mapped_column(Text)
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("source_documents.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    task: Mapped[Task] = relationship()
    round: Mapped[Round] = relationship()
    unit: Mapped[Unit | None] = relationship()


class ReportAttachment(Base):
    """佐证材料: a file a unit attached to its report of a task in a round, kept on disk by content hash.

    Attached to (task, round, unit), not to one version: report versions are
    append-only, and the evidence stays with every later version of the same report.
    """

    __tablename__ = "report_attachments"
    __table_args__ = (Index("ix_report_attachments_report", "task_id", "round_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SourceDocument(Base):
    """A file as imported: its hash makes import idempotent; ``parsed`` keeps the contract JSON verbatim."""

    __tablename__ = "source_documents"
    __table_args__ = (UniqueConstraint("org_id", "sha256"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"))
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    parsed: Mapped[dict[str, Any]] = mapped_column()
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(100))


class Indicator(Base):
    """A main expected target of a work report (主要预期目标)."""

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("source_documents.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(500))
    change: Mapped[str | None] = mapped_column(String(50))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(50))
    qualifier: Mapped[str | None] = mapped_column(String(20))


class Commitment(Base):
    """A quantified promise of a work report's plan part (量化承诺)."""

    __tablename__ = "commitments"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("source_documents.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    metric: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(50))
    qualifier: Mapped[str | None] = mapped_column(String(20))


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))  # where reminders to a reporter go
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # written into each session cookie at login; bumping it (logout, password change, disable) ends every session
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    unit: Mapped[Unit | None] = relationship()


class AuditEvent(Base):
    """Who changed what, when, with the state before and after; written by every service."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class SearchDoc(Base):
    """One searchable text: a task (name + content) or the latest progress of a task, round and unit.

    ``segmented`` is the jieba-segmented text the database's full-text index reads
    (FTS5 table ``search_fts`` kept in step by triggers on SQLite; generated
    ``tsv`` column with a GIN index on PostgreSQL), both created in the migration.
    """

    __tablename__ = "search_docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    segmented: Mapped[str] = mapped_column(Text)
