"""Ranked word search over task contents and progress items, across plans and years.

Each hit carries the ids of what it came from (task, plan, round, unit, report
version), so callers map hits back without comparing labels or texts.

The database's index finds the texts holding every query word (FTS5 on SQLite,
``tsv @@ tsquery`` on PostgreSQL); ranking happens here, with one formula, so both
databases return the same hits in the same order. Only the newest ``CANDIDATES``
matches are ranked, which keeps a common word fast in a ledger of 100
organizations; ``year`` and ``unit`` narrow the set before that cut. A query whose words match
nothing falls back to a plain substring search, which Chinese users expect when a
phrase was segmented differently in the text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import and_, bindparam, or_, select, text
from sqlalchemy.orm import Session

from duban.store.models import Assignment, Plan, Round, SearchDoc, Task, Unit, UnitGroupMember
from duban.store.queries import unit_by_name
from duban.store.textindex import highlight_spans, query_tokens

# texts ranked per query: the most recently stored matches (newest plans and rounds first);
# older ones are reached by narrowing with year or unit
CANDIDATES = 500
K1, B, AVG_TOKENS = 1.2, 0.75, 120.0


@dataclass
class Hit:
    kind: str  # task / progress
    task_id: int
    plan_id: int
    round_id: int | None  # None for a task's own text
    unit_id: int | None
    report_id: int | None  # the report version whose text was indexed (the newest when it was stored)
    plan: str
    year: int | None
    seq: int | None
    ref: str | None
    round: str | None
    unit: str | None
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    score: float = 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        data["highlights"] = [list(s) for s in self.highlights]
        data["score"] = round(self.score, 4)
        return data


def _match_clause(dialect: str, words: list[str]):
    if dialect == "sqlite":
        expr = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        sub = text("SELECT rowid FROM search_fts WHERE search_fts MATCH :fts").bindparams(bindparam("fts", expr))
        return SearchDoc.id.in_(sub)
    expr = " & ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)
    return text("search_docs.tsv @@ CAST(:tsq AS tsquery)").bindparams(bindparam("tsq", expr))


def _unit_clauses(session: Session, unit: str) -> list:
    """Progress of the unit, and tasks given to it or to a group it belongs to — two disjoint sets.

    Asked as two queries, each can combine the word index with an ordinary index
    (``unit_id``; ``task_id``) instead of reading every text that holds the words.
    """
    unit_ids = [u.id for u in unit_by_name(session=session, name=unit)]
    group_ids = select(UnitGroupMember.group_id).where(UnitGroupMember.member_id.in_(unit_ids))
    tasks = select(Assignment.task_id).where(or_(Assignment.unit_id.in_(unit_ids), Assignment.unit_id.in_(group_ids)))
    return [SearchDoc.unit_id.in_(unit_ids), and_(SearchDoc.round_id.is_(None), SearchDoc.task_id.in_(tasks))]


def score(segmented: str, words: list[str]) -> float:
    """BM25-style term saturation and length normalisation (every hit holds every word)."""
    tokens = segmented.split()
    norm = K1 * (1 - B + B * len(tokens) / AVG_TOKENS)
    total = 0.0
    for w in words:
        tf = tokens.count(w)
        total += tf * (K1 + 1) / (tf + norm) if tf else 0.0
    return total


def search(*, session: Session, query: str, year: int | None = None, unit: str | None = None,
           plan_id: int | None = None, limit: int = 20) -> list[Hit]:
    """Rank the candidates on their segmented text alone, then load plan, task and unit for the top ``limit``.

    ``plan_id`` narrows before the candidate cut, so a filter inside one older
    plan is not crowded out by newer plans' matches.
    """
    words = query_tokens(query)
    phrase = "".join(query.split())
    if not words and not phrase:
        return []
    base = (select(SearchDoc.id, SearchDoc.segmented, SearchDoc.year, SearchDoc.plan_id, SearchDoc.task_id,
                   SearchDoc.round_id, SearchDoc.unit_id).order_by(SearchDoc.id.desc()).limit(CANDIDATES))
    if year is not None:
        base = base.where(SearchDoc.year == year)
    if plan_id is not None:
        base = base.where(SearchDoc.plan_id == plan_id)
    scopes = _unit_clauses(session, unit) if unit else [None]

    def candidates(condition) -> list:
        found = []
        for scope in scopes:
            found += session.execute(base.where(condition) if scope is None else base.where(condition, scope)).all()
        return sorted(found, key=lambda r: -r.id)[:CANDIDATES]

    rows = candidates(_match_clause(session.get_bind().dialect.name, words)) if words else []
    # the whole phrase and the query's words; single characters only when the query is one
    marks = [phrase.lower()] + [w for w in words if len(w) > 1 or len(words) == 1]
    fallback = not rows and bool(phrase)
    if fallback:
        rows = candidates(SearchDoc.text.contains(phrase, autoescape=True))
        marks = [phrase.lower()]
    ranked = sorted(rows, key=lambda r: (-round(1.0 if fallback else score(r.segmented, words), 9), -(r.year or 0),
                                         r.plan_id, r.task_id, r.round_id is not None, r.round_id or 0,
                                         r.unit_id or 0))[:limit]
    scores = {r.id: 1.0 if fallback else score(r.segmented, words) for r in ranked}
    details = {row[0].id: row for row in session.execute(
        select(SearchDoc, Plan.title, Task.seq, Task.ref, Round.label, Unit.name)
        .join(Plan, Plan.id == SearchDoc.plan_id).join(Task, Task.id == SearchDoc.task_id)
        .outerjoin(Round, Round.id == SearchDoc.round_id).outerjoin(Unit, Unit.id == SearchDoc.unit_id)
        .where(SearchDoc.id.in_(list(scores))))}
    hits = []
    for r in ranked:
        doc, plan_title, seq, ref, round_label, unit_name = details[r.id]
        hits.append(Hit(kind="task" if doc.round_id is None else "progress", task_id=doc.task_id,
                        plan_id=doc.plan_id, round_id=doc.round_id, unit_id=doc.unit_id, report_id=doc.report_id,
                        plan=plan_title, year=doc.year, seq=seq, ref=ref, round=round_label,
                        unit=unit_name, text=doc.text, highlights=highlight_spans(doc.text, marks),
                        score=scores[r.id]))
    return hits


def snippet(hit: Hit, width: int = 80) -> tuple[str, list[tuple[int, int]]]:
    """A window of the text around the first highlight, with spans shifted into it."""
    if len(hit.text) <= width:
        return hit.text, hit.highlights
    first = hit.highlights[0][0] if hit.highlights else 0
    start = max(0, min(first - width // 4, len(hit.text) - width))
    end = start + width
    spans = [(max(s, start) - start, min(e, end) - start) for s, e in hit.highlights if e > start and s < end]
    prefix = "…" if start else ""
    suffix = "…" if end < len(hit.text) else ""
    shift = len(prefix)
    return prefix + hit.text[start:end] + suffix, [(s + shift, e + shift) for s, e in spans]
