"""The same commitment in other years: by the same ref, or by similar text, with a score.

Why show the score: a reader judging "was this promised before?" should see how
close the match is, not take the tracker's word for it. A ref (``市重点任务第8项``)
numbers a clause of a different higher plan each year, so an equal ref alone proves
nothing; it counts when the texts also resemble each other a little.

Why a bigram index: comparing every task with every task of the organization's
other years grows with the square of its tasks. Two texts with ``fuzz.ratio`` ≥ 60
share most of their characters, hence many two-character words; the index picks,
per task, the ``CANDIDATES`` other-year tasks sharing the most informative bigrams
(those in at most ``COMMON_SHARE`` of the tasks), and only those are scored.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz import fuzz, process

TEXT_CUTOFF = 60.0  # fuzz.ratio of the task texts; below this, matches were unrelated tasks sharing phrases
SAME_REF_CUTOFF = 30.0
LIMIT = 3
CANDIDATES = 40  # scored per task; a true match shares far more bigrams than the 40th best
COMMON_SHARE = 0.2  # bigrams in more tasks than this say nothing about which task is meant


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def candidates(task, grams: set[str], index: dict[str, list[int]], group: list, limit: int) -> list[int]:
    """Positions in ``group`` of other-year tasks sharing the most indexed bigrams with ``task``."""
    shared: Counter[int] = Counter()
    for gram in grams:
        for n in index.get(gram, ()):
            if group[n].year != task.year:
                shared[n] += 1
    return [n for n, _ in shared.most_common(limit)]


def link_related(tasks: list) -> None:
    """Fill ``task.related`` for every task from the tasks of the same organization in other years."""
    from duban.export.site.data import Related

    by_org: dict[int, list] = defaultdict(list)
    for task in tasks:
        by_org[task.org_id].append(task)
    for group in by_org.values():
        if len({t.year for t in group}) < 2:
            continue
        texts = [t.match_text for t in group]
        grams = [bigrams(text) for text in texts]
        frequency = Counter(g for gs in grams for g in gs)
        common = max(2, int(len(group) * COMMON_SHARE))
        index: dict[str, list[int]] = defaultdict(list)
        for n, gs in enumerate(grams):
            for gram in gs:
                if frequency[gram] <= common:
                    index[gram].append(n)
        by_ref: dict[str, list[int]] = defaultdict(list)
        for n, other in enumerate(group):
            if other.ref:
                by_ref[other.ref].append(n)
        for n, task in enumerate(group):
            pool = candidates(task, grams[n], index, group, CANDIDATES)
            scored = process.extract(texts[n], {m: texts[m] for m in pool}, scorer=fuzz.ratio, limit=LIMIT,
                                     score_cutoff=TEXT_CUTOFF)
            found = [Related(group[m].id, group[m].year, group[m].plan_title, group[m].title, round(score, 1),
                             bool(task.ref and task.ref == group[m].ref)) for _, score, m in scored]
            seen = {r.task_id for r in found}
            for m in by_ref.get(task.ref or "", []):
                other = group[m]
                if other.year == task.year or other.id in seen:
                    continue
                score = fuzz.ratio(texts[n], texts[m])
                if score >= SAME_REF_CUTOFF:
                    found.append(Related(other.id, other.year, other.plan_title, other.title, round(score, 1), True))
            found.sort(key=lambda r: (-r.score, r.year or 0))
            task.related = found[:LIMIT]
