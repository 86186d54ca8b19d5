"""The same commitment in other years: by the same ref, or by similar text, with a score.

Why show the score: a reader judging "was this promised before?" should see how
close the match is, not take the tracker's word for it. A ref (``市重点任务第8项``)
numbers a clause of a different higher plan each year, so an equal ref alone proves
nothing; it counts when the texts also resemble each other a little.
"""
from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

TEXT_CUTOFF = 60.0  # fuzz.ratio of the task texts; below this, matches were unrelated tasks sharing phrases
SAME_REF_CUTOFF = 30.0
LIMIT = 3


def link_related(tasks: list) -> None:
    """Fill ``task.related`` for every task from the tasks of the same organization in other years."""
    from duban.export.site.data import Related

    by_org: dict[int, list] = defaultdict(list)
    for task in tasks:
        by_org[task.org_id].append(task)
    for group in by_org.values():
        if len({t.year for t in group}) < 2:
            continue
        by_ref: dict[str, list] = defaultdict(list)
        for other in group:
            if other.ref:
                by_ref[other.ref].append(other)
        for task in group:
            others = {n: other for n, other in enumerate(group) if other.year != task.year}
            scored = {n: score for _, score, n in process.extract(
                task.match_text, {n: o.match_text for n, o in others.items()}, scorer=fuzz.ratio,
                limit=LIMIT, score_cutoff=TEXT_CUTOFF)}
            found = [Related(others[n].id, others[n].year, others[n].plan_title, others[n].title, round(score, 1),
                             bool(task.ref and task.ref == others[n].ref)) for n, score in scored.items()]
            seen = {r.task_id for r in found}
            for other in by_ref.get(task.ref or "", []):
                if other.year == task.year or other.id in seen:
                    continue
                score = fuzz.ratio(task.match_text, other.match_text)
                if score >= SAME_REF_CUTOFF:
                    found.append(Related(other.id, other.year, other.plan_title, other.title, round(score, 1), True))
            found.sort(key=lambda r: (-r.score, r.year or 0))
            task.related = found[:LIMIT]
