"""The layout-strategy engine: every layout reader that applies reads the document, each
reading is scored, and the best one is kept.

Why: real documents arrive in many layouts (a header row, one cell per line, labelled
blocks, numbered paragraphs, a work report in pieces…). One fixed order of readers
refused or misread the ones it did not expect; a reader that runs and is scored on
what it found (rows, roles filled, units that look like units, numbers that parse)
can lose to a better reading instead of blocking it. ``duban parse --explain`` prints
the chosen strategy, its score and the runners-up.

Registering a strategy
----------------------
A strategy is a pure function from a :class:`Context` (the block stream, read-only) to
a :class:`Reading` (a ``Document`` plus how strongly the layout's own marks were seen),
or ``None`` when its layout is not there::

    from duban.parse.engine import Context, Reading, strategy

    @strategy("progress_paragraphs", "目标与进展同段（上半年，…）", settings={"min_items": 2})
    def progress_paragraphs(ctx: Context, settings: dict) -> Reading | None:
        ...
        return Reading(document, evidence=0.8, notes=["按段落中的时段词拆分目标与进展"])

then add the module's dotted name to ``STRATEGY_MODULES`` below (modules are imported
on first use, so registration needs no import order). ``settings`` is the one place a
strategy's tunable numbers live; ``--explain`` prints them with the score.

- ``evidence`` (0–1): how clearly the layout's marks were present (a header whose
  words all name roles = 1; labels found on half the items = 0.5). The engine's
  quality score of the document (``score_document``) is combined with it, so a
  layout that is present but read badly still loses to a better reading.
- ``prior`` (strategy argument): a small bonus that breaks ties between strategies
  of equal reading quality (the specific layout before the never-refuse fallback,
  which registers with a negative prior).
- ``notes``: Chinese sentences explaining the reading; they become the document's
  ``warnings`` when they say something is uncertain (``Reading.warnings``).

Strategies always read simplified text without pinyin glosses: when a file is printed
in traditional characters or carries glosses, the engine hands every strategy the copy
made by ``normalize.py`` and maps the winning document's strings back to the text as
printed (``printed.py``), so no strategy needs to know about scripts.
"""
from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from duban.parse.blocks import Block, ParseError
from duban.parse.lazyre import lazy_compile
from duban.parse.model import Document
from duban.parse.text import strip_tags

__all__ = ["Context", "Reading", "Strategy", "Outcome", "strategy", "run", "score_document", "STRATEGY_MODULES"]

# Modules whose import registers strategies (``@strategy``); a new layout module adds itself here.
STRATEGY_MODULES: tuple[str, ...] = (
    "duban.parse.layouts.tables",
    "duban.parse.layouts.lists",
    "duban.parse.layouts.labelled",
    "duban.parse.layouts.runon",
    "duban.parse.layouts.reports",
    "duban.parse.progress_paragraphs",
    "duban.parse.fallback",
)


@dataclass
class Context:
    """What every strategy reads: the blocks in reading order and views computed once."""

    blocks: list[Block]
    source: str

    @cached_property
    def lines(self) -> list[str]:
        """Each block's text with HTML tags removed (rows as their tab-joined cells)."""
        return [strip_tags(b.text) for b in self.blocks]


@dataclass
class Reading:
    document: Document
    evidence: float = 1.0
    notes: list[str] = field(default_factory=list)  # Chinese sentences about this reading
    warnings: list[str] = field(default_factory=list)  # Chinese sentences a user should check


@dataclass(frozen=True)
class Strategy:
    name: str
    label: str  # Chinese, for --explain
    read: Callable[[Context, dict], Reading | None]
    settings: dict = field(default_factory=dict, hash=False, compare=False)
    prior: float = 0.0
    max_evidence: float = 1.0  # the most evidence its readings ever claim (bounds its score)


@dataclass
class Scored:
    strategy: Strategy
    reading: Reading
    score: float
    parts: dict[str, float]


@dataclass
class Outcome:
    best: Scored
    runners_up: list[Scored]
    failed: list[tuple[Strategy, str]]  # strategies that raised: (strategy, reason)


_REGISTRY: dict[str, Strategy] = {}
_loaded = False


def strategy(name: str, label: str, *, settings: dict | None = None, prior: float = 0.0,
             max_evidence: float = 1.0):
    """Decorator registering ``read(ctx, settings)`` under ``name`` (a later registration
    of the same name replaces the earlier one)."""
    def register(read: Callable[[Context, dict], Reading | None]):
        _REGISTRY[name] = Strategy(name, label, read, dict(settings or {}), prior, max_evidence)
        return read
    return register


def strategies() -> list[Strategy]:
    global _loaded
    if not _loaded:
        for module in STRATEGY_MODULES:
            importlib.import_module(module)
        _loaded = True
    return sorted(_REGISTRY.values(), key=lambda s: -s.prior)  # the fallback (negative prior) last


def run(blocks: list[Block], source: str) -> Outcome:
    """Every strategy's reading, scored; the best first. ``ParseError`` when none reads anything."""
    if not any(b.text.strip() for b in blocks):
        raise ParseError("文件中没有文字")
    from duban.parse.printed import Printed

    printed = Printed.of(blocks)  # traditional characters or pinyin glosses: read a simplified copy
    ctx = Context(printed.blocks if printed else blocks, source)
    scored: list[Scored] = []
    failed: list[tuple[Strategy, str]] = []
    # A strategy that cannot score above the best reading so far is not run: the sentence fallback
    # (negative prior, evidence never above its setting) reads every sentence's quantities and was
    # three quarters of the parse time of every ordinary table.
    for strat in strategies():  # highest prior first
        if scored and _ceiling(strat) < max(s.score for s in scored):
            continue
        try:
            reading = strat.read(ctx, strat.settings)
        except ParseError as exc:
            failed.append((strat, str(exc)))
            continue
        if reading is None:
            continue
        quality, parts = score_document(reading.document)
        evidence = max(0.0, min(1.0, reading.evidence))
        total = 0.55 * quality + 0.45 * evidence + strat.prior
        parts = {**parts, "evidence": round(evidence, 3)}
        scored.append(Scored(strat, reading, round(max(0.0, min(1.0, total)), 3), parts))
    if not scored:
        if failed:
            raise ParseError(failed[0][1])
        raise ParseError("未找到任务表、任务清单或政府工作报告的结构")
    scored.sort(key=lambda s: -s.score)
    best = scored[0]
    doc = best.reading.document
    if printed:
        printed.restore(doc)
    doc.confidence = best.score
    doc.warnings = list(dict.fromkeys([*best.reading.warnings, *_quality_warnings(doc, best)]))
    return Outcome(best, scored[1:], failed)


def _ceiling(strat: Strategy) -> float:
    """The best score a strategy's reading could get: perfect quality, its most evidence."""
    return 0.55 + 0.45 * strat.max_evidence + strat.prior


def _saturate(n: float, half: float) -> float:
    """0 for nothing, ½ at ``half``, approaching 1."""
    return 1 - math.exp(-n * math.log(2) / half) if n > 0 else 0.0


_UNIT_SHAPE = lazy_compile(r"[。！？：:“”《》%；;，,]|\d")


def _unit_looks_right(name: str) -> bool:
    from duban.parse.units import is_complete

    return 2 <= len(name) <= 30 and not _UNIT_SHAPE.search(name) and is_complete(name)


def score_document(doc: Document) -> tuple[float, dict[str, float]]:
    """How good a reading looks, 0–1, from the document alone (the same measure for every
    strategy): rows found, roles filled, units that look like units, numbers that parse."""
    if doc.kind == "work_report" or not doc.tasks:
        found = len(doc.indicators) + len(doc.commitments)
        numbers = [q for q in doc.commitments] + [i for i in doc.indicators if i.value is not None]
        parsed = sum(1 for q in numbers if q.unit) / len(numbers) if numbers else 0.0
        rows = _saturate(found, 4)
        parts = {"rows": round(rows, 3), "numbers": round(parsed, 3), "indicators": round(_saturate(len(doc.indicators), 3), 3)}
        quality = 0.55 * rows + 0.25 * parsed + 0.2 * parts["indicators"]
        return round(quality, 3), parts
    tasks = doc.tasks
    n = len(tasks)
    content = sum(1 for t in tasks if 4 <= len(t.content) <= 800) / n
    has_units = [t for t in tasks if t.units]
    units = [u for t in tasks for u in t.units]
    unit_shape = sum(1 for u in units if _unit_looks_right(u)) / len(units) if units else 0.0
    with_second_role = sum(1 for t in tasks if t.units or t.progress or t.goals) / n
    targets = [q for t in tasks for q in t.targets]
    numbers = sum(1 for q in targets if q.unit) / len(targets) if targets else 1.0
    seqs = [t.seq for t in tasks]
    ordered = sum(1 for a, b in zip(seqs, seqs[1:]) if a is not None and b is not None and b == a + 1)
    order = (ordered + 1) / n if n > 1 else 0.6
    parts = {"rows": round(_saturate(n, 2), 3), "content": round(content, 3), "roles": round(with_second_role, 3),
             "unit_shape": round(unit_shape if has_units else 0.5, 3), "numbers": round(numbers, 3),
             "order": round(order, 3)}
    quality = (0.2 * parts["rows"] + 0.2 * content + 0.25 * with_second_role + 0.15 * parts["unit_shape"]
               + 0.05 * numbers + 0.15 * order)
    return round(quality, 3), parts


def _quality_warnings(doc: Document, best: Scored) -> list[str]:
    out: list[str] = []
    if best.score < 0.5:
        out.append(f"识别把握较低（{best.score:.2f}），请核对提取结果。")
    if doc.tasks:
        missing = sum(1 for t in doc.tasks if not t.units)
        if doc.kind == "task_plan" and missing:
            out.append(f"{missing}项任务未识别出责任单位。")
        odd = [u for t in doc.tasks for u in t.units if not _unit_looks_right(u)]
        if odd:
            out.append(f"{len(odd)}个责任单位名称不像单位名称（如“{odd[0]}”），请核对。")
    return out
