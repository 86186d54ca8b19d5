"""The page of one task, and its row in the task tables, written by plain Python.

Why not a Jinja template: a site of 100 plans has 30,000 task pages and 100,000
task rows, and their evidence (rounds, items, goals) is most of the site's text.
Jinja pays per page for a context, block calls and an attribute lookup per value;
joining escaped strings costs a third of that. The page chrome still comes from
``base.html`` (``Layout``): rendered once per build with markers in place of the
title and the main content, then split, so every page shares one header, footer
and navigation.

Escaping gives MarkupSafe's output, as in the templates; every value from the ledger
goes through ``e``, which escapes a plain string with ``str.replace`` (a site escapes
millions of short texts, and MarkupSafe wraps each result in a ``Markup`` object).
"""
from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup, escape

from duban.export.site.opendata import number

TITLE_MARK, MAIN_MARK = "\x00title\x00", "\x00main\x00"
MATCH_LABELS = {True: "相同依据编号", False: "文字相似"}
HTML_SPECIAL = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("'", "&#39;"), ('"', "&#34;"))


def e(value) -> str:
    """``markupsafe.escape(value)`` as a string; ``&`` first, so no entity is escaped twice."""
    if value.__class__ is not str:
        return escape(value)
    for char, entity in HTML_SPECIAL:
        if char in value:
            value = value.replace(char, entity)
    return value


@dataclass(frozen=True)
class Layout:
    """``base.html`` cut around its title and main blocks, for pages written without Jinja."""

    head: str
    middle: str
    tail: str

    @classmethod
    def of(cls, env: Environment, **context) -> Layout:
        template = env.from_string('{% extends "base.html" %}{% block title %}' + TITLE_MARK + "{% endblock %}"
                                   "{% block main %}" + MAIN_MARK + "{% endblock %}")
        head, rest = template.render(**context).split(TITLE_MARK)
        middle, tail = rest.split(MAIN_MARK)
        return cls(head, middle, tail)

    def page(self, title: str, main: str) -> str:
        """``title`` and ``main`` are HTML already (escaped by the caller)."""
        return f"{self.head}{title}{self.middle}{main}{self.tail}"


def shorten(text: str, length: int) -> str:
    """Jinja's ``truncate(length, True, '…')``: texts within five characters of the limit stay whole."""
    return text if len(text) <= length + 5 else text[:length - 1] + "…"


NO_UNITS = "原表未列责任单位"


def unit_links(units, root: str, roles: bool) -> str:
    return "、".join(f'<a href="{root}unit/{uid}.html">{e(name)}</a>{"（主责）" if roles and role == "lead" else ""}'
                    for uid, name, role in units)


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def progress_bar(entry) -> str:
    """The task's bar: filled to the confirmed share (all of it when confirmed done), with the
    序时进度 marked; without a confirmed share the track stays empty and says so."""
    if entry is None:
        return '<div class="progress" role="img" aria-label="尚无公开进展"><span class="track"></span></div>'
    p = entry.public
    fill = p.progress
    tick = ""
    if p.time_share is not None and p.status.value != "done":
        tick = f'<i class="tick" style="left:{p.time_share * 100:.1f}%" title="序时进度{percent(p.time_share)}"></i>'
    if fill is None:
        said = f"{p.label}，无经确认的完成比例"
        text = ""
    else:
        said = f"{p.label}，完成{percent(fill)}"
        text = f'<span class="pct">{percent(fill)}</span>'
    if p.time_share is not None and p.status.value != "done":
        said += f"，序时进度{percent(p.time_share)}"
    width = f'<b class="s-{p.status.value}" style="width:{fill * 100:.1f}%"></b>' if fill is not None else ""
    return (f'<div class="progress" role="img" aria-label="{e(said)}"><span class="track">{width}{tick}</span>'
            f"{text}</div>")


def task_text(t) -> str:
    """Ref, name and content, the content left out where it only repeats the name (performance tasks)."""
    ref = f'<span class="ref">{e(t.ref)}</span> ' if t.ref else ""
    name = f"<strong>{e(t.name)}</strong>" if t.name else ""
    content = e(shorten(t.content, 80)) if t.shows_content else ""
    return f"{ref}{name}{' ' if name and content else ''}{content}"


def task_row(t, root: str, show_plan: bool) -> str:
    """One ``<tr>`` of a task table (the org-year page, unit pages); ``data-label`` heads each cell on phones."""
    plan = (f'<td class="year" data-label="年份">{t.year or ""}</td><td data-label="计划">{e(t.plan_title)}</td>'
            if show_plan else "")
    when = f'<span class="when">{e(t.rounds[-1].label)}</span>' if t.rounds else ""
    units = unit_links(t.units, root, False) or f'<span class="none">{NO_UNITS}</span>'
    return (f'<tr>{plan}<td class="num" data-label="序号">{"" if t.seq is None else t.seq}</td>'
            f'<td data-label="任务"><a href="{root}task/{t.id}.html">{task_text(t)}</a></td>'
            f'<td data-label="责任单位">{units}</td>'
            f'<td data-label="最新状态"><span class="badge s-{t.status.value}">{e(t.status_label)}</span>{when}'
            f"{progress_bar(t.latest)}</td></tr>\n")


def task_rows(tasks, root: str, show_plan: bool) -> Markup:
    return Markup("".join(task_row(t, root, show_plan) for t in tasks))


def round_article(r) -> str:
    end = f" <small>截至{r.end}</small>" if r.end else ""
    if r.goals:
        body = '<dl class="goals">' + "".join(f"<dt>{e(goal)}</dt><dd>{e(done or '本轮未报送完成情况')}</dd>"
                                              for goal, done in r.goals) + "</dl>"
    elif r.items:
        body = '<ol class="items">' + "".join(f"<li>{e(item)}</li>" for item in r.items) + "</ol>"
    else:
        body = '<p class="none">本轮没有公开的进展文字。</p>'
    return (f'<article class="round">\n<h3>{e(r.label)}{end}</h3>\n'
            f'<p><span class="badge s-{r.status.value}">{e(r.status_label)}</span> '
            f'<span class="reason">{e(r.reason)}</span></p>\n{progress_bar(r)}{body}\n</article>\n')


def promise_section(t) -> str:
    seq = f" 第{t.seq}项" if t.seq is not None else ""
    ref = f"<dt>依据</dt><dd>{e(t.ref)}</dd>" if t.ref else ""
    goals = ("<h3>年度任务及目标</h3>\n<ol>" + "".join(f"<li>{e(g)}</li>" for g in t.goals) + "</ol>\n"
             if t.goals else "")
    promise = f'<blockquote class="promise">{e(t.content)}</blockquote>\n' if t.shows_content else ""
    targets = ""
    if t.targets:
        rows = "".join(f'<tr><td>{e(q["metric"] or "")}</td><td>{e(q["text"])}</td>'
                       f'<td class="num">{e(number(q["value"]))}</td>'
                       f'<td>{e(q["unit"] or "")}</td><td>{e(q["qualifier"] or "")}</td></tr>' for q in t.targets)
        targets = ('<table>\n<caption>量化目标</caption>\n<thead><tr><th scope="col">目标</th><th scope="col">原文</th>'
                   '<th scope="col" class="num">目标值</th><th scope="col">单位</th><th scope="col">限定</th></tr>'
                   f"</thead>\n<tbody>{rows}</tbody>\n</table>\n")
    return ('<section aria-labelledby="promise-h">\n<h2 id="promise-h">承诺内容</h2>\n<dl class="facts">\n'
            f"<dt>政府</dt><dd>{e(t.government)}</dd>\n<dt>所属</dt><dd>{e(t.plan_title)}{seq}</dd>\n{ref}"
            f"<dt>责任单位</dt><dd>{unit_links(t.units, '../', True) or NO_UNITS}</dd>\n</dl>\n"
            f"{promise}{goals}{targets}</section>\n")


def related_section(t) -> str:
    if not t.related:
        body = "<p>未找到其他年份的相同或相似承诺。</p>"
    else:
        rows = "".join(f'<tr><td>{r.year or ""}</td><td><a href="{r.task_id}.html">{e(r.plan_title)} {e(r.label)}</a>'
                       f'</td><td class="num">{r.score:.0f}</td><td>{MATCH_LABELS[r.same_ref]}</td></tr>'
                       for r in t.related)
        body = ('<table>\n<caption>按依据编号或文字相似度匹配（相似度0–100）</caption>\n<thead><tr>'
                '<th scope="col">年份</th><th scope="col">任务</th><th scope="col" class="num">相似度</th>'
                f'<th scope="col">匹配方式</th></tr></thead>\n<tbody>{rows}</tbody>\n</table>')
    return ('<section aria-labelledby="related-h">\n<h2 id="related-h">其他年份的相同承诺</h2>\n'
            f"{body}\n</section>\n")


def task_page(t, slug: str, layout: Layout) -> str:
    """The task's promise, targets, each published round's evidence in time order, and the same
    commitment in other years."""
    title = e(t.title or shorten(t.content, 20))
    latest = f"（{e(t.rounds[-1].label)}）" if t.rounds else ""
    heading = e(t.name) if t.name else f"{e(t.plan_title)} {e(t.title)}"
    evidence = "".join(map(round_article, t.rounds)) or "<p>尚无已公开的进展。</p>\n"
    main = (f'<nav aria-label="位置" class="crumbs"><a href="../index.html">首页</a> › '
            f'<a href="../{slug}.html#plan{t.plan_id}">{e(t.plan_title)}</a> › {e(t.title)}</nav>\n'
            f"<h1>{heading}</h1>\n"
            f'<p class="status-line">最新状态：<span class="badge s-{t.status.value}">{e(t.status_label)}</span>'
            f"{latest}</p>\n{progress_bar(t.latest)}{promise_section(t)}"
            f'<section aria-labelledby="evidence-h">\n<h2 id="evidence-h">各轮进展（按时间顺序）</h2>\n'
            f"{evidence}</section>\n{related_section(t)}")
    return layout.page(f"{title} · {e(t.plan_title)}", main)
