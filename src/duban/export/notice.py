"""The supervision notice (督办通报) of one round, written as offices write them.

Why the numbers come from ``duban.work.rounds.statuses_for_round``: the notice is
read next to the dashboard, and a notice that says 达进度162个 while the dashboard
says 161 discredits both. Both call the same function with the same ``now``, so
they agree by construction; this module only words the result.

The text is built first (``Notice.sections``) and laid out after, so tests can read
what the notice says without opening Word.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from sqlalchemy.orm import Session

from duban.export.docx_table import add_page_number_footer, set_run_font, set_style_font, tight
from duban.export.fonts import OFFICIAL, FontSet
from duban.store.models import Plan, Round
from duban.work import ledger
from duban.work.rounds import TaskStatus, lagging, statuses_for_round
from duban.work.status import STATUS_ORDER, Status, Summary, summarize

CN_ORDINALS = "一二三四五六七八九十"
TITLE_CHARS_PER_LINE = 20  # 二号 characters across an A4 page inside official margins


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class UnitLateness:
    unit_name: str
    missing: int  # tasks with no report after the due date
    late: int  # tasks reported after the due date


@dataclass
class Notice:
    plan_title: str
    round_label: str
    as_of: date | None
    issued: date
    due: date | None
    summary: Summary
    lagging: list[TaskStatus]
    late_units: list[UnitLateness]
    previous_label: str | None = None
    previous: Summary | None = None
    contents: dict[int, str] = field(default_factory=dict)  # task id → content, for the lagging list

    @property
    def title(self) -> str:
        return f"关于{self.plan_title}{self.round_label}进展情况的通报"

    def title_lines(self) -> list[str]:
        """A long title breaks before 进展情况的通报, not wherever the line fills (one orphaned 报)."""
        if len(self.title) <= TITLE_CHARS_PER_LINE:
            return [self.title]
        return [f"关于{self.plan_title}{self.round_label}", "进展情况的通报"]

    def overview(self) -> str:
        when = f"截至{cn_date(self.as_of)}，" if self.as_of else ""
        return f"{when}{self.plan_title}{self.summary.sentence()}"

    def comparison(self) -> str:
        if self.previous is None:
            return "本轮为该计划首次报送，暂无上一轮可比。"
        changes = []
        for status in STATUS_ORDER:
            before, now = self.previous.counts[status], self.summary.counts[status]
            if before == now:
                continue
            verb = "增至" if now > before else "减至"
            changes.append(f"{status.label}由{before}个{verb}{now}个")
        if not changes:
            return f"与上一轮（{self.previous_label}）相比，各状态任务数没有变化。"
        return f"与上一轮（{self.previous_label}）相比，" + "，".join(changes) + "。"

    def lagging_lines(self) -> list[str]:
        lines = []
        for n, item in enumerate(self.lagging, 1):
            content = self.contents.get(item.task_id, "")
            content = content if len(content) <= 60 else content[:60] + "…"
            seq = f"第{item.seq}项" if item.seq is not None else ""
            ref = f"（{item.ref}）" if item.ref else ""
            unit = item.unit_name or "未指定单位"
            lines.append(f"{n}.{seq}{ref}{content}　主责单位：{unit}；状态：{item.status_label}。")
        return lines

    def lateness_lines(self) -> list[str]:
        if self.due is None:
            return ["本轮未设定报送截止日期，未统计按时报送情况。"]
        if not self.late_units:
            return [f"各单位均于{cn_date(self.due)}前报送。"]
        lines = [f"以下单位未在{cn_date(self.due)}前报送全部任务进展："]
        for n, unit in enumerate(self.late_units, 1):
            parts = []
            if unit.missing:
                parts.append(f"未报送{unit.missing}项")
            if unit.late:
                parts.append(f"逾期报送{unit.late}项")
            lines.append(f"{n}.{unit.unit_name}（{'，'.join(parts)}）。")
        return lines

    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, paragraphs) in order, headings numbered 一、二、… as notices number them."""
        lagging_text = self.lagging_lines() or ["本轮没有进展滞后的任务。"]
        if self.lagging:
            counts = summarize(self.lagging).counts
            head = "、".join(f"{s.label}{counts[s]}项" for s in STATUS_ORDER if counts[s])
            lagging_text.insert(0, f"本轮进展滞后的任务共{len(self.lagging)}项（{head}），具体如下：")
        parts = [("总体情况", [self.overview(), self.comparison()]),
                 ("进展滞后的任务", lagging_text),
                 ("报送情况", self.lateness_lines()),
                 ("下一步要求", ["请各责任单位对照任务目标和序时进度，加快推进滞后任务，"
                                "按时报送下一轮进展情况；督查室将对滞后任务持续跟踪督办。"])]
        return [(f"{CN_ORDINALS[n]}、{heading}", paragraphs) for n, (heading, paragraphs) in enumerate(parts)]


def late_units(statuses: list[TaskStatus]) -> list[UnitLateness]:
    counts: dict[str, list[int]] = {}
    for item in statuses:
        name = item.unit_name or "未指定单位"
        if item.status == Status.MISSING:
            counts.setdefault(name, [0, 0])[0] += 1
        elif item.handed_in_at is not None and not item.on_time:
            counts.setdefault(name, [0, 0])[1] += 1
    rows = [UnitLateness(name, m, late) for name, (m, late) in counts.items()]
    return sorted(rows, key=lambda u: (-u.missing, -u.late, u.unit_name))  # not reporting at all is worse


def build_notice(session: Session, plan: Plan, rnd: Round, now: datetime) -> Notice:
    statuses = statuses_for_round(session, plan.id, rnd.id, now)
    rounds = ledger.rounds_of(session, plan.id)
    index = next(i for i, r in enumerate(rounds) if r.id == rnd.id)
    previous = rounds[index - 1] if index > 0 else None
    before = summarize(statuses_for_round(session, plan.id, previous.id, now)) if previous else None
    contents = {t.id: t.content for t in ledger.tasks_of(session, plan.id)}
    return Notice(plan.title, rnd.label, rnd.end, now.date(), rnd.due, summarize(statuses), lagging(statuses),
                  late_units(statuses) if rnd.due else [], previous.label if previous else None, before, contents)


BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
LINE_PT = 28.95  # the fixed line pitch of official documents (22 lines a page)


def render_notice_docx(notice: Notice, fonts: FontSet = OFFICIAL) -> bytes:
    """A4 portrait, official margins, 小标宋 title, 黑体 headings, 仿宋 body with two-character indent."""
    document = new_document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    set_style_font(document.styles["Normal"], fonts.body, BODY_PT, fonts.latin)

    lines = notice.title_lines()
    for n, line in enumerate(lines):
        title = document.add_paragraph()
        tight(title, WD_ALIGN_PARAGRAPH.CENTER, after=LINE_PT if n == len(lines) - 1 else 0, line_pt=TITLE_PT * 1.6)
        set_run_font(title.add_run(line), fonts.title, TITLE_PT, fonts.latin, bold=fonts.title_bold)

    def body(text: str, *, heading: bool = False) -> None:
        paragraph = document.add_paragraph()
        tight(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, line_pt=LINE_PT)
        paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        set_run_font(paragraph.add_run(text), fonts.heading if heading else fonts.body, BODY_PT, fonts.latin)

    for heading, paragraphs in notice.sections():
        body(heading, heading=True)
        for text in paragraphs:
            body(text)

    for line in ("督查室", cn_date(notice.issued)):
        paragraph = document.add_paragraph()
        tight(paragraph, WD_ALIGN_PARAGRAPH.RIGHT, before=LINE_PT if line == "督查室" else 0, line_pt=LINE_PT)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 2)
        set_run_font(paragraph.add_run(line), fonts.body, BODY_PT, fonts.latin)
    add_page_number_footer(document, fonts)
    document.core_properties.title = notice.title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
