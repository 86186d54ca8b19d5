"""Issue 10: the assessment engine on progress documents of other governments, against hand labels.

Nine real progress documents (`tests/work/real/`, sources in `SOURCES.md` there) of other
provinces, cities, districts and years than the seeds, in layouts the seeds do not have:
a 当前进度 column of bare percentages, a 完成情况 column of bare numbers, a 进展情况 column
beside a 完成情况 status column (and a 进度安排 plan column), two 推进情况 columns of two
periods, grouped rows marked 已完工, target sentences followed by 上半年 progress, and a
内容与要求 | 进展情况 table of prose about 1-2月 indicators, and `目标任务:` / `目前进度:` blocks
under `一、` headings. The
labels in `tests/work/real/gold/` were written by the NOTES.md rules of the seeds' gold
before the engine was run on these documents (`gold/NOTES.md`). Scored with the same scorer
as the seeds (``shared/eval/score_assessment.py``, copied to ``tests/data/assessment``).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from duban.parse import parse_file
from duban.work.assessment import assess_document
from tests.scoring import load_scorer

REAL = Path(__file__).resolve().parent / "real"
SCORER = Path(__file__).resolve().parents[1] / "data" / "assessment" / "score_assessment.py"
# issue 10's bar for unseen documents is overall ≥ 0.75 with done precision ≥ 0.95; the floors
# below sit under what the engine measures now (README) so that a regression fails
FLOORS = {"achievements": 0.95, "links": 0.80, "verdict": 0.95, "unspecific": 0.95, "overall": 0.93,
          "done_precision": 1.0}
DOC_OVERALL = 0.75


@pytest.fixture(scope="module")
def scored():
    score = load_scorer(SCORER, "duban_assessment_score_real")
    total, per_doc = score.Totals(), {}
    for gold_file in sorted((REAL / "gold").glob("*.json")):
        pred = assess_document(parse_file(REAL / f"{gold_file.stem}.txt").to_dict())
        pred = json.loads(json.dumps(pred, ensure_ascii=False))
        one = score.score_pair(json.loads(gold_file.read_text(encoding="utf-8")), pred)
        per_doc[gold_file.stem] = one.figures()
        total.add(one)
    return total.figures(), per_doc


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_real_floor(scored, name):
    figures, _ = scored
    assert figures[name] >= FLOORS[name], f"{name} {figures[name]:.3f} < {FLOORS[name]}"


def test_every_document_reaches_the_bar(scored):
    _, per_doc = scored
    assert len(per_doc) == 9
    low = {name: round(f["overall"], 3) for name, f in per_doc.items() if f["overall"] < DOC_OVERALL}
    assert not low, low


def test_a_step_of_the_plan_done_is_not_the_task_done():
    """开化: `①已完成。2月23日，召开…会议` reports the first of three scheduled steps; the status
    column says 达序推进. The facts come from the 进展情况 column, not from the 进度安排 plan."""
    doc = parse_file(REAL / "kaihua_2023q1_key_tasks_table.txt").to_dict()
    progress = {t["seq"]: " ".join(t["progress"]) for t in doc["tasks"]}
    assert progress[1].startswith("①已完成。2月10日") and "达序推进" not in progress[1]
    verdicts = {t["seq"]: t["verdict"] for t in assess_document(doc)["tasks"]}
    assert verdicts == {1: "in_progress", 2: "in_progress", 3: "in_progress"}


def test_a_level_kept_all_year_is_not_done_after_one_quarter():
    """开化 task 3: 一季度 Ⅱ类水质以上占100% and AQI优良率100% against `保持在98%以上` for the year."""
    doc = assess_document(parse_file(REAL / "kaihua_2023q1_key_tasks_table.txt").to_dict())
    task = next(t for t in doc["tasks"] if t["seq"] == 3)
    linked = sorted(a["value"] for a in task["achievements"] if a["target"])
    assert task["verdict"] == "in_progress" and 100 in linked


def test_a_share_of_two_months_against_the_years_target_is_not_done():
    """绍兴 task 3: 1-2月 战略性新兴产业增加值占比46.3% against `占比提升至44%` for the year, and the
    other part of the task (生物医药平台) unreported: not done."""
    doc = assess_document(parse_file(REAL / "shaoxing_2020q1_key_work_progress.txt").to_dict())
    task = next(t for t in doc["tasks"] if t["seq"] == 3)
    assert task["verdict"] == "in_progress" and [a["value"] for a in task["achievements"]] == [46.3]
