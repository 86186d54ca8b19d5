"""The public promise tracker as a static site: ``publish_site(session, out_dir, now=…)``.

Why static: it opens from disk, can be copied to any web server or the district's
portal, and the workbench serves the same directory at ``/public``. Only rounds in
state ``published`` appear (see ``data.py``).

The site is built in a fresh directory beside ``out_dir`` and swapped in whole, so
a page of a round that was withdrawn never lingers, and a failed build leaves the
previous site intact. A marker file guards against overwriting a directory that
is not a duban site.
"""
from __future__ import annotations

import functools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session

from duban.export.site.data import OrgData, Summary, document_path, status_shares
from duban.export.site.incremental import State, code_fingerprint, load_state, org_fingerprints, save_state
from duban.export.site.opendata import DICTIONARY, OpenDataWriter, number, open_data_rows
from duban.export.site.search_index import FOLDER as SEARCH_FOLDER
from duban.export.site.search_index import LOAD_ALL_BELOW, Scope, search_parts
from duban.export.site.task_page import Layout, task_page, task_row, task_rows
from duban.export.site.unit_page import unit_page
from duban.export.site.workers import org_results
from duban.export.table import ExportError
from duban.work.status import STATUS_ORDER

MARKER = ".duban-site"
SITE_TITLE = "政府承诺公开追踪"
STATIC = Path(__file__).resolve().parent.parent / "static"
WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class SiteStats:
    pages: int
    tasks: int
    rounds: int
    units: int

    def summary(self) -> str:
        return f"{self.pages}个页面，{self.tasks}项任务，{self.rounds}个已公开轮次，{self.units}个责任单位"


@dataclass(frozen=True)
class Card:
    """What the home page shows of one organization's year, kept after its pages are written."""

    slug: str
    org_name: str
    year: int | None
    plans: int
    tasks: int
    work_reports: int
    summary: Summary


@functools.cache
def environment() -> Environment:
    """Templates are compiled once per process, not once per page or per build."""
    env = Environment(loader=PackageLoader("duban.export", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.globals.update(shares=status_shares, number=number, site_title=SITE_TITLE, statuses=STATUS_ORDER,
                       task_rows=task_rows)
    for name in ("base", "macros", "org_year", "index", "search", "data"):
        env.get_template(f"{name}.html")  # compiled here, before workers fork, not once in each
    return env


def write_file(path: Path, content: bytes) -> None:
    """One open, one write, one close: the site is tens of thousands of small files."""
    fd = os.open(path, WRITE_FLAGS, 0o644)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


@dataclass
class OrgResult:
    """What one organization adds to the shared pages and files; small enough to pass between processes."""

    cards: list[Card]
    documents: list[tuple[str, str, str]]  # (path, plan title, round label)
    pages: int
    tasks: int
    rounds: int
    units: int
    scopes: list[Scope]  # parts of the search index written
    csv: dict[str, str]  # rows for each open-data CSV (emptied once written)
    files: list[str] = field(default_factory=list)  # every path written, relative to the site
    csv_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)  # where the rows went in each CSV
    fingerprint: tuple | None = None  # what the pages were made of (``incremental.org_fingerprints``)


class OrgPages:
    """Renders and writes one organization's pages and contract JSON files."""

    def __init__(self, build: Path, generated: datetime):
        self.build = build
        self.common = {"generated": generated.strftime("%Y-%m-%d %H:%M")}
        env = environment()
        self.templates = {"org_year": env.get_template("org_year.html")}
        self.macros = env.get_template("macros.html").module
        self.task_layout = Layout.of(env, root="../", nav="", **self.common)  # pages one folder down: task/, unit/

    def page(self, path: str, template: str, **context) -> None:
        html = self.templates[template].render(**self.common, **context)
        self.file(path, html.encode("utf-8"))

    def file(self, path: str, content: bytes) -> None:
        write_file(self.build / path, content)
        self.written.append(path)

    def write(self, data: OrgData) -> OrgResult:
        result = OrgResult([], [], 0, 0, 0, len(data.units), [], open_data_rows(data))
        self.written = result.files
        for scope, script in search_parts(data):
            self.file(scope.path, script)
            result.scopes.append(scope)
        for oy in data.org_years:
            tasks = oy.tasks
            self.page(f"{oy.slug}.html", "org_year", root="", nav="", oy=oy)
            for task in tasks:
                self.file(f"task/{task.id}.html", task_page(task, oy.slug, self.task_layout).encode())
            result.cards.append(Card(oy.slug, oy.government, oy.year, len(oy.plans), len(tasks), len(oy.work_reports),
                                     oy.summary))
            result.pages += 1 + len(tasks)
            result.tasks += len(tasks)
            for plan in oy.plans:
                result.rounds += len(plan.rounds)
                result.documents.extend((document_path(plan.id, r.id), plan.title, r.label) for r in plan.rounds)
        rows = {t.id: task_row(t, "../", True) for t in data.tasks}  # a task is listed on each of its units' pages
        for unit in data.units:
            html = unit_page(unit, "".join(rows[t.id] for t in unit.tasks), self.task_layout, self.macros)
            self.file(f"unit/{unit.id}.html", html.encode())
        result.pages += len(data.units)
        for path, document in data.documents.items():
            self.file(path, document())
        return result


class SiteBuilder:
    """Collects the organizations' results into the shared pages, the search index and the CSV files."""

    def __init__(self, build: Path, generated: datetime):
        self.build = build
        self.generated = generated
        make_folders(build)
        self.results: list[OrgResult] = []
        self.open_data = OpenDataWriter(build / "data")

    def add(self, result: OrgResult) -> None:
        result.csv_ranges = self.open_data.add(result.csv)
        result.csv = {}
        self.results.append(result)

    def reuse(self, result: OrgResult, previous: dict) -> None:
        """An unchanged organization: its pages stay where they are, its CSV rows are copied."""
        result.csv_ranges = self.open_data.copy(previous, result.csv_ranges)
        self.results.append(result)

    def finish(self, static: bool = True) -> SiteStats:
        self.csv_sizes = self.open_data.sizes()
        self.open_data.close()
        env = environment()
        documents = [d for r in self.results for d in r.documents]
        scopes = [s for r in self.results for s in r.scopes]
        size = sum(s.size for s in scopes)
        shared = {"root": "", "org_years": [c for r in self.results for c in r.cards],
                  "generated": self.generated.strftime("%Y-%m-%d %H:%M")}
        search = {"scopes": scopes, "size": size, "records": sum(s.records for s in scopes),
                  "load_all": size <= LOAD_ALL_BELOW}
        for name, nav, extra in (("index", "home", {}), ("search", "search", search),
                                 ("data", "data", {"dictionary": DICTIONARY, "documents": documents})):
            html = env.get_template(f"{name}.html").render(nav=nav, **shared, **extra)
            write_file(self.build / f"{name}.html", html.encode("utf-8"))
        if static:
            shutil.copytree(STATIC, self.build / "static")
        return SiteStats(3 + sum(r.pages for r in self.results), sum(r.tasks for r in self.results),
                         sum(r.rounds for r in self.results), sum(r.units for r in self.results))


def make_folders(build: Path) -> None:
    for folder in ("task", "unit", "data", SEARCH_FOLDER):
        (build / folder).mkdir(exist_ok=True)


def check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} 不是目录")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ExportError(f"{out} 不为空，也不是督办公开网站目录；请换一个目录")


def swap_in(build: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{datetime.now():%Y%m%d%H%M%S%f}")
        out.rename(old)
    build.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def publish_site(session: Session, out: str | Path, *, now: datetime | None = None, workers: int = 1,
                 keeper: tuple | None = None, incremental: bool = True) -> SiteStats:
    """Bring the site in ``out`` up to date: only organizations whose data changed are rendered again.

    With no usable record of the previous build (``incremental.State``), the whole site is
    built beside ``out``, organization by organization, and swapped in. ``workers`` > 1
    renders organizations in that many forked processes, each with its own database
    connection (they read what is committed; the caller's session must hold no
    unflushed changes it wants published). ``keeper``: the site keeper's fingerprint,
    stored with the build so a restarted server knows what it already built.
    """
    out = Path(out)
    now = now or datetime.now()
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fingerprints = org_fingerprints(session)
    state = load_state(out) if incremental and (out / MARKER).exists() else None
    if state is not None and state.usable(out, now.date()):
        return update_site(session, out, now, workers, state, fingerprints, keeper)
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        build.chmod(0o755)  # a web server running as another user reads the site
        builder = SiteBuilder(build, now)
        for result in org_results(session, list(fingerprints), build, now, workers):
            builder.add(result)
        stats = builder.finish()
        (build / MARKER).write_text(f"generated {now.isoformat()}\n", "utf-8")
        swap_in(build, out)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    record(out, now, builder, fingerprints, keeper, stats)
    return stats


def record(out: Path, now: datetime, builder: SiteBuilder, fingerprints: dict, keeper, stats: SiteStats) -> None:
    orgs = {}
    for org_id, result in zip(fingerprints, builder.results):
        result.fingerprint = fingerprints[org_id]
        orgs[org_id] = result
    save_state(out, State(code_fingerprint(), now.date(), orgs, builder.csv_sizes, keeper, stats))


def sweep(out: Path, results) -> None:
    """Remove every page and data file no organization wrote: a withdrawn round's pages never linger."""
    known = {path for result in results for path in result.files}
    known.update(f"data/{Path(name).name}" for name, _ in DICTIONARY)
    for folder in ("task", "unit", "data", SEARCH_FOLDER):
        with os.scandir(out / folder) as entries:
            for entry in entries:
                if f"{folder}/{entry.name}" not in known:
                    os.unlink(entry.path)
    with os.scandir(out) as entries:
        for entry in entries:
            if entry.name.endswith(".html") and entry.name.startswith("o") and entry.name not in known:
                os.unlink(entry.path)


def update_site(session: Session, out: Path, now: datetime, workers: int, state: State, fingerprints: dict,
                keeper) -> SiteStats:
    """Render the organizations whose fingerprint moved into a staging folder, move their files
    into ``out`` one by one (each replace is atomic), drop the files they no longer have, and
    rewrite the shared pages and CSV files (unchanged organizations' rows copied)."""
    changed = [o for o, fp in fingerprints.items() if getattr(state.orgs.get(o), "fingerprint", None) != fp]
    if not changed and set(state.orgs) == set(fingerprints):
        sweep(out, state.orgs.values())
        if keeper is not None and keeper != state.keeper:
            state.keeper = keeper
            save_state(out, state)
        return state.stats
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.update-", dir=out.parent))
    try:
        make_folders(staging)
        fresh = {}
        for org_id, result in zip(changed, org_results(session, changed, staging, now, workers)):
            fresh[org_id] = result
        builder = SiteBuilder(staging, now)
        previous = {name: open(out / name, "rb") for name, _ in DICTIONARY}
        try:
            for org_id in fingerprints:
                if org_id in fresh:
                    builder.add(fresh[org_id])
                else:
                    builder.reuse(state.orgs[org_id], previous)
        finally:
            for handle in previous.values():
                handle.close()
        stats = builder.finish(static=False)
        for result in fresh.values():
            for path in result.files:
                os.replace(staging / path, out / path)
        for name in ("index.html", "search.html", "data.html", *(name for name, _ in DICTIONARY)):
            os.replace(staging / name, out / name)
        sweep(out, [state.orgs[o] for o in fingerprints if o not in fresh] + list(fresh.values()))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    record(out, now, builder, fingerprints, keeper, stats)
    return stats
