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

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session

from duban.export.site.data import PublicData, gather, status_shares
from duban.export.site.opendata import DICTIONARY, number, open_data_files
from duban.export.site.search_index import index_script
from duban.export.table import ExportError

MARKER = ".duban-site"
SITE_TITLE = "政府承诺公开追踪"
STATIC = Path(__file__).resolve().parent.parent / "static"


@dataclass(frozen=True)
class SiteStats:
    pages: int
    tasks: int
    rounds: int
    units: int

    def summary(self) -> str:
        return f"{self.pages}个页面，{self.tasks}项任务，{self.rounds}个已发布轮次，{self.units}个责任单位"


def environment() -> Environment:
    env = Environment(loader=PackageLoader("duban.export", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(shares=status_shares, number=number, site_title=SITE_TITLE)
    return env


def render_pages(data: PublicData) -> dict[str, str]:
    """Relative path → HTML of every page."""
    env = environment()
    common = {"generated": data.generated.strftime("%Y-%m-%d %H:%M"), "org_years": data.org_years}
    pages = {
        "index.html": env.get_template("index.html").render(root="", nav="home", **common),
        "search.html": env.get_template("search.html").render(root="", nav="search", **common),
        "data.html": env.get_template("data.html").render(root="", nav="data", dictionary=DICTIONARY, **common),
    }
    org_year = env.get_template("org_year.html")
    task_page = env.get_template("task.html")
    for oy in data.org_years:
        pages[f"{oy.slug}.html"] = org_year.render(root="", nav="", oy=oy, **common)
        for task in oy.tasks:
            pages[f"task/{task.id}.html"] = task_page.render(root="../", nav="", t=task, slug=oy.slug, **common)
    unit_page = env.get_template("unit.html")
    for unit in data.units.values():
        pages[f"unit/{unit.id}.html"] = unit_page.render(root="../", nav="", u=unit, **common)
    return pages


def check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} 不是目录")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ExportError(f"{out} 不为空，也不是督办公开网站目录；请换一个目录")


def write_site(data: PublicData, out: Path) -> SiteStats:
    out = Path(out)
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        pages = render_pages(data)
        files = {path: html.encode("utf-8") for path, html in pages.items()}
        files.update(open_data_files(data))
        files["search-index.js"] = index_script(data)
        for path, content in files.items():
            target = build / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        shutil.copytree(STATIC, build / "static")
        (build / MARKER).write_text(f"generated {data.generated.isoformat()}\n", "utf-8")
        swap_in(build, out)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return SiteStats(len(pages), len(data.tasks), data.rounds, len(data.units))


def swap_in(build: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{datetime.now():%Y%m%d%H%M%S%f}")
        out.rename(old)
    build.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def publish_site(session: Session, out: str | Path, *, now: datetime | None = None) -> SiteStats:
    return write_site(gather(session, now or datetime.now()), Path(out))
