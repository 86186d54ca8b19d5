"""Rebuilds of the public site: only what changed is rewritten, and the result equals a fresh build."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from factories.store import import_gold, make_org, make_plan, make_task

from duban.export.site import publish_site
from duban.export.site.incremental import state_path
from duban.store.db import session_scope
from duban.store.models import Round, Task
from duban.store.services.progress import append_report
from duban.store.services.rounds import create_round

NOW = datetime(2030, 1, 1)


def files(site: Path) -> dict[str, tuple[int, int]]:
    """Relative path → (inode, modification time in ns) of every file."""
    return {str(p.relative_to(site)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


def two_orgs(session):
    import_gold(session=session, prefix="000")
    org = make_org(session=session, name="测试市人民政府")
    plan = make_plan(session=session, org=org, year=2024, title="2024年测试市重点任务")
    tasks = [make_task(session=session, plan=plan, seq=n + 1, units=(unit,)) for n, unit in enumerate(("市住建委", "市民政局"))]
    for task in tasks:
        session.refresh(task)
    rnd = create_round(session=session, actor="t", plan_id=plan.id, label="第一季度", end=date(2024, 3, 31),
                       due=date(2024, 4, 10), state="published")
    return tasks[0].id, rnd.id


def test_one_report_rewrites_its_organization_only_and_equals_a_fresh_build(db_url, tmp_path):
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    with session_scope(db_url) as session:
        task_id, round_id = two_orgs(session)
        first = publish_site(session, site, now=NOW)
    before = files(site)
    with session_scope(db_url) as session:
        again = publish_site(session, site, now=NOW)  # nothing changed: nothing written
    assert again == first and files(site) == before
    with session_scope(db_url) as session:
        task = session.get(Task, task_id)
        append_report(session=session, actor="t", task_id=task_id, round_id=round_id,
                      unit_id=task.assignments[0].unit_id, items=["已完成改造10个小区。"], status="done",
                      state="published", check_transition=False)
    with session_scope(db_url) as session:
        publish_site(session, site, now=NOW)
        publish_site(session, fresh, now=NOW, incremental=False)
    after = files(site)
    page = f"task/{task_id}.html"
    assert "已完成改造10个小区。" in (site / page).read_text("utf-8") and after[page] != before[page]
    untouched = [p for p in before if p.startswith("task/") and p != page and after.get(p) == before[p]]
    assert len(untouched) >= 22, "the other organization's pages are kept as they were"
    assert sorted(after) == sorted(files(fresh))
    for path in after:
        assert (site / path).read_bytes() == (fresh / path).read_bytes(), path
    assert "已完成 1项" in (site / "index.html").read_text("utf-8")


def test_a_withdrawn_round_removes_its_pages_and_a_broken_state_means_a_full_build(db_url, tmp_path):
    site = tmp_path / "site"
    with session_scope(db_url) as session:
        task_id, round_id = two_orgs(session)
        publish_site(session, site, now=NOW)
    assert (site / f"task/{task_id}.html").exists()
    with session_scope(db_url) as session:
        session.get(Round, round_id).state = "closed"
    with session_scope(db_url) as session:
        publish_site(session, site, now=NOW)
    assert not (site / f"task/{task_id}.html").exists()
    assert "测试市人民政府" not in (site / "index.html").read_text("utf-8")
    state_path(site).write_bytes(b"not a pickle")
    with session_scope(db_url) as session:
        stats = publish_site(session, site, now=NOW)
    assert stats.tasks == 22 and (site / "index.html").exists()


def test_a_restarted_server_does_not_rebuild_what_it_built(db_url, tmp_path):
    from duban.store.db import session_factory
    from duban.work.public_site import SiteKeeper

    with session_scope(db_url) as session:
        two_orgs(session)
    site = tmp_path / "public"
    assert SiteKeeper(session_factory(db_url), site, lambda: NOW).ensure_fresh() is True
    before = files(site)
    restarted = SiteKeeper(session_factory(db_url), site, lambda: NOW)
    assert restarted.ensure_fresh() is False and files(site) == before
