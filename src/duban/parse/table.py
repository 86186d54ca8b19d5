"""Task tables: find the header, then turn rows — real or rebuilt from a line stream — into records.

Three shapes reach this module, all as ``Block``s:
* rows with cells (tab-separated text, HTML/Word/Excel tables, ruled PDF tables);
* a header printed on one line and each row's cells wrapped over many lines
  (text taken out of an unruled PDF): rows are rebuilt from the line stream;
* a header printed one word per line and each cell a paragraph (a web page
  flattened to text): the same rebuild, with cells as lines.
A record's cells are kept as lists of lines; ``document.py`` turns them into tasks.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from duban.parse import cell_shapes as S
from duban.parse import columns as C
from duban.parse.blocks import Block
from duban.parse.fields import CN_NUMERALS, cn_int
from duban.parse.lazyre import lazy_compile
from duban.parse.text import squash, strip_tags
from duban.parse.units import is_complete, split_units

_SUB_SEQ = lazy_compile(r"^\s*\d{1,3}\s*[.．\-－—]\s*\d{1,3}\s*$")
_SEQ_LINE = lazy_compile(r"^\s*(\d{1,4})\s*[.、．]?\s*$")
_CN_SEQ = lazy_compile(rf"^\s*([{CN_NUMERALS}]{{1,5}})\s*[.、．]?\s*$")
_CHROME_LINE = lazy_compile(r"^\s*[•·▪■●]\s")
_BLOCK_TAG = lazy_compile(r"<\s*(?:/p|br\s*/?|/div|/li)\s*>", re.I)


@dataclass
class Record:
    """One task row: its printed number and, per role, the lines of its cells."""

    seq: int | None
    cells: dict[str, list[str]] = field(default_factory=dict)
    goals: list[tuple[list[str], list[str]]] = field(default_factory=list)  # (goal lines, completion lines)

    def add(self, role: str, lines: list[str]) -> None:
        self.cells.setdefault(role, []).extend(lines)


@dataclass
class Table:
    roles: list[str]
    records: list[Record]
    header_index: int  # index of the header block: what precedes it is the title area
    header: Block  # the header as read, its wrapped words joined


def cell_lines(cell: str) -> list[str]:
    """A cell's paragraphs: ``<p>``/``<br>`` and line breaks end one."""
    text = _BLOCK_TAG.sub("\n", cell)
    return [line for line in (strip_tags(x).strip() for x in text.split("\n")) if line]


def find_table(blocks: list[Block]) -> Table | None:
    for i, block in enumerate(blocks):
        if block.is_row:
            found = _row_header(blocks, i)
            if found:
                roles, end, cells = found
                skip = {_row_key(b.cells or ()) for b in blocks[i:end]}
                return Table([r or C.OTHER for r in roles], _rows(blocks, end, roles, skip), i, Block.row(cells))
        else:
            found = _line_header(blocks, i)
            if found:
                roles, end, words = found
                keys = {squash(b.text) for b in blocks[i:end] if b.text.strip()}
                return Table(roles, _stream(blocks, end, roles, keys, _page_lines(blocks, i)), i,
                             _header_block(words))
            vertical = _vertical_header(blocks, i)
            if vertical:
                roles, end, words = vertical
                return Table(roles, _stream(blocks, end, roles, set(), _page_lines(blocks, i), cell_per_line=True),
                             i, _header_block(words))
    return None


def _header_block(words: list[str]) -> Block:
    """A header read from lines, its words kept as cells: a word printed with a space inside
    (``分管 领导``) is still one column's name."""
    return Block(" ".join(words), tuple(words))


def _row_header(blocks: list[Block], i: int) -> tuple[list[str | None], int, list[str]] | None:
    """A header row, joined with the row under it when its words wrap onto that row
    (``牵头`` over ``单位``) or when that row is the second level of a two-level header
    (``责任分工`` over ``牵头单位 | 配合单位``): roles, the index after the header, the header's cells."""
    cells = list(blocks[i].cells or ())
    if i + 1 < len(blocks) and blocks[i + 1].is_row:
        below = list(blocks[i + 1].cells or ())
        for joined in (C.join_wrapped(cells, below), C.stack_header(cells, below)):
            roles = C.header_roles(joined) if joined else None
            if roles:
                return roles, i + 2, joined  # type: ignore[return-value]
    roles = C.header_roles(cells)
    return (roles, i + 1, cells) if roles else None


def _row_key(cells: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(squash(c) for c in cells)


def _line_header(blocks: list[Block], i: int) -> tuple[list[str], int, list[str]] | None:
    """A header printed as one line of words, or as two when its words wrap (``牵头`` over
    ``单位``): roles, the index after the header, the header's words."""
    words = blocks[i].text.split()
    if len(words) < 3 or len(squash(blocks[i].text)) > 40:
        return None
    if sum(1 for w in words if len(w) == 1) * 2 > len(words):  # 序 号 工 作 任 务: the page spaced every character
        words = C.segment_header(blocks[i].text) or words
    k = _next_line(blocks, i + 1)
    if k is not None:
        joined = _join_below(blocks[i].text, blocks[k].text)
        roles = C.roles_in_words(joined) if joined else None
        if roles:
            return roles, k + 1, joined  # type: ignore[return-value]
    roles = C.roles_in_words(words)
    return (roles, i + 1, words) if roles else None


def _next_line(blocks: list[Block], start: int) -> int | None:
    """Index of the next non-empty line of text (None when a row or the end comes first)."""
    for j in range(start, len(blocks)):
        if blocks[j].is_row:
            return None
        if blocks[j].text.strip():
            return j
    return None


def _join_below(top: str, bottom: str) -> list[str] | None:
    """A header line's words joined with the wrapped halves printed on the line below.

    Each lower word belongs to the upper word it sits under (display columns: a CJK
    character is two wide). Where the layout lost the spacing, the lower words go, in
    order, to the upper words that are no header word on their own (牵头, 配合, 完成)."""
    upper, lower = _spans(top), _spans(bottom)
    if not lower or len(lower) > len(upper):
        return None
    words = [w for _, _, w in upper]
    slots = [""] * len(upper)
    for start, end, word in lower:
        k = max(range(len(upper)), key=lambda n: (min(end, upper[n][1]) - max(start, upper[n][0]),
                                                  -abs(start + end - upper[n][0] - upper[n][1])))
        if slots[k]:
            break
        slots[k] = word
    else:
        joined = C.join_wrapped(words, slots)
        if joined:
            return joined
    loose = [k for k, w in enumerate(words) if C.role_of(w) is None]
    if len(loose) != len(lower):
        return None
    slots = [""] * len(upper)
    for k, (_, _, word) in zip(loose, lower):
        slots[k] = word
    return C.join_wrapped(words, slots)


def _spans(line: str) -> list[tuple[int, int, str]]:
    """The words of a line with the display columns they occupy."""
    edge = [0]
    for ch in line:
        edge.append(edge[-1] + (2 if unicodedata.east_asian_width(ch) in "WF" else 1))
    return [(edge[m.start()], edge[m.end()], m.group()) for m in re.finditer(r"\S+", line)]


def _page_lines(blocks: list[Block], header: int) -> set[str]:
    """Lines above the table; met again below it, they are the page's own chrome, not a cell."""
    return {squash(b.text) for b in blocks[:header] if len(squash(b.text)) >= 6}


def _vertical_header(blocks: list[Block], i: int) -> tuple[list[str], int, list[str]] | None:
    """A header printed one word per line (``序号`` / ``任务名称`` / …); a word wrapped over two
    lines (``牵头`` / ``单位``) is joined when the halves are not two header words themselves."""
    if C.role_of(blocks[i].text) != C.SEQ or squash(blocks[i].text) not in C.KEYWORDS[C.SEQ]:
        return None
    roles = [C.SEQ]
    texts = [blocks[i].text]
    ends = [i + 1]  # index after each header word
    gaps = [False]  # an empty line before the word
    j = i + 1
    gap = False
    while j < len(blocks):
        text = blocks[j].text.strip()
        if not text:
            j += 1
            gap = True
            continue
        k = _next_line(blocks, j + 1)
        if k is not None and not blocks[j].is_row:
            word = C.wrapped_word(text, blocks[k].text)
            if word and not (C.is_keyword(text) and C.is_keyword(blocks[k].text)):
                text, j = word, k
        role = C.role_of(text)
        if role == C.SEQ or blocks[j].is_row or _parse_seq(text) is not None or _HEADING.match(text) \
                or _chinese_seq(text) is not None:
            break
        if role is None and not _header_word(text):
            break
        roles.append(role)  # type: ignore[arg-type]
        texts.append(text)
        gaps.append(gap)
        gap = False
        j += 1
        ends.append(j)
    while roles and roles[-1] is None:  # an unknown word is a header word only between known ones
        roles.pop()
        texts.pop()
        ends.pop()
    if len(roles) < 3:
        return None
    texts = texts[:_second_header_row(gaps[:len(texts)])]
    known = C.header_roles(texts)
    if known is None:
        return None
    return [r or C.OTHER for r in known], ends[-1], texts


def _second_header_row(gaps: list[bool]) -> int:
    """Where a two-level header's second row starts (``本月进展情况`` over ``前期手续`` /
    ``在建形象进度``): at the first empty line between header words printed one after the
    other — an empty cell ended the first row. Where every word has an empty line before
    it, the page only spaced the words out. The second row's words refine a column above
    them; the columns are the first row's."""
    if all(gaps[1:]) or not any(gaps[1:]):
        return len(gaps)
    first = gaps.index(True, 1)
    return first if first >= 3 else len(gaps)


def _header_word(text: str) -> bool:
    """A short label that could head a column (分管领导, 是否达序), not a sentence or a number."""
    flat = squash(text)
    return 0 < len(flat) <= 8 and not re.search(r"[。，；：:,;！？\d]", flat)


def _is_header_row(cells: tuple[str, ...]) -> bool:
    return C.header_roles(list(cells)) is not None


def _parse_seq(text: str) -> int | None:
    m = _SEQ_LINE.match(strip_tags(text))
    return int(m.group(1)) if m else None


_CONTINUED = lazy_compile(r"^.{0,60}?[（(]续[)）]")


def _without_label(lines: list[str]) -> list[str]:
    """A continuation cell's lines without the leading ``…（续）`` label (wrapped or not)."""
    cut = _CONTINUED.match("".join(lines)).end()  # type: ignore[union-attr]
    rest = []
    for line in lines:
        if cut >= len(line):
            cut -= len(line)
            continue
        rest.append(line[cut:])
        cut = 0
    return [line for line in rest if line.strip()]


def _rows(blocks: list[Block], start: int, roles: list[str | None], header_rows: set[tuple[str, ...]]) -> list[Record]:
    """Rows with cells: one record per row; a row without a number, or repeating the
    previous number, continues the previous task (a table going on over a page).
    ``header_rows``: the header's rows, skipped where a new page repeats them."""
    records: list[Record] = []
    seq_col = roles.index(C.SEQ) if C.SEQ in roles else None
    chinese = seq_col is not None and _numbered_in_chinese(
        [b.cells[seq_col] for b in blocks[start:] if b.cells and len(b.cells) > seq_col])
    width = len(roles)
    dotted = False
    for block in blocks[start:]:
        if not block.is_row:
            continue
        cells = list(block.cells or ())
        if not any(c.strip() for c in cells) or _is_header_row(tuple(cells)) or _row_key(block.cells) in header_rows:
            continue
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        if seq_col == 0 and records:
            cells = _unmerge_leading(cells, roles)
        seq = _parse_seq(cells[seq_col]) if seq_col is not None else None
        if chinese and seq is None and _task_row(cells, roles):
            seq = _chinese_seq(cells[seq_col])  # type: ignore[index]
        if seq_col is not None and seq is None and _SUB_SEQ.match(strip_tags(cells[seq_col])):
            dotted = True  # 1.1, 2-3: a task under a numbered group row; numbered in order below
            seq = (records[-1].seq + 1) if records else 1
            records.append(Record(seq))
        if seq_col is not None and seq is None and cells[seq_col].strip():
            continue  # a row whose number cell holds text is a sub-heading or a note
        if seq is None and _is_subheading(cells, roles, numbered=seq_col is not None):
            continue
        if seq_col is None:
            record = records[-1] if records and not _starts_task(cells, roles, records[-1]) else None
        else:
            record = records[-1] if records and (seq is None or seq == records[-1].seq) else None
        if record is None:
            if seq is None and seq_col is not None:
                continue
            record = Record(seq if seq is not None else len(records) + 1)
            records.append(record)
            fresh = True
        else:
            fresh = False
        has_goals = C.GOALS in roles
        # the task's label repeated on a new page (市重点任务第8项（续）): the same row goes on
        continued = not fresh and any(_CONTINUED.match("".join(cell_lines(cells[col])))
                                      for col, role in enumerate(roles) if role in (C.NAME, C.CONTENT))
        sub_row = not fresh and not continued and _new_text(record, cells, roles) \
            and _short_progress(record, cells, roles)
        for col, role in enumerate(roles):
            if role in (None, C.SEQ) or col >= len(cells):
                continue
            lines = cell_lines(cells[col])
            if continued and role in (C.NAME, C.CONTENT) and _CONTINUED.match("".join(lines)):
                lines = _without_label(lines)
            if has_goals and role in (C.GOALS, C.PROGRESS):
                continue
            if not fresh and role in (C.NAME, C.CONTENT, C.UNITS, C.CO_UNITS) and lines == record.cells.get(role):
                continue  # a merged or repeated cell on a continuation row
            if sub_row and role in (C.PROGRESS, C.NAME, C.CONTENT) and lines and record.cells.get(role):
                lines = [ROW_BREAK, *lines]  # a sub-row's own text and progress: items of their own
            record.add(role, lines)
        if has_goals:
            goal = cell_lines(cells[roles.index(C.GOALS)])
            done = cell_lines(cells[roles.index(C.PROGRESS)]) if C.PROGRESS in roles else []
            if not fresh and (_goal_row_continues(record, goal) or (record.goals and (
                    (not goal and done) or (continued and not (goal and _starts_goal(goal[0], len(record.goals) + 1)))))):
                record.goals[-1][0].extend(goal)
                record.goals[-1][1].extend(done)
            elif goal or done:
                record.goals.append((goal, done))
    return _drop_group_rows(records) if dotted else records


ROW_BREAK = "\x1e"  # between the progress cells of a task's sub-rows (each its own item)


def _unmerge_leading(cells: list[str], roles: list[str | None]) -> list[str]:
    """A row under a numbered row whose 序号 cell was merged and left out of the dump
    (``新增800张床位 | 810 | 101% |`` under ``1 | 新增4000张床位 | 4385 | 110% |``): its
    cells start one column late, so its last cell is empty and its first holds text.
    Shifted back into place when the 序号 column holds no number and the row is not a
    one-text heading."""
    first = strip_tags(cells[0]).strip()
    filled = [c for c in cells if c.strip()]
    if not first or _parse_seq(first) is not None or _chinese_seq(first) is not None or cells[-1].strip() \
            or len(filled) < 2 or _SUB_SEQ.match(first):
        return cells
    return ["", *cells[:-1]]


def _new_text(record: Record, cells: list[str], roles: list[str | None]) -> bool:
    """A continuation row bringing a task text of its own (a sub-item), not the rest of
    the row above split by a page break."""
    for col, role in enumerate(roles):
        if role in (C.NAME, C.CONTENT) and col < len(cells):
            lines = cell_lines(cells[col])
            if lines and lines != record.cells.get(role):
                return True
    return False


def _short_progress(record: Record, cells: list[str], roles: list[str | None]) -> bool:
    """Progress of a sub-row that stands alone: the row above and this one each hold a
    figure or a status (``4385``, ``已完工``), not a sentence a page break cut in two."""
    if C.PROGRESS not in roles:
        return False
    mine = cell_lines(cells[roles.index(C.PROGRESS)])
    above = record.cells.get(C.PROGRESS) or []
    return bool(mine) and bool(above) and all(_remark(x) for x in (mine[-1], above[-1]))


def _chinese_seq(cell: str) -> int | None:
    m = _CN_SEQ.match(strip_tags(cell))
    return cn_int(m.group(1)) if m else None


def _numbered_in_chinese(cells: list[str]) -> bool:
    """The 序号 column (or a stream's number lines) numbers rows 一, 二, 十一 and never 1, 2:
    Chinese numerals there may number tasks, not only the sections between them."""
    return any(_chinese_seq(c) for c in cells) and not any(_parse_seq(c) is not None for c in cells)


def _task_row(cells: list[str], roles: list[str | None]) -> bool:
    """A row that reads as a task: a task text and, in another cell, a unit, deadline or
    progress of its own (a section heading merged over the row repeats its one text)."""
    def texts(wanted: set[str]) -> set[str]:
        return {squash(strip_tags(c)) for c, r in zip(cells, roles) if r in wanted} - {""}
    task = texts({C.CONTENT, C.NAME})
    return bool(task) and bool(texts({C.UNITS, C.CO_UNITS, C.DEADLINE, C.PROGRESS, C.GOALS, C.AIM}) - task
                               - texts({C.SEQ}))


def _drop_group_rows(records: list[Record]) -> list[Record]:
    """With sub-numbered rows (1.1, 1.2 under 1), a row that only names its group — no units,
    no progress, no goals — is a heading; the tasks are numbered again in order."""
    kept = [r for r in records if _beyond_body(r)]
    for n, record in enumerate(kept, start=1):
        record.seq = n
    return kept


def _beyond_body(record: Record) -> bool:
    """A record holding more than a text: units, a deadline, progress or goals of its own."""
    return bool(record.goals) or any(lines for role, lines in record.cells.items()
                                     if role not in (C.NAME, C.CONTENT, C.REF, C.OTHER, C.STATUS))


_HEADING = lazy_compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]"
                      r"|第[一二三四五六七八九十]+(?:部分|章|节|篇|类)|[A-Z]\s*[、.．])")


def _is_subheading(cells: list[str], roles: list[str | None], numbered: bool) -> bool:
    """A row that only names a group of the tasks below it (``一、经济发展``, ``（二）扎实推进乡村振兴``),
    typed into one cell or merged over several: the one text is a numbered heading, or — in a
    table without numbers — a short phrase that is not a sentence."""
    texts = {squash(strip_tags(c)) for col, c in enumerate(cells)
             if c.strip() and (col >= len(roles) or roles[col] != C.SEQ)}
    if len(texts) != 1:
        return False
    text = texts.pop()
    if _HEADING.match(text):
        return len(text) <= 40 and not re.search(r"[。；;]", text[:-1])
    return not numbered and len(text) <= 20 and not re.search(r"[。；;，,\d]", text)


def _stream_heading(line: str) -> bool:
    """A sub-heading line between the rows of a line stream (``二、提升城市品质``): numbered,
    short, and without the punctuation or figures of a progress item."""
    flat = squash(line)
    return bool(_HEADING.match(flat)) and len(flat) <= 20 and not re.search(r"[，。；;：:,\d]", flat)


def _starts_task(cells: list[str], roles: list[str | None], record: Record) -> bool:
    """In a table without numbers a row starts a task when its task cell holds a new text;
    an empty or repeated (merged) task cell continues the task above."""
    for role in (C.CONTENT, C.NAME):
        if role in roles:
            lines = [x for col, r in enumerate(roles) if r == role for x in cell_lines(cells[col])]
            return bool(lines) and lines != record.cells.get(role)
    return True


def _stream(blocks: list[Block], start: int, roles: list[str], header_keys: set[str],
            page_lines: set[str], cell_per_line: bool = False) -> list[Record]:
    """Rebuild rows from a line stream: a line holding only the next number starts a row
    (一, 二 where the stream numbers in Chinese and never in digits); the header's lines met
    again (a new page) are skipped.

    ``cell_per_line``: the header was printed one word per line, so the page kept each
    cell on its own line; a row with exactly one line per column is read by position."""
    records: list[Record] = []
    current: list[str] | None = None
    groups: list[tuple[int, list[str]]] = []
    headings: set[int] = set()  # id of each group's trailing heading lines (dropped at the next row)
    chinese = _numbered_in_chinese([b.text for b in blocks[start:] if not b.is_row])
    for block in blocks[start:]:
        line = block.text
        if block.is_row:
            line = " ".join(block.cells or ())
        if not line.strip():
            continue
        if squash(line) in header_keys:
            continue
        if groups and (_CHROME_LINE.match(line) or squash(line) in page_lines):
            break
        seq = _parse_seq(line) if not chinese else _chinese_seq(line)
        last = groups[-1][0] if groups else None
        if seq is not None and (last is None or seq in (last, last + 1)):
            if current:
                while current and len(current) - 1 in headings:
                    headings.discard(len(current) - 1)
                    current.pop()  # a sub-heading between two rows, not a cell
            headings = set()
            current = []
            groups.append((seq, current))
            continue
        if current is not None:
            if _stream_heading(line):
                if not cell_per_line:
                    continue
                headings.add(len(current))  # a heading only if a new row follows it
            current.append(line.rstrip())
    cell_roles = [r for r in roles if r != C.SEQ]
    for seq, lines in groups:
        same = bool(records) and records[-1].seq == seq
        record = records[-1] if same else Record(seq)
        if not same:
            records.append(record)
        if cell_per_line and not same and _positional_fits(lines, cell_roles):
            for role, line in zip(cell_roles, lines):
                record.add(role, [line])
        elif cell_per_line and not same and _shape_fits(lines, cell_roles):
            _shape_fill(record, lines, cell_roles)
        else:
            _assign(record, lines, cell_roles, continuation=bool(same))
    if chinese:  # a numbered line over a text alone is a section heading (一 / 经济发展)
        return [r for r in records if _beyond_body(r)]
    return records


_TEXT_ROLES = (C.NAME, C.CONTENT, C.AIM, C.GOALS, C.REF)


def _accepts(role: str, line: str) -> bool:
    """Could this one cell belong to a column of this role, judged by its shape alone?"""
    unit, status, count = S.is_unit_cell(line), S.is_status(line), S.is_count(line)
    if role in (C.UNITS, C.CO_UNITS):
        return unit
    if role == C.DEADLINE:
        return S.is_date(line)
    if role == C.PROGRESS:
        return status or S.is_number(line) or (not unit and not count and (
            S.is_statement(line) or (not S.is_numbered_text(line) and len(squash(line)) > 12)))
    if role in _TEXT_ROLES:
        return not (unit or status or count or S.is_date(line) or S.is_number(line) or S.is_person(line))
    # remarks, officials, ratios, an earlier period's progress (1-10月推进情况 beside 1-11月)
    return not S.is_numbered_text(line) and not unit and (
        count or status or S.is_number(line) or S.is_person(line) or S.is_date(line) or _remark(line)
        or S.is_statement(line))


def _shape_column(line: str, roles: list[str], k: int, texts_open: bool) -> int | None:
    """The column of a cell met at column ``k``: the first one from ``k`` on whose shape it has
    (a text column keeps taking text cells while ``texts_open``)."""
    if texts_open and k > 0 and roles[k - 1] in _TEXT_ROLES and _accepts(roles[k - 1], line):
        return k - 1
    for j in range(k, len(roles)):
        if _accepts(roles[j], line):
            return j
    if k > 0 and roles[k - 1] == C.PROGRESS and _accepts(C.PROGRESS, line):
        return k - 1  # the next paragraph of a progress cell
    return None


def _shape_fits(lines: list[str], roles: list[str]) -> bool:
    """Reading by shape is worth it where a row has more cells than columns (sub-rows under
    merged cells) or fewer (a task and its goal merged into one cell), and every cell finds
    a column by its shape."""
    if len(lines) == len(roles) or C.GOALS in roles or not any(r in _TEXT_ROLES for r in roles):
        return False  # goals and their completions pair up in ``_goal_pairs``
    sub_rows = _shape_fill(Record(None), lines, roles)
    # more cells than columns: only where it finds sub-rows; fewer: merged cells left out
    return sub_rows is not None and (sub_rows > 0 or len(lines) < len(roles))


def _shape_fill(record: Record, lines: list[str], roles: list[str]) -> int | None:
    """One row of a table flattened one cell per line, its merged cells left out: each cell
    goes to the next column with its shape; a text cell met after the text columns starts
    a sub-row (the merged cells before it stay the row's), whose text and progress are
    items of their own. The number of sub-rows; None when some cell fits no column."""
    text_cols = [j for j, r in enumerate(roles) if r in _TEXT_ROLES]
    k = 0
    texts_open = False
    sub_rows = 0
    for line in lines:
        j = _shape_column(line, roles, k, texts_open)
        sub_row = False
        if j is None:
            back = [c for c in text_cols if c < k and _accepts(roles[c], line)]
            if not back:
                return None
            j, sub_row = back[-1], True
            sub_rows += 1
        role = roles[j]
        new_item = sub_row or (role in _TEXT_ROLES and S.is_numbered_text(line))
        if new_item and record.cells.get(role):
            record.add(role, [ROW_BREAK])
        if sub_row and record.cells.get(C.PROGRESS):
            record.add(C.PROGRESS, [ROW_BREAK])
        record.add(role, [line.strip()])
        texts_open = role in _TEXT_ROLES
        k = j + 1
    return sub_rows


def _positional_fits(lines: list[str], roles: list[str]) -> bool:
    """One line per column, read by position — only where reading by shape fails: the shape
    reading finds no units although unit columns exist, and by position the unit cells hold
    unit names (a person's name column between them threw the shape reading off)."""
    if len(lines) != len(roles) or C.GOALS in roles or C.UNITS not in roles:
        return False
    trial = Record(None)
    _assign(trial, lines, roles, continuation=False)
    if trial.cells.get(C.UNITS):
        return False
    return all(split_units(line) and _unit_run_end([line], 0) == 1
               for role, line in zip(roles, lines) if role in (C.UNITS, C.CO_UNITS))


def _assign(record: Record, lines: list[str], roles: list[str], continuation: bool) -> None:
    """Share a row's lines out to its columns, in column order."""
    i = 0
    for k, role in enumerate(roles):
        rest = roles[k + 1:]
        if i >= len(lines):
            break
        if role == C.NAME:
            name = lines[i].strip()
            if not (continuation and record.cells.get(C.NAME) == [name]):
                record.add(C.NAME, [name])
            i += 1
        elif role == C.GOALS:
            _goal_pairs(record, lines[i:], with_progress=C.PROGRESS in rest)
            i = len(lines)
        elif role in (C.CONTENT, C.REF, C.AIM):
            end = _content_end(lines, i, rest)
            record.add(role, lines[i:end])
            i = end
        elif role in (C.UNITS, C.CO_UNITS):
            end = _unit_run_end(lines, i)
            record.add(role, lines[i:end])
            i = end
        elif role == C.DEADLINE:
            if len(squash(lines[i])) <= 20 and not re.search(r"[。；]", lines[i]):
                record.add(role, [lines[i]])
                i += 1
        elif rest and all(r in (C.OTHER, C.STATUS) for r in rest):
            # a text column followed only by remarks (备注): the remark is a short last line
            end = len(lines)
            while end > i + 1 and len(lines) - end < len(rest) and _remark(lines[end - 1]):
                end -= 1
            record.add(role, lines[i:end])
            i = end
        else:
            end = len(lines) if not rest else i + 1
            record.add(role, lines[i:end])
            i = end


def _remark(line: str) -> bool:
    """A remark cell: a few words, not a sentence (序时推进, 滞后, 已完成)."""
    flat = squash(line)
    return 0 < len(flat) <= 12 and not re.search(r"[。；;，,：:]", flat)


def _content_end(lines: list[str], i: int, rest: list[str]) -> int:
    """Content runs until the units cell starts (or to the end when no units follow)."""
    if not ({C.UNITS, C.CO_UNITS} & set(rest)):
        return len(lines) if not rest else i + 1
    for j in range(i + 1, len(lines)):
        if _unit_run_end(lines, j) > j:
            return j
    return len(lines)


def _short_unitish(line: str) -> bool:
    flat = squash(line)
    return 0 < len(flat) <= 20 and not re.search(r"[。！？：:“”《》%；;]|\d", flat)


def _unit_run_end(lines: list[str], j: int) -> int:
    """End of the run of unit-name lines starting at ``j`` (``j`` when there is none)."""
    end = j
    while end < len(lines) and _short_unitish(lines[end]):
        end += 1
    # the longest prefix of the run that splits into whole unit names
    while end > j:
        names = split_units("\n".join(lines[j:end]))
        if names and all(is_complete(n) and len(n) <= 20 for n in names):
            return end
        end -= 1
    return j


def _goal_row_continues(record: Record, goal: list[str]) -> bool:
    """A row without a number whose goal does not start the next goal number, in a task
    whose goals are numbered, is the rest of the previous goal split by a page break."""
    if not record.goals or not record.goals[0][0]:
        return False
    numbered = _starts_goal(record.goals[0][0][0], 1)
    return numbered and not (goal and _starts_goal(goal[0], len(record.goals) + 1))


_GOAL_NUMBER = lazy_compile(r"^\s*(\d+)\s*[.．、]")


def _starts_goal(line: str, n: int) -> bool:
    """The line starts goal number ``n``. One pattern for every number: compiling one per
    number cost about a millisecond per goal, which dominated long tables."""
    m = _GOAL_NUMBER.match(line)
    return m is not None and m.group(1) == str(n)


def _goal_pairs(record: Record, lines: list[str], with_progress: bool) -> None:
    """Goals and their completion texts alternate: a goal starts at the next goal number
    (or is the first cell when goals are not numbered); what follows is its completion."""
    for line in lines:
        expected = len(record.goals) + 1
        starts_goal = not record.goals or _starts_goal(line, expected) or not with_progress
        if record.goals and not record.goals[-1][1] and with_progress and not _starts_goal(line, expected):
            starts_goal = False
        if starts_goal:
            record.goals.append(([line], []))
        else:
            record.goals[-1][1].append(line)
