"""A copy of the text to match on, with a way back to the text as printed.

Rules and patterns are written in simplified characters, and mirror sites add
noise that no author wrote. Two things are undone on the copy:

- traditional characters become simplified (OpenCC ``t2s``, bundled dictionaries,
  no network): ``牽頭單位`` matches ``牵头单位``;
- pinyin glosses that mirror sites insert after a character are dropped:
  ``工(gōng)作`` matches ``工作``, ``藍(lán)谷`` matches ``蓝谷``.

The contract keeps text as printed, so a reader finds a label or a boundary on
``Normalized.text`` and cuts the original with ``Normalized.span`` /
``Normalized.original``: every character of the copy knows where it came from.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from duban.parse.lazyre import lazy_compile

__all__ = ["Normalized", "normalize", "simplified", "has_glosses"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# One syllable of pinyin with a tone mark, in brackets, right after a Han character.
# A tone mark is required: ``(a)`` or ``(GDP)`` are not glosses.
_GLOSS = lazy_compile(rf"(?<=[\u3400-\u9fff])[(（]\s*(?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\s*[)）]")


@cache
def _converter():
    import opencc  # imported on first use: most documents never need it

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    """Character-for-character simplified text (same length as ``text``).

    OpenCC converts phrases first (``乾隆`` stays, ``乾淨`` → ``干净``); where a
    phrase rule would change the length, each character is converted alone."""
    if text.isascii():
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    out = []
    for ch in text:
        one = _converter().convert(ch)
        out.append(one if len(one) == 1 else ch)
    return "".join(out)


@dataclass(frozen=True)
class Normalized:
    """``text`` is the copy to match on; ``offsets[i]`` is where ``text[i]`` stands
    in ``source`` (one more entry at the end: ``len(source)``)."""

    source: str
    text: str
    offsets: tuple[int, ...]

    def position(self, index: int) -> int:
        """Where a position of the copy stands in the source (a gloss after a
        character goes with the character)."""
        return self.offsets[max(0, min(index, len(self.text)))]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start), self.position(end)

    def original(self, start: int, end: int) -> str:
        """The printed text behind ``text[start:end]``, glosses and traditional characters kept."""
        a, b = self.span(start, end)
        return self.source[a:b]

    @property
    def changed(self) -> bool:
        return self.text != self.source


def normalize(text: str) -> Normalized:
    keep: list[int] = []
    pos = 0
    for m in _GLOSS.finditer(text):
        keep.extend(range(pos, m.start()))
        pos = m.end()
    keep.extend(range(pos, len(text)))
    stripped = "".join(text[i] for i in keep) if pos else text
    return Normalized(text, _to_simplified(stripped), tuple(keep) + (len(text),))


def simplified(text: str) -> str:
    """Just the copy, for a yes/no match."""
    return normalize(text).text


def has_glosses(text: str) -> bool:
    return _GLOSS.search(text) is not None

