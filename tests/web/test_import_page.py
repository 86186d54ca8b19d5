"""导入 from the browser (TestClient): upload, correct cells, confirm; the same service as ``duban import``."""
from __future__ import annotations

import io
import re

from docx import Document as DocxDocument
from sqlalchemy import select

from duban.store.db import session_scope
from duban.store.models import Assignment, Plan, SourceDocument, Task, Unit
from duban.work.demo import seed_files


def task_table_docx(rows: list[tuple[str, str, str, str]]) -> bytes:
    doc = DocxDocument()
    doc.add_paragraph("2031年区重点工作任务分解表")
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("序号", "工作任务", "责任单位", "完成时限")):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def confirm_form(html: str, **changes) -> dict:
    """The review page's form as the browser would post it, with some cells changed."""
    import html as htmllib
    form = {k: htmllib.unescape(hidden(html, k)) for k in ("file_name", "file_sha256", "indicators", "commitments")}
    form.update({k: htmllib.unescape(v) for k, v in re.findall(
        r'<input name="(title|year|period_label|period_start|period_end|deadline)" value="([^"]*)"', html)})
    form["kind"] = re.search(r'<option value="(\w+)" selected>', html).group(1)
    rows = {k: [htmllib.unescape(v) for v in re.findall(rf'<textarea name="{k}"[^>]*>([^<]*)</textarea>', html)]
            for k in ("content", "units", "targets", "progress")}
    rows["seq"] = re.findall(r'<input name="seq" value="([^"]*)"', html)
    rows["row_deadline"] = re.findall(r'<input name="row_deadline" value="([^"]*)"', html)
    rows["ref"] = [htmllib.unescape(v) for v in re.findall(r'name="ref" value="([^"]*)"', html)]
    rows["extra"] = [htmllib.unescape(v) for v in re.findall(r'name="extra" value="([^"]*)"', html)]
    n = len(rows["content"])
    rows = {k: v[:n] for k, v in rows.items()}  # the hidden row template comes last
    for (key, index), value in changes.get("cells", {}).items():
        rows[key][index] = value
    form.update(rows)
    form.update(changes.get("heads", {}))
    return form


def test_same_file_as_the_command_line_is_stored_once(demo, login):
    office = login(demo.account("admin"))
    seed = seed_files()[2]
    page = office.post("/import", data={"csrf_token": office.csrf()},
                       files={"file": (seed.name, seed.read_bytes(), "text/plain")})
    assert page.status_code == 200
    assert "市分工方案第 21 项" in page.text or "以首善标准推进" in page.text
    done = office.submit("/import/confirm", confirm_form(page.text))
    assert done.status_code == 303
    assert "已导入，未更改" in office.get(done.headers["location"]).text


def test_corrected_cells_are_stored_and_confirming_twice_changes_nothing(demo, login):
    office = login(demo.account("admin"))
    data = task_table_docx([("1", "新建社区养老驿站5个", "区民政局、区卫健委", "2031年6月底"),
                            ("2", "完成老旧小区改造12个", "区住建委", "2031年底前")])
    page = office.post("/import", data={"csrf_token": office.csrf(), "org": "东城区政府"},
                       files={"file": ("分解表.docx", data, "application/octet-stream")})
    assert page.status_code == 200 and "新建社区养老驿站5个" in page.text
    form = confirm_form(page.text, cells={("units", 1): "区房管局、区住建委", ("targets", 1): "完成老旧小区改造12个"})
    done = office.submit("/import/confirm", form)
    assert done.status_code == 303, done.text
    assert "已导入" in office.get(done.headers["location"]).text
    with session_scope(demo.database_url) as s:
        task = s.scalar(select(Task).where(Task.content == "完成老旧小区改造12个"))
        lead = s.scalar(select(Unit.name).join(Assignment).where(Assignment.task_id == task.id,
                                                                Assignment.role == "lead"))
        assert lead == "区房管局"
        assert [(t.value, t.unit) for t in task.targets] == [(12, "个")]
        assert str(task.deadline) == "2031-12-31"
        sources = s.scalar(select(SourceDocument.id).where(SourceDocument.file_name == "分解表.docx"))
        assert sources is not None
    again = office.submit("/import/confirm", form)
    assert "已导入，未更改" in office.get(again.headers["location"]).text


def test_unreadable_file_opens_an_empty_table_and_typed_rows_are_imported(demo, login):
    office = login(demo.account("admin"))
    page = office.post("/import", data={"csrf_token": office.csrf()},
                       files={"file": ("扫描件.pdf", b"%PDF-1.4 not really", "application/pdf")})
    assert page.status_code == 200
    assert "系统未能识别这个文件" in page.text
    form = confirm_form(page.text, cells={("content", 0): "建成智慧停车场3处", ("units", 0): "区城管委",
                                           ("row_deadline", 0): "2032-10-31"},
                        heads={"title": "2032年区政府折子工程", "year": "2032", "org": "东城区政府"})
    done = office.submit("/import/confirm", form)
    assert done.status_code == 303, done.text
    with session_scope(demo.database_url) as s:
        plan = s.scalar(select(Plan).where(Plan.year == 2032))
        assert [t.content for t in plan.tasks] == ["建成智慧停车场3处"]


def test_bad_cell_is_refused_in_chinese_and_nothing_typed_is_lost(demo, login):
    office = login(demo.account("admin"))
    page = office.post("/import", data={"csrf_token": office.csrf(), "text": "1. 建设口袋公园8处（责任单位：区园林绿化局）"})
    form = confirm_form(page.text, cells={("row_deadline", 0): "明年某天", ("content", 0): "建设口袋公园8处，我改过"})
    answer = office.submit("/import/confirm", form)
    assert answer.status_code == 400
    assert "完成时限“明年某天”不是日期" in answer.text
    assert "建设口袋公园8处，我改过" in answer.text
    with session_scope(demo.database_url) as s:
        assert s.scalar(select(Task.id).where(Task.content.like("建设口袋公园%"))) is None


def test_reporters_cannot_import(demo, login):
    reporter = login(demo.account("reporter"))
    assert reporter.get("/import").status_code == 403


def test_a_corrected_table_keeps_the_status_its_source_printed(demo, login, tmp_path):
    """Correcting a cell does not drop the 是否达序 verdict: the task is confirmed with basis 来源文件."""
    from factories.documents import Table, write

    table = Table([["序号", "民生实事", "牵头单位", "1-11月推进情况", "是否达序"],
                   ["1", "新建口袋公园5个。", "区园林局", "已建成口袋公园4个。", "是"],
                   ["2", "改造老旧小区10个。", "区住建局", "已完成改造3个。", "否"]])
    path = write(tmp_path / "推进情况.docx", ["2031年民生实事推进情况(1-11月)", table])
    office = login(demo.account("admin"))
    page = office.post("/import", data={"csrf_token": office.csrf(), "org": "东城区政府"},
                       files={"file": (path.name, path.read_bytes(), "application/octet-stream")})
    assert page.status_code == 200
    done = office.submit("/import/confirm", confirm_form(page.text, cells={("units", 1): "区房管局"}))
    assert done.status_code == 303, done.text
    with session_scope(demo.database_url) as s:
        plan_id = s.scalar(select(Task.plan_id).where(Task.content == "改造老旧小区10个。"))
    rows = {t["seq"]: t for t in office.get(f"/open?plan_id={plan_id}&format=json").json()["tasks"]}
    assert (rows[1]["status"], rows[1]["basis"]) == ("on_track", "source")
    assert (rows[2]["status"], rows[2]["basis"]) == ("behind", "source")
