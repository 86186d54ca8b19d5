"""Importing documents: plans, tasks, rounds and reports, idempotent and all-or-nothing."""
from __future__ import annotations

import copy
from pathlib import Path

from factories.store import gold_document, import_gold, sample_path
from sqlalchemy import func, select

from duban.store.db import session_factory, session_scope
from duban.store.models import Base, Commitment, Indicator, Plan, ProgressReport, Round, SourceDocument, Task
from duban.store.services.imports import import_file

SEEDS = ("000", "001", "002", "003", "004")


def row_counts(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        return {name: session.scalar(select(func.count()).select_from(table))
                for name, table in Base.metadata.tables.items()}


def plans_by_source(url: str) -> dict[str, Plan]:
    with session_scope(url) as session:
        return {(p.year, p.source): p for p in session.scalars(select(Plan))}


def test_seed_files_import_through_the_parser_once(db_url):
    factory = session_factory(db_url)
    results = [import_file(session_factory=factory, path=sample_path(p)) for p in SEEDS]
    assert [r.status for r in results] == ["imported"] * 5, [r.message for r in results]
    plans = plans_by_source(db_url)
    assert {(p.kind, key) for key, p in plans.items()} == {
        ("progress_report", (2023, "市重点任务")), ("progress_report", (2021, "市分工方案")),
        ("performance_report", (2021, "绩效任务")),
        ("work_report", (2023, "政府工作报告")), ("work_report", (2021, "政府工作报告"))}
    with session_scope(db_url) as session:
        for key in [(2023, "市重点任务"), (2021, "市分工方案"), (2021, "绩效任务")]:
            plan_id = plans[key].id
            tasks = session.scalar(select(func.count()).select_from(Task).where(Task.plan_id == plan_id))
            reports = session.scalar(select(func.count()).select_from(ProgressReport).join(Task)
                                     .where(Task.plan_id == plan_id))
            rounds = session.scalars(select(Round.label).where(Round.plan_id == plan_id)).all()
            assert tasks > 10 and reports == tasks and len(rounds) == 1
        for key in [(2023, "政府工作报告"), (2021, "政府工作报告")]:
            plan_id = plans[key].id
            assert session.scalar(select(func.count()).select_from(Indicator).where(Indicator.plan_id == plan_id)) > 3
            assert session.scalar(select(func.count()).select_from(Commitment)
                                  .where(Commitment.plan_id == plan_id)) > 10
    before = row_counts(db_url)
    again = [import_file(session_factory=factory, path=sample_path(p)) for p in SEEDS]
    assert [(r.status, r.message) for r in again] == [("unchanged", "已导入，未更改")] * 5
    assert row_counts(db_url) == before


def test_gold_documents_give_plans_rounds_and_published_reports(db_url):
    with session_scope(db_url) as session:
        for prefix in SEEDS:
            import_gold(session=session, prefix=prefix)
    plans = plans_by_source(db_url)
    with session_scope(db_url) as session:
        plan = plans[(2023, "市重点任务")]
        rnd = session.scalar(select(Round).where(Round.plan_id == plan.id))
        assert (rnd.label, str(rnd.start), str(rnd.end), rnd.state) == ("前三季度", "2023-01-01", "2023-09-30",
                                                                          "published")
        task = session.scalar(select(Task).where(Task.plan_id == plan.id, Task.ref == "市重点任务第9项"))
        assert [(a.unit.name, a.role) for a in task.assignments][:2] == [("区发改委", "lead"), ("区住建委", "co")]
        report = session.scalar(select(ProgressReport).where(ProgressReport.task_id == task.id))
        assert (report.state, report.author, report.unit.name, report.version) == ("published", "import", "区发改委", 1)
        assert len(report.items) == len(gold_document("000").tasks[1].progress)
        deadline = session.scalar(select(Task.deadline).where(Task.plan_id == plans[(2021, "市分工方案")].id).limit(1))
        assert str(deadline) == "2021-12-31"
        perf = session.scalar(select(Task).where(Task.plan_id == plans[(2021, "绩效任务")].id, Task.seq == 2))
        assert len(perf.goals) == 4
        perf_report = session.scalar(select(ProgressReport).where(ProgressReport.task_id == perf.id))
        assert len(perf_report.items) == 4 and perf_report.unit_id is None


def later_period(doc):
    """The same plan reported for the full year: new texts, rows reordered, one new task."""
    later = copy.deepcopy(doc)
    later.period.label, later.period.end = "全年", f"{doc.year}-12-31"
    later.tasks.reverse()
    for t in later.tasks:
        t.progress = [p + "全年已完成。" for p in t.progress]
    new = copy.deepcopy(later.tasks[0])
    new.ref, new.ref_no, new.seq = "市重点任务第999项", 999, 99
    new.content = "新增加的一项任务：建设一座跨河步行桥。"
    later.tasks.append(new)
    return later


def test_later_period_attaches_to_existing_tasks_as_new_round(db_url):
    first = gold_document("000")
    with session_scope(db_url) as session:
        import_gold(session=session, prefix="000", doc=first)
        result = import_gold(session=session, prefix="000-later", doc=later_period(first))
    assert result.counts["tasks_matched"] == len(first.tasks) and result.counts["tasks_new"] == 1
    with session_scope(db_url) as session:
        plan_ids = session.scalars(select(Plan.id)).all()
        assert len(plan_ids) == 1
        labels = session.scalars(select(Round.label).order_by(Round.end)).all()
        assert labels == ["前三季度", "全年"]
        task = session.scalar(select(Task).where(Task.ref == "市重点任务第8项"))
        reports = session.scalars(select(ProgressReport).where(ProgressReport.task_id == task.id)
                                  .join(Round).order_by(Round.end)).all()
        assert [r.round.label for r in reports] == ["前三季度", "全年"]
        assert reports[1].items[0].endswith("全年已完成。")


def test_rows_without_ref_match_by_seq_and_similar_text(db_url):
    first = gold_document("004")
    later = copy.deepcopy(first)
    later.period.label = "上半年"
    later.tasks[2].content += "（调整）"
    later.tasks[2].name += "（调整）"
    with session_scope(db_url) as session:
        import_gold(session=session, prefix="004", doc=first)
        result = import_gold(session=session, prefix="004-h1", doc=later)
    assert result.counts["tasks_matched"] == len(first.tasks) and result.counts.get("tasks_new", 0) == 0


def test_changed_copy_of_same_round_adds_versions_not_rows(db_url):
    first = gold_document("002")
    corrected = copy.deepcopy(first)
    corrected.tasks[0].progress = ["更正后的进展。"]
    with session_scope(db_url) as session:
        import_gold(session=session, prefix="002", doc=first)
        result = import_gold(session=session, prefix="002-fix", doc=corrected)
    assert result.counts == {"tasks_matched": len(first.tasks), "reports": 1}
    with session_scope(db_url) as session:
        versions = session.scalars(select(ProgressReport).join(Task).where(Task.seq == 1)
                                   .order_by(ProgressReport.version)).all()
        assert [v.version for v in versions] == [1, 2]
        assert versions[1].supersedes_id == versions[0].id and versions[1].items == ["更正后的进展。"]


def test_file_that_fails_to_parse_changes_nothing(db_url, tmp_path):
    factory = session_factory(db_url)
    with session_scope(db_url) as session:
        import_gold(session=session, prefix="000")
    before = row_counts(db_url)
    bad = tmp_path / "坏文件.txt"
    bad.write_bytes(b"\x00\x01\x02 not a table at all")
    missing = tmp_path / "没有.txt"
    results = [import_file(session_factory=factory, path=p) for p in (bad, missing)]
    assert [r.status for r in results] == ["failed", "failed"]
    assert results[1].message == "文件不存在"
    assert row_counts(db_url) == before


def test_source_document_keeps_the_parsed_json(db_url):
    doc = gold_document("001")
    with session_scope(db_url) as session:
        import_gold(session=session, prefix="001", doc=doc)
    with session_scope(db_url) as session:
        source = session.scalar(select(SourceDocument))
        assert source.parsed == doc.to_dict() and source.kind == "work_report" and source.imported_by == "import"
        assert Path(source.file_name).name == "001.json"


def test_plan_option_names_the_plan_to_import_into(db_url):
    with session_scope(db_url) as session:
        import_gold(session=session, prefix="000")
        named = import_gold(session=session, prefix="000-copy", doc=later_period(gold_document("000")),
                            plan_title="东城区自定义督办清单")
    with session_scope(db_url) as session:
        plans = {p.title: p for p in session.scalars(select(Plan))}
        assert set(plans) == {"2023年市重点任务", "东城区自定义督办清单"}
        assert named.plan_id == plans["东城区自定义督办清单"].id
        assert session.scalar(select(func.count()).select_from(Task).where(Task.plan_id == named.plan_id)) == 23
