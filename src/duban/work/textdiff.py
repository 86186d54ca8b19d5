"""What changed in a task's progress text from one round to the next, character by character.

Chinese has no spaces, so words cannot be diffed by splitting; a character-level
``difflib`` match, with tiny equal runs between two changes merged into the
change, reads like a person's markup of the new text against the old.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

MIN_EQUAL = 3  # equal runs shorter than this between changes are shown as changed (less confetti)


@dataclass(frozen=True)
class Piece:
    kind: str  # equal / insert / delete
    text: str


def diff_texts(old: str, new: str) -> list[Piece]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("equal", new[j1:j2]))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("delete", old[i1:i2]))
        if tag in ("insert", "replace"):
            pieces.append(Piece("insert", new[j1:j2]))
    return _merge_small_equals(pieces)


def _merge_small_equals(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for i, piece in enumerate(pieces):
        between_changes = 0 < i < len(pieces) - 1 and pieces[i - 1].kind != "equal" and pieces[i + 1].kind != "equal"
        if piece.kind == "equal" and between_changes and len(piece.text) < MIN_EQUAL:
            out.append(Piece("delete", piece.text))
            out.append(Piece("insert", piece.text))
        else:
            out.append(piece)
    return _group(out)


def _group(pieces: list[Piece]) -> list[Piece]:
    """Adjacent changes become one deletion followed by one insertion."""
    result: list[Piece] = []
    run: list[Piece] = []

    def flush():
        deleted = "".join(p.text for p in run if p.kind == "delete")
        inserted = "".join(p.text for p in run if p.kind == "insert")
        if deleted:
            result.append(Piece("delete", deleted))
        if inserted:
            result.append(Piece("insert", inserted))
        run.clear()

    for piece in pieces:
        if piece.kind == "equal":
            flush()
            result.append(piece)
        else:
            run.append(piece)
    flush()
    return result


def changed_share(old: str, new: str) -> float:
    """0.0 identical … 1.0 nothing in common; flags a progress text copied unchanged from last round."""
    if not old and not new:
        return 0.0
    return 1.0 - SequenceMatcher(None, old, new, autojunk=False).ratio()
