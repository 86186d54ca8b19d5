"""The supervision notice (督办通报) of one round, to GB/T 9704 (党政机关公文格式).

Why the numbers come from ``duban.work.rounds.statuses_for_round``: the notice is
read next to the dashboard, and a notice that says 达进度162项 while the dashboard
says 161 discredits both. Both call the same function with the same ``now``, so
the counts agree by construction; the shares are the same counts rounded half-up to
0.1 % and then adjusted by the largest remainders, so they add to exactly 100 %.

Every sentence is worded from what the data shows: who handed in a report and who
did not (every responsible unit of each task, not only the one that compiles the
report), which tasks lag (with all their units), the change since the previous
round. Every count is of statuses a person confirmed — the dashboard's confirmed counts
(``Summary``): a status the machine only suggested is counted as 未评估, and the notice
says how many of those await confirmation; a lagging task is named only when its
status was confirmed. The text is built first (``Notice.sections``) and laid out after, so
tests read what the notice says without opening Word.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from sqlalchemy.orm import Session

from duban.export.docx_table import set_properties, set_run_font, set_style_font, tight
from duban.export.fonts import OFFICIAL, FontSet, installed_fontset
from duban.export.paging import char_em
from duban.export.store_table import source_layout
from duban.store.models import Plan, Round
from duban.store.services.orgs import OrgProfile
from duban.work import ledger
from duban.work.public_status import public_status
from duban.work.rounds import LAGGING, TaskStatus, statuses_for_round
from duban.work.status import STATUS_ORDER, Status, Summary, summarize

CN_ORDINALS = "一二三四五六七八九十"
TITLE_CHARS_PER_LINE = 20  # 二号 characters across the 156 mm text block
CONTENT_CHARS = 60  # a lagging task's content is quoted up to about this many characters
NUMBERISH = re.compile(r"[0-9０-９.．%％‰万亿千百十零一二三四五六七八九两余多]")


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def em_width(text: str) -> float:
    return sum(char_em(ch) for ch in text)


def wrap_title(text: str, per_line: float) -> list[str]:
    """A long title in lines of at most ``per_line`` em, each break moved back out of a number."""
    lines = []
    while em_width(text) > per_line:
        cut, width = 0, 0.0
        while cut < len(text) and width + char_em(text[cut]) <= per_line:
            width += char_em(text[cut])
            cut += 1
        while cut > 1 and NUMBERISH.match(text[cut - 1]) and NUMBERISH.match(text[cut]):
            cut -= 1
        lines.append(text[:cut])
        text = text[cut:]
    return lines + [text] if text else lines


def percent_shares(counts: list[int]) -> list[Decimal]:
    """Shares in percent with one decimal, each rounded half-up and then nudged by a tenth where
    needed (largest rounding error first) so that together they make exactly 100.0."""
    total = sum(counts)
    if not total:
        return [Decimal("0.0") for _ in counts]
    exact = [Decimal(c) * 100 / total for c in counts]
    rounded = [e.quantize(Decimal("0.1"), ROUND_HALF_UP) for e in exact]
    gap = int((Decimal(100) - sum(rounded)) * 10)
    step = Decimal("0.1") if gap > 0 else Decimal("-0.1")
    sign = 1 if gap > 0 else -1  # on a tie the larger count keeps its half-up share
    order = sorted(range(len(counts)), key=lambda i: ((exact[i] - rounded[i]) * sign, counts[i] * sign), reverse=True)
    for i in order[:abs(gap)]:
        if counts[i]:
            rounded[i] += step
    return rounded


def status_sentence(summary: Summary) -> str:
    """``共22项任务，其中已完成1项，占4.5%；…`` — one measure word, shares adding to 100 %."""
    present = [s for s in STATUS_ORDER if summary.counts[s]]
    if not present:
        return "暂无任务。"
    shares = dict(zip(STATUS_ORDER, percent_shares([summary.counts[s] for s in STATUS_ORDER])))
    parts = [f"{s.label}{summary.counts[s]}项，占{shares[s]}%" for s in present]
    return f"共{summary.total}项任务，其中" + "；".join(parts) + "。"


def short_text(text: str, limit: int = CONTENT_CHARS) -> str:
    """The text up to its first full stop when that is short enough, else cut after the last comma
    before ``limit`` (never inside a number), with an ellipsis."""
    text = " ".join(text.split())
    end = next((m.end() for m in re.finditer(r"[。；;！？]", text)), len(text))
    if end <= limit:
        return text[:end].rstrip("。；;")
    commas = [m.start() for m in re.finditer(r"[，,、：:]", text[:limit])]
    cut = commas[-1] if commas else limit
    while cut > 1 and NUMBERISH.match(text[cut - 1]) and NUMBERISH.match(text[cut]):
        cut -= 1
    return text[:cut] + "…"


@dataclass(frozen=True)
class LaggingTask:
    seq: int | None
    ref: str | None
    content: str
    units: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class Reporting:
    """Who handed in the round's reports: by task, and every responsible unit of those tasks."""

    tasks: int
    reported: int
    late: int  # handed in after the due day
    units: tuple[str, ...]  # every responsible unit of the plan's tasks
    reported_units: tuple[str, ...]  # units of tasks with a report
    missing_units: tuple[str, ...]  # units of tasks without one
    missing_tasks: tuple[tuple[str, tuple[str, ...]], ...]  # (第N项, its units) not reported


@dataclass
class Notice:
    plan_title: str
    round_label: str
    as_of: date | None
    issued: date
    due: date | None
    summary: Summary
    lagging: list[LaggingTask]
    reporting: Reporting
    office: str = "督查室"
    addressees: str | None = None
    author: str = ""
    previous_label: str | None = None
    previous: Summary | None = None
    unconfirmed_lagging: int = 0  # lagging by a status the machine only suggested
    created: datetime | None = field(default=None, compare=False)

    @property
    def title(self) -> str:
        return f"关于{self.plan_title}{self.round_label}进展情况的通报"

    def title_lines(self) -> list[str]:
        """The title on one line when it fits, else broken where a reader pauses — before the
        period or before 进展情况的通报 — never inside a word or number (no orphaned 报)."""
        if em_width(self.title) <= TITLE_CHARS_PER_LINE:
            return [self.title]
        splits = [[f"关于{self.plan_title}", f"{self.round_label}进展情况的通报"],
                  [f"关于{self.plan_title}{self.round_label}", "进展情况的通报"]]
        fitting = [lines for lines in splits if all(em_width(line) <= TITLE_CHARS_PER_LINE for line in lines)]
        if fitting:
            return min(fitting, key=lambda lines: abs(em_width(lines[0]) - em_width(lines[1])))
        return wrap_title(f"关于{self.plan_title}", TITLE_CHARS_PER_LINE) + [f"{self.round_label}进展情况的通报"]

    def overview(self) -> str:
        when = f"截至{cn_date(self.as_of)}，" if self.as_of else ""
        return f"{when}{self.plan_title}{status_sentence(self.summary)}{self.summary.pending_sentence(detail=False)}"

    def comparison(self) -> str:
        if self.previous is None:
            return "本轮为该计划首次报送，暂无上一轮可比。"
        changes = []
        for status in STATUS_ORDER:
            before, now = self.previous.counts[status], self.summary.counts[status]
            if before != now:
                changes.append(f"{status.label}由{before}项{'增至' if now > before else '减至'}{now}项")
        if not changes:
            return f"与上一轮（{self.previous_label}）相比，各状态任务数没有变化。"
        # in a round still being reviewed, 未评估 grows with reports nobody has confirmed yet: say so
        pending = f"（本轮尚有{self.summary.pending}项已报送、待审核确认，暂计入未评估）" if self.summary.pending else ""
        return f"与上一轮（{self.previous_label}）相比，" + "，".join(changes) + pending + "。"

    def lagging_lines(self) -> list[str]:
        lines = []
        if self.lagging:
            counts = {label: sum(1 for t in self.lagging if t.status == label) for label in
                      dict.fromkeys(t.status for t in self.lagging)}
            head = "、".join(f"{label}{n}项" for label, n in counts.items())
            lines.append(f"进展滞后的任务共{len(self.lagging)}项（{head}），具体如下：")
        else:
            lines.append("本轮没有确认进展滞后的任务。")
        for n, item in enumerate(self.lagging, 1):
            seq = f"第{item.seq}项" if item.seq is not None else ""
            ref = f"（{item.ref}）" if item.ref else ""
            units = "、".join(item.units) if item.units else "（任务未列责任单位）"
            lines.append(f"{n}.{seq}{ref}{short_text(item.content)}。责任单位：{units}；状态：{item.status}。")
        if self.unconfirmed_lagging:
            lines.append(f"另有{self.unconfirmed_lagging}项任务按填报内容初步判断可能滞后，尚待审核确认。")
        return lines

    def reporting_lines(self) -> list[str]:
        r = self.reporting
        due = f"（报送截止日期为{cn_date(self.due)}）" if self.due else ""
        if r.reported == 0:
            return [f"本轮{r.tasks}项任务均未报送进展{due}，涉及责任单位{len(r.units)}个：{'、'.join(r.units)}。"]
        late = f"，其中逾期报送{r.late}项" if r.late else ""
        if r.reported == r.tasks:
            return [f"本轮{r.tasks}项任务均已报送进展{late}{due}，涉及责任单位{len(r.units)}个：{'、'.join(r.units)}。"]
        lines = [f"本轮{r.tasks}项任务中，已报送{r.reported}项{late}；未报送{r.tasks - r.reported}项{due}。"]
        if r.missing_tasks:
            listed = "；".join(f"{seq}：{'、'.join(units) or '（未列责任单位）'}" for seq, units in r.missing_tasks)
            lines.append(f"未报送的任务及其责任单位：{listed}。")
        lines.append(f"已报送任务的责任单位{len(r.reported_units)}个：{'、'.join(r.reported_units)}。")
        if r.missing_units:
            lines.append(f"有任务未报送的责任单位{len(r.missing_units)}个：{'、'.join(r.missing_units)}。")
        return lines

    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, paragraphs) in order, headings numbered 一、二、… as notices number them."""
        parts = [("总体情况", [self.overview(), self.comparison()]),
                 ("进展滞后的任务", self.lagging_lines()),
                 ("报送情况", self.reporting_lines()),
                 ("下一步要求", ["请各责任单位对照任务目标和序时进度，加快推进滞后任务，按时报送下一轮进展情况；"
                                f"{self.office}将对滞后任务持续跟踪督办。"])]
        return [(f"{CN_ORDINALS[n]}、{heading}", paragraphs) for n, (heading, paragraphs) in enumerate(parts)]


def unit_names(task) -> tuple[str, ...]:
    return tuple(unit.name for unit, _ in ledger.ordered_units(task))


def reporting_of(tasks: list, statuses: dict[int, TaskStatus]) -> Reporting:
    everyone: dict[str, None] = {}
    reported: dict[str, None] = {}
    missing: dict[str, None] = {}
    missing_tasks = []
    done = late = 0
    for index, task in enumerate(tasks, 1):
        names = unit_names(task)
        everyone.update(dict.fromkeys(names))
        status = statuses.get(task.id)
        if status is not None and status.handed_in_at is not None:
            done += 1
            late += not status.on_time
            reported.update(dict.fromkeys(names))
        else:
            missing.update(dict.fromkeys(names))
            missing_tasks.append((f"第{task.seq if task.seq is not None else index}项", names))
    return Reporting(len(tasks), done, late, tuple(everyone), tuple(reported), tuple(missing), tuple(missing_tasks))


def notice_title_of(session: Session, plan: Plan, rnd: Round) -> str:
    """What the notice calls the plan: the first title line its source printed, else the plan's title."""
    layout, _ = source_layout(session, plan, rnd)
    return layout.title_lines[0] if layout and layout.title_lines else plan.title


def build_notice(session: Session, plan: Plan, rnd: Round, now: datetime) -> Notice:
    # the dashboard's read: suggestions stay marked as such, and summarize counts them as 未评估
    statuses = statuses_for_round(session, plan.id, rnd.id, now, suggestions=True)
    by_task = {s.task_id: s for s in statuses}
    rounds = ledger.rounds_of(session, plan.id)
    index = next(i for i, r in enumerate(rounds) if r.id == rnd.id)
    previous = rounds[index - 1] if index > 0 else None
    before = summarize(statuses_for_round(session, plan.id, previous.id, now, suggestions=True)) if previous else None
    tasks = ledger.tasks_of(session, plan.id)
    lagging, unconfirmed = [], 0
    for task in tasks:
        status = by_task.get(task.id)
        if status is None or status.status not in LAGGING:
            continue
        shown = public_status(status.status, status.suggested, status.basis)
        if shown.status is Status.UNASSESSED:
            unconfirmed += 1
            continue
        lagging.append(LaggingTask(task.seq, task.ref, task.content, unit_names(task), shown.label))
    profile = OrgProfile.of(plan.organization)
    return Notice(notice_title_of(session, plan, rnd), rnd.label, rnd.end, now.date(), rnd.due, summarize(statuses),
                  lagging, reporting_of(tasks, by_task), profile.issuing_office, profile.addressees,
                  profile.full_name, previous.label if previous else None, before, unconfirmed, now)


BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
LINE_PT = 28.95  # 22 lines in the 225 mm text block
RED = RGBColor(0xE6, 0x00, 0x12)  # the 版头's red
PAGE_NUMBER_PT = 14  # 四号


def add_paragraph(document, text: str, *, font: str, fonts: FontSet, size: float = BODY_PT,
                  align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars: float = 0, right_chars: float = 0,
                  before: float = 0, after: float = 0, line_pt: float = LINE_PT, color=None, bold=False):
    paragraph = document.add_paragraph()
    tight(paragraph, align, before=before, after=after, line_pt=line_pt)
    if indent_chars:
        paragraph.paragraph_format.first_line_indent = Pt(size * indent_chars)
    if right_chars:
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * right_chars)
    run = paragraph.add_run(text)
    set_run_font(run, font, size, fonts.latin, bold=bold)
    if color is not None:
        run.font.color.rgb = color
    return paragraph


def red_rule(paragraph) -> None:
    """The 版头's red separating line, as the paragraph's bottom border across the text block."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def page_number_footer(footer, fonts: FontSet, align) -> None:
    """``— N —`` in 四号 宋体, one character in from the text block's edge."""
    paragraph = footer.paragraphs[0]
    tight(paragraph, align, line_pt=PAGE_NUMBER_PT * 1.3)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)

    def run(text: str = ""):
        r = paragraph.add_run(text)
        set_run_font(r, fonts.number, PAGE_NUMBER_PT, fonts.number)
        return r

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run()._element.append(char)

    run("— ")
    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._element.append(instr)
    field_char("separate")
    run("1")
    field_char("end")
    run(" —")


def render_notice_docx(notice: Notice, fonts: FontSet = OFFICIAL) -> bytes:
    """A4 portrait, GB/T 9704 margins (天头 37 mm, 订口 28 mm): red 版头 and rule, 小标宋 title,
    主送机关, 黑体 headings, 仿宋 body indented two characters, 落款 and 成文日期 on the right,
    page numbers right on odd pages and left on even ones."""
    document = new_document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    set_style_font(document.styles["Normal"], fonts.body, BODY_PT, fonts.latin)

    office_pt = min(36.0, 156 / 0.3528 / max(1, len(notice.office)) * 0.95)  # one line across the block
    head = add_paragraph(document, notice.office, font=fonts.title, fonts=fonts, size=office_pt,
                         align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=office_pt * 1.4, after=LINE_PT, color=RED,
                         bold=fonts.title_bold)
    red_rule(head)
    lines = notice.title_lines()
    for n, line in enumerate(lines):
        add_paragraph(document, line, font=fonts.title, fonts=fonts, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
                      line_pt=TITLE_PT * 1.5, before=LINE_PT if n == 0 else 0,
                      after=LINE_PT if n == len(lines) - 1 else 0, bold=fonts.title_bold)
    add_paragraph(document, f"{notice.addressees or '各责任单位'}：", font=fonts.body, fonts=fonts)
    for heading, paragraphs in notice.sections():
        heading_paragraph = add_paragraph(document, heading, font=fonts.heading, fonts=fonts, indent_chars=2)
        heading_paragraph.paragraph_format.keep_with_next = True  # a heading never ends a page alone
        for text in paragraphs:
            add_paragraph(document, text, font=fonts.body, fonts=fonts, indent_chars=2)

    issued = cn_date(notice.issued)
    date_em = sum(char_em(ch) for ch in issued)
    office_right = max(0.0, 4 + (date_em - len(notice.office)) / 2)  # centred over the date
    add_paragraph(document, notice.office, font=fonts.body, fonts=fonts, align=WD_ALIGN_PARAGRAPH.RIGHT,
                  right_chars=office_right, before=LINE_PT * 2)
    add_paragraph(document, issued, font=fonts.body, fonts=fonts, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)

    document.settings.odd_and_even_pages_header_footer = True
    page_number_footer(section.footer, fonts, WD_ALIGN_PARAGRAPH.RIGHT)
    page_number_footer(section.even_page_footer, fonts, WD_ALIGN_PARAGRAPH.LEFT)
    set_properties(document, notice.title, notice.author, notice.created)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_notice_pdf(notice: Notice) -> bytes:
    """The same notice as PDF through LibreOffice, with the installed fonts nearest the official ones."""
    from duban.export.pdf_table import docx_to_pdf

    return docx_to_pdf(render_notice_docx(notice, installed_fontset()))
