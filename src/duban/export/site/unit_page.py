"""The page of one responsible unit, written by plain Python around the shared page chrome.

Why not the ``unit.html`` template: a site of 100 plans has about 4,000 unit pages,
and Jinja's ``extends`` costs a new context and block calls per page, more than
the page's own few lines. The chrome comes from ``base.html`` once per build
(``Layout``); the status bar and the task table come from the same macros the
organization pages use, so the two kinds of page cannot drift apart.
"""
from __future__ import annotations

from markupsafe import Markup

from duban.export.site.data import status_shares
from duban.export.site.task_page import Layout, e


def unit_page(unit, rows: str, layout: Layout, macros) -> str:
    """``rows``: the ``<tr>`` of each of the unit's tasks (``task_row``); ``macros``: the module of macros.html."""
    name = e(unit.name)
    summary = unit.summary
    main = (f'<nav aria-label="位置" class="crumbs"><a href="../index.html">首页</a> › 责任单位 › {name}</nav>\n'
            f"<h1>{name}</h1>\n<p>负责或参与的已公开任务 {len(unit.tasks)} 项。</p>\n"
            f"{macros.share_bar(status_shares(summary), summary.total, '任务的最新状态')}\n"
            f"{macros.task_table(Markup(rows), f'{unit.name}的任务', show_plan=True)}\n")
    return layout.page(name, main)
