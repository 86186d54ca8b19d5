"""Word search over tasks and progress: ranked, highlighted, filtered, the same on both databases."""
from __future__ import annotations

from factories.store import import_gold, make_plan, make_report, make_round, make_task

from duban.store.db import session_scope
from duban.store.search import search
from duban.store.textindex import index_tokens, query_tokens

QUERIES = ["申请式退租", "疏解", "王府井", "老旧小区 改造", "垃圾分类", "文物腾退", "不存在的词语组合"]


def import_progress_tables(url: str) -> None:
    with session_scope(url) as session:
        for prefix in ("000", "002", "004"):
            import_gold(session=session, prefix=prefix)


def test_query_words_are_index_words():
    text = "开展2000户平房院落申请式退租和1200户修缮"
    assert set(query_tokens("申请式退租")) <= set(index_tokens(text))
    assert all(w.strip() and w.isalnum() for w in index_tokens("（一）“两区”建设、COVID-19防控。"))


def test_hits_span_plans_and_years_and_mark_the_words(db_url):
    import_progress_tables(db_url)
    with session_scope(db_url) as session:
        hits = search(session=session, query="申请式退租")
    assert {h.year for h in hits} == {2021, 2023}
    assert {h.kind for h in hits} == {"task", "progress"}
    assert "申请式退租" in hits[0].text
    for h in hits:
        marked = {h.text[s:e] for s, e in h.highlights}
        assert marked and marked <= {"申请式退租", "申请", "退租"}
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_year_and_unit_filters(db_url):
    import_progress_tables(db_url)
    with session_scope(db_url) as session:
        all_hits = search(session=session, query="疏解", limit=100)
        in_2021 = search(session=session, query="疏解", year=2021, limit=100)
        by_unit = search(session=session, query="疏解", unit="区商务局", limit=100)
    assert in_2021 and {h.year for h in in_2021} == {2021} and len(in_2021) < len(all_hits)
    assert by_unit and len(by_unit) < len(all_hits)
    assert all(h.unit == "区商务局" for h in by_unit if h.kind == "progress")


def test_new_version_replaces_the_searchable_progress(db_url):
    with session_scope(db_url) as session:
        plan = make_plan(session=session)
        rnd = make_round(session=session, plan=plan)
        task = make_task(session=session, plan=plan, content="推进垃圾分类示范片区建设。")
        make_report(session=session, task=task, round=rnd, items=["完成立项审批。"])
        newest = make_report(session=session, task=task, round=rnd, items=["示范片区已竣工验收。"])
        ids = {"task_id": task.id, "plan_id": plan.id, "round_id": rnd.id, "unit_id": newest.unit_id,
               "report_id": newest.id}
    with session_scope(db_url) as session:
        assert search(session=session, query="立项审批") == []
        hits = search(session=session, query="竣工验收")
        assert [(h.kind, h.text) for h in hits] == [("progress", "示范片区已竣工验收。")]
        assert {k: v for k, v in hits[0].to_dict().items() if k in ids} == ids and ids["unit_id"] is not None
        [task_hit] = search(session=session, query="垃圾分类")
        assert (task_hit.kind, task_hit.task_id, task_hit.round_id, task_hit.unit_id, task_hit.report_id) == (
            "task", task.id, None, None, None)


def test_plan_filter_narrows_before_the_newest_matches_are_cut(db_url, monkeypatch):
    import duban.store.search as search_module

    with session_scope(db_url) as session:
        old_plan = make_plan(session=session, year=2022, title="2022年测试任务", source="旧任务")
        make_task(session=session, plan=old_plan, content="推进口袋公园建设。")
        new_plan = make_plan(session=session)
        for seq in range(1, 4):
            make_task(session=session, plan=new_plan, seq=seq, content=f"新建口袋公园{seq}处。")
        old_id = old_plan.id
    monkeypatch.setattr(search_module, "CANDIDATES", 2)  # the older plan's text is not among the newest two
    with session_scope(db_url) as session:
        assert old_id not in {h.plan_id for h in search(session=session, query="口袋公园", limit=100)}
        assert [h.plan_id for h in search(session=session, query="口袋公园", plan_id=old_id)] == [old_id]


def test_same_hits_in_the_same_order_on_both_databases(pg_cluster, tmp_path):
    urls = [f"sqlite:///{tmp_path / 'a.sqlite3'}", pg_cluster.create_database("search_both")]
    results = []
    for url in urls:
        import_progress_tables(url)
        with session_scope(url) as session:
            results.append({q: [h.to_dict() for h in search(session=session, query=q, limit=50)] for q in QUERIES})
    for q in QUERIES:
        assert [(h["task_id"], h["round"], h["unit"], h["highlights"]) for h in results[0][q]] == \
               [(h["task_id"], h["round"], h["unit"], h["highlights"]) for h in results[1][q]], q
    assert sum(len(v) for v in results[0].values()) > 10
    assert results[0]["不存在的词语组合"] == []
