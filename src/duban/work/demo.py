"""``duban demo``: a fresh database with the bundled seeds, an open round and demo accounts.

Why these steps: a new user should land in a working office at once — past
rounds imported and published from the seed tables, one round open for
reporting (due a week from today) so "my tasks", review and reminders have
something to do, and an account for each role to try them with.

The imported tables carry no statuses anyone confirmed, so the demo plays the office
once: as ``演示督查室`` it confirms the machine's suggestions for the imported rounds
through the same audited service an office uses (``work.confirm``; the review page's
逐项确认系统建议, ``duban review confirm``). The public pages then show confirmed
statuses, and each task's audit trail says who confirmed them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from duban.store.db import StoreError, session_factory
from duban.store.models import Plan, Round, Unit
from duban.store.services.imports import ImportResult, import_file
from duban.store.services.users import create_user
from duban.work import ledger
from duban.work.accounts import random_password
from duban.work.confirm import confirm_suggestions, suggestions
from duban.work.rounds import open_round
from duban.work.states import RoundState

DEMO_ACTOR = "demo"
DEMO_OFFICE = "演示督查室"  # who confirms the imported rounds' suggested statuses, as the audit log shows
DEMO_FILE = "duban-demo.sqlite3"
DUE_IN_DAYS = 7


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str
    unit: str | None = None
    unit_id: int | None = None


@dataclass
class Demo:
    path: Path
    database_url: str
    imports: list[ImportResult] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    open_round: str | None = None
    confirmed: int = 0  # suggestions the demo office confirmed in the imported rounds

    def account(self, role: str, unit: str | None = None) -> Account:
        return next(a for a in self.accounts if a.role == role and (unit is None or a.unit == unit))


def seed_files() -> list[Path]:
    folder = resources.files("duban") / "samples"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def _open_demo_round(session: Session, today: date) -> Round | None:
    """A round open for reporting on the newest progress plan: the rest of its year, due in a week."""
    plan = session.scalar(select(Plan).where(Plan.kind == "progress_report")
                          .order_by(Plan.year.desc().nulls_last(), Plan.id.desc()).limit(1))
    if plan is None or plan.year is None:
        return None
    labels = {r.label for r in plan.rounds}
    label = "全年" if "全年" not in labels else "全年（演示）"
    return open_round(session, actor=DEMO_ACTOR, plan_id=plan.id, label=label, start=date(plan.year, 1, 1),
                      end=date(plan.year, 12, 31), due=today + timedelta(days=DUE_IN_DAYS))


def reporting_units(session: Session) -> list[Unit]:
    """Units that appear on some task (groups such as 各街道办事处 are not accounts)."""
    units = {}
    for plan in ledger.plans(session):
        for task in ledger.tasks_of(session, plan.id):
            for unit, _role in ledger.ordered_units(task):
                if not unit.is_group:
                    units.setdefault(unit.id, unit)
    return sorted(units.values(), key=lambda u: u.id)


def confirm_imported(session: Session, now: datetime) -> int:
    """The demo office confirms every suggestion of the imported (published) rounds; how many."""
    confirmed = 0
    for plan in ledger.plans(session):
        for rnd in ledger.rounds_of(session, plan.id, (RoundState.PUBLISHED,)):
            keys = [s.key for s in suggestions(session, rnd.id, now)]
            if keys:
                confirmed += len(confirm_suggestions(session, actor=DEMO_OFFICE, round_id=rnd.id, keys=keys,
                                                     now=now).confirmed)
    return confirmed


def populate(url: str, *, today: date, password: Callable[[], str] = random_password) -> Demo:
    """Import the seeds into an empty database at ``url``, open a round and create the demo accounts."""
    demo = Demo(Path(), url)
    factory = session_factory(url)
    for seed in seed_files():
        demo.imports.append(import_file(session_factory=factory, path=seed, actor=DEMO_ACTOR))
    with factory() as session, session.begin():
        demo.confirmed = confirm_imported(session, datetime.combine(today, time(12)))
    with factory() as session, session.begin():
        rnd = _open_demo_round(session, today)
        demo.open_round = rnd.label if rnd else None
        specs = [("admin", "admin", None), ("viewer", "viewer", None)]
        specs += [(f"reporter{n:02d}", "reporter", unit) for n, unit in enumerate(reporting_units(session), 1)]
        for username, role, unit in specs:
            secret = password()
            create_user(session=session, actor=DEMO_ACTOR, username=username, password=secret, role=role,
                        unit_id=unit.id if unit else None)
            demo.accounts.append(Account(username, secret, role, unit.name if unit else None,
                                         unit.id if unit else None))
    return demo


def prepare_demo(directory: Path, *, today: date | None = None,
                 password: Callable[[], str] = random_password) -> Demo:
    """Create the demo SQLite database in ``directory`` (refused when one is already there)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / DEMO_FILE
    if path.exists():
        raise StoreError(f"{path} 已存在；演示每次使用新的数据库，请换一个目录或删除该文件")
    demo = populate(f"sqlite:///{path}", today=today or date.today(), password=password)
    demo.path = path
    with session_factory(demo.database_url)() as session:  # fold the write-ahead log in: the file is the database
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return demo
