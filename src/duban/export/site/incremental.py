"""What the last build was made of, so the next one rewrites only the organizations whose data changed.

Why: a site of 100 plans is 34,000 files and half a gigabyte; rebuilding all of it
because one unit's report was approved (or because the server restarted) costs ten
seconds of both cores. Organizations share nothing but the home, search and data
pages and the open-data CSV files, so each organization's pages are a unit of work:

- ``org_fingerprints`` reads, in a few grouped queries, what each organization's pages
  are made of (its plans, published rounds, tasks, units, targets, goals, indicators,
  report versions in published rounds, and audited changes to its units, rounds and
  settings). The stored ``State`` remembers each organization's fingerprint, the files
  it wrote and what it added to the shared pages (``OrgResult``).
- the CSV files are the organizations' parts in order; the state keeps each part's
  byte range, so unchanged parts are copied from the previous file in the kernel
  (``os.copy_file_range``) and only a changed organization's rows are written.

The state lives beside the site (``.NAME.state``), not inside it: it is not public.
A state made by other code (``CODE``: a hash of the site's modules, templates and
static files) or on another day (statuses turn 未报送 at midnight) is not used; the
whole site is then built afresh.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from duban.fileio import replace_file
from duban.store.models import (
    Assignment,
    AuditEvent,
    Commitment,
    Goal,
    Indicator,
    Organization,
    Plan,
    ProgressReport,
    Round,
    Target,
    Task,
    Unit,
)
from duban.store.states import RoundState

STATE_VERSION = 1


@functools.cache
def code_fingerprint() -> str:
    """The site's own code, templates and static files: a new duban version rebuilds everything."""
    import duban

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{duban.__version__}/{STATE_VERSION}".encode())
    for folder in ("site", "templates", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".html", ".css", ".js"):
                digest.update(path.name.encode() + path.read_bytes())
    for module in ("public_status.py", "stated.py", "status.py", "rounds.py", "ledger.py"):
        digest.update((root.parent / "work" / module).read_bytes())
    return digest.hexdigest()


def state_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.state")


@dataclass
class State:
    code: str
    day: date
    orgs: dict[int, object] = field(default_factory=dict)  # org id → OrgResult (files, csv ranges, fingerprint)
    csv_sizes: dict[str, int] = field(default_factory=dict)  # each CSV file's size as written
    keeper: tuple | None = None  # the site keeper's fingerprint when this site was built
    stats: object = None  # the build's SiteStats, answered again when nothing changed

    def usable(self, out: Path, day: date) -> bool:
        return self.code == code_fingerprint() and self.day == day and (out / "index.html").exists() and all(
            (out / name).exists() and (out / name).stat().st_size == size for name, size in self.csv_sizes.items())


def load_state(out: Path) -> State | None:
    try:
        with open(state_path(out), "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return state if isinstance(state, State) else None


def save_state(out: Path, state: State) -> None:
    replace_file(state_path(out), pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), readable_by_others=True)


def _grouped(session: Session, statement) -> dict[int, tuple]:
    return {row[0]: tuple(row[1:]) for row in session.execute(statement)}


def org_fingerprints(session: Session) -> dict[int, tuple]:
    """Organization id → what its pages are made of (grouped queries, one pass over each table)."""
    org = Plan.org_id
    published = Round.state == RoundState.PUBLISHED
    newest = (func.max, func.count)

    def by_plan(model, *where, via_task: bool = False):
        query = select(org, *(f(model.id) for f in newest))
        query = (query.join(Task, Task.id == model.task_id).join(Plan, Plan.id == Task.plan_id) if via_task
                 else query.join(Plan, Plan.id == model.plan_id))
        return _grouped(session, query.where(*where).group_by(org))

    parts = [
        _grouped(session, select(org, func.max(Plan.id), func.count(Plan.id)).group_by(org)),
        by_plan(Round, published),
        _grouped(session, select(org, func.max(ProgressReport.id), func.count(ProgressReport.id))
                 .join(Round, Round.id == ProgressReport.round_id).join(Plan, Plan.id == Round.plan_id)
                 .where(published).group_by(org)),
        by_plan(Task), by_plan(Assignment, via_task=True), by_plan(Target, via_task=True),
        by_plan(Goal, via_task=True), by_plan(Indicator), by_plan(Commitment),
        _grouped(session, select(org, func.max(AuditEvent.id)).join(Round, Round.id == AuditEvent.entity_id)
                 .join(Plan, Plan.id == Round.plan_id).where(AuditEvent.entity == "round").group_by(org)),
        _grouped(session, select(Unit.org_id, func.max(AuditEvent.id)).join(Unit, Unit.id == AuditEvent.entity_id)
                 .where(AuditEvent.entity == "unit").group_by(Unit.org_id)),
        _grouped(session, select(AuditEvent.entity_id, func.max(AuditEvent.id))
                 .where(AuditEvent.entity == "organization").group_by(AuditEvent.entity_id)),
    ]
    orgs = {}
    for organization in session.scalars(select(Organization).order_by(Organization.id)):
        settings = (organization.name, getattr(organization, "full_name", None))
        orgs[organization.id] = (settings, *(part.get(organization.id) for part in parts))
    return orgs


def copy_range(source, target, start: int, length: int) -> None:
    """Bytes ``start``…``start+length`` of ``source`` appended to ``target`` (both open, binary)."""
    target.flush()
    offset = start
    while length > 0:
        try:
            copied = os.copy_file_range(source.fileno(), target.fileno(), length, offset)
        except (AttributeError, OSError):
            source.seek(offset)
            copied = target.write(source.read(length))
        if copied <= 0:
            raise OSError("copy_file_range copied nothing")
        offset += copied
        length -= copied
        target.seek(0, os.SEEK_END)
