"""完成值: the amount a progress text says was done for each target of its task.

`已完成签约690户` against the target `不少于2000户退租` gives 690. Numbers are read
by the extraction engine's ``extract_quantities`` (same units, same 万/亿 folding)
— this module only decides which reported number belongs to which target:

* the units must agree (``套(间)`` and ``套`` are one unit);
* a number announced as scope (`涉及户数1214户`, `计划`, `目标`) is not an achievement;
* when several targets share a unit, a number goes to the target whose words
  (`退租`, `修缮`) its sentence shares most; with no shared word it stays unassigned;
* a lone target takes a number only when a completion word or a shared word ties them;
* among several numbers for one target, the one introduced by a completion word
  (`已完成`, `累计`, `建成`…) wins, then the larger.

The result is a suggestion the reporter confirms in the form; nothing is stored
from here without a person seeing it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

DONE_WORDS = ("累计完成", "已完成", "完成", "累计", "建成", "已建", "签约", "实现", "新增", "已", "达到", "共计")
SCOPE_WORDS = ("涉及", "计划", "目标", "预计", "拟", "力争", "争取", "共有")
GENERIC_BIGRAMS = {"完成", "开展", "推进", "实施", "建设", "工作", "不少", "少于", "不低", "低于", "以上", "左右", "全年", "年度"}
SENTENCE_END = re.compile(r"[。；;！!？?\n]")
CLAUSE_END = re.compile(r"[，,、。；;：:！!？?\n]")
CJK = re.compile(r"[\u4e00-\u9fff]+")
WINDOW = 8  # characters before a number searched for a completion or scope word


@dataclass(frozen=True)
class Candidate:
    value: float
    unit: str
    sentence: str
    lead_in: str  # the clause text just before the number


@lru_cache(maxsize=1024)
def _unit_key(unit: str | None) -> str:
    """``套(间)`` → ``套``; cached because a task's few units are compared with every number read."""
    return re.split(r"[(（]", (unit or "").strip(), maxsplit=1)[0]


def same_unit(a: str | None, b: str | None) -> bool:
    key = _unit_key(a)
    return bool(key) and key == _unit_key(b)


# what can stand right before a measure word in a quantity the number reader finds: the end of
# a number (digits, Chinese numerals, 万/亿…), 余/多 (100余户), or a percent sign (2%个…), then spaces
NUMBER_END = "0-9０-９零〇一二两三四五六七八九十百千万亿点余多%％"


@lru_cache(maxsize=1024)
def _counted_unit(key: str) -> re.Pattern:
    return re.compile(rf"[{NUMBER_END}][ \t\xa0\u3000]*{re.escape(key)}")


def _unit_may_be_in(target, text: str) -> bool:
    """Whether a number in ``text`` can have the target's unit, so reading the numbers is worth it.

    A number's unit is a piece of the text right after the number, so a unit of Chinese
    characters that no number in the text is followed by rules the target out (the number
    reader folds only digits and signs, never Chinese); other units (``%``, ``km``) are left to
    the reader. Why check: most progress texts have no number in the target's unit, and reading
    every number of a text costs a hundred times this search."""
    if target.value is None:
        return False
    key = _unit_key(target.unit)
    if not key:
        return False
    if not CJK.fullmatch(key):
        return True
    return key in text and _counted_unit(key).search(text) is not None


def bigrams(text: str) -> set[str]:
    """Two-character words of the CJK runs: robust for unsegmented Chinese and cheap."""
    grams = set()
    for run in CJK.findall(text or ""):
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams - GENERIC_BIGRAMS


def target_words(target) -> set[str]:
    return set(_words_of(target))


def _words_of(target) -> frozenset[str]:
    return _target_words(getattr(target, "metric", None) or "", getattr(target, "text", "") or "",
                         getattr(target, "unit", None) or "")


@lru_cache(maxsize=8192)
def _target_words(metric: str, text: str, unit: str) -> frozenset[str]:
    """Cached: a task's targets are matched again in every round and on every page that assesses it."""
    words = bigrams(metric) | bigrams(text)
    return frozenset(w for w in words if unit not in w) if unit else frozenset(words)


@lru_cache(maxsize=8192)
def _sentence_words(sentence: str) -> frozenset[str]:
    return frozenset(bigrams(sentence))


def _quantities(text: str):
    from duban.parse.quantity import extract_quantities  # the one number parser of the project
    return extract_quantities(text)


@lru_cache(maxsize=8192)
def candidates(text: str) -> tuple[Candidate, ...]:
    """The numbers with units in a progress text. Cached: the dashboard, the notice and the
    public site assess the same report texts again and again, and reading numbers is the
    costly part of assessing a task."""
    found = []
    sentence_ends = [m.end() for m in SENTENCE_END.finditer(text)]
    clause_ends = [m.end() for m in CLAUSE_END.finditer(text)]
    for q in _quantities(text):
        if q.value is None or not q.unit:
            continue
        start = q.start if q.start >= 0 else text.find(q.text)
        if start < 0:
            continue
        # position of the number itself inside the quantity text: the lead-in ends there
        digit = re.search(r"[0-9零〇一二两三四五六七八九十百千万亿]", q.text)
        number_at = start + (digit.start() if digit else 0)
        # the last sentence end before the number (ends are one past a one-character mark)
        n = bisect_left(sentence_ends, start + 1)
        sentence_start = sentence_ends[n - 1] if n else 0
        end_match = SENTENCE_END.search(text, start)
        sentence = text[sentence_start:end_match.start() if end_match else len(text)]
        n = bisect_left(clause_ends, number_at + 1)
        clause_start = clause_ends[n - 1] if n else 0
        lead_in = text[max(clause_start, number_at - WINDOW):number_at]
        found.append(Candidate(float(q.value), q.unit, sentence, lead_in))
    return tuple(found)


def _cue_score(lead_in: str) -> int:
    if any(w in lead_in for w in SCOPE_WORDS):
        return -1
    return 1 if any(w in lead_in for w in DONE_WORDS) else 0


def extract_achievements(targets: Sequence, items: Sequence[str] | str) -> list[float | None]:
    """For each target (anything with ``value``, ``unit``, ``metric``, ``text``), the amount done or ``None``."""
    text = items if isinstance(items, str) else "\n".join(items)
    result: list[float | None] = [None] * len(targets)
    if not targets or not text.strip() or not any(_unit_may_be_in(t, text) for t in targets):
        return result
    words = [_words_of(t) for t in targets]
    best: list[tuple[int, float] | None] = [None] * len(targets)
    for cand in candidates(text):
        cue = _cue_score(cand.lead_in)
        if cue < 0:
            continue
        matching = [i for i, t in enumerate(targets) if t.value is not None and same_unit(t.unit, cand.unit)]
        if not matching:
            continue
        sentence_words = _sentence_words(cand.sentence)
        overlaps = {i: len(words[i] & sentence_words) for i in matching}
        top = max(overlaps.values())
        winners = [i for i in matching if overlaps[i] == top]
        if len(winners) > 1 or (top == 0 and (len(matching) > 1 or cue == 0)):
            continue  # ambiguous or unrelated: leave it to the person filling the form
        chosen = winners[0]
        key = (cue, cand.value)
        if best[chosen] is None or key > best[chosen]:
            best[chosen] = key
    for i, key in enumerate(best):
        if key is not None:
            value = key[1]
            result[i] = int(value) if value.is_integer() else value
    return result
