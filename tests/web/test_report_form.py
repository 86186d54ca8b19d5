"""The report form (TestClient): three parts, Chinese errors beside the field with the text kept,
沿用上期 instead of a silent prefill, 佐证材料 checked by content and visible to reviewers."""
from __future__ import annotations

import io
import re

from docx import Document as DocxDocument
from sqlalchemy import select

from duban.store.db import session_scope
from duban.store.models import ProgressReport, ReportAttachment
from duban.work.blobs import BlobStore, default_blob_dir


def task_with(demo, reporter, *, targets: bool = False, previous: bool = False):
    """(round_id, task_id) of one of the reporter's open tasks with a target and/or last round's text."""
    [group] = reporter.get("/my?format=json").json()
    for t in group["tasks"]:
        form = reporter.get(f"/my/{group['round_id']}/{t['task_id']}?format=json").json()
        if (not targets or form["targets"]) and (not previous or form["previous_items"]):
            return group["round_id"], t["task_id"], form
    raise AssertionError("no such task in the demo")


def small_docx() -> bytes:
    doc = DocxDocument()
    doc.add_paragraph("签约现场照片说明")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_wrong_numbers_come_back_in_chinese_beside_the_field_with_everything_kept(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id, form = task_with(demo, reporter, targets=True)
    target = form["targets"][0]["target_id"]
    answer = reporter.submit(f"/my/{round_id}/{task_id}", {
        "item": ["完成签约1500户。", "正在推进修缮。"], "problems": "资金拨付慢", "plans": "四季度完成验收",
        "percent": "120", f"achievement_{target}": "八十多", "base_version": "0", "action": "submit"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    html = answer.text
    assert "完成值“八十多”不是数字" in html and "完成百分比不能超过100" in html
    assert 'id="err-percent"' in html and f'id="err-achievement_{target}"' in html
    for typed in ("完成签约1500户。", "正在推进修缮。", "资金拨付慢", "四季度完成验收", "八十多"):
        assert typed in html
    assert "String should" not in html and '{"detail"' not in html
    with session_scope(demo.database_url) as s:
        assert s.scalar(select(ProgressReport.id).where(ProgressReport.task_id == task_id,
                                                        ProgressReport.round_id == round_id)) is None


def test_three_parts_and_numbers_as_people_type_them_are_stored(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id, form = task_with(demo, reporter, targets=True)
    target = form["targets"][0]["target_id"]
    saved = reporter.submit(f"/my/{round_id}/{task_id}", {
        "item": ["完成签约1500户。"], "problems": "资金拨付慢\n手续多", "plans": "四季度完成验收",
        "percent": "80%", f"achievement_{target}": "1,500", "base_version": "0", "action": "submit"})
    assert saved.status_code == 303, saved.text
    with session_scope(demo.database_url) as s:
        report = s.scalar(select(ProgressReport).where(ProgressReport.task_id == task_id,
                                                       ProgressReport.round_id == round_id))
        assert report.sections == {"problems": ["资金拨付慢", "手续多"], "plans": ["四季度完成验收"], "percent": 80.0}
        assert report.achievements[0]["value"] == 1500.0 and report.state == "submitted"
    office = login(demo.account("admin"))
    review = office.get(f"/review/{report.id}").text
    assert "存在问题" in review and "手续多" in review and "四季度完成验收" in review and "80%" in review


def test_last_round_is_shown_read_only_and_never_prefilled(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id, form = task_with(demo, reporter, previous=True)
    html = reporter.get(f"/my/{round_id}/{task_id}").text
    assert "上期报送的进展" in html and "沿用上期" in html
    first_previous = form["previous_items"][0]
    areas = re.findall(r'<textarea name="item"[^>]*>([^<]*)</textarea>', html)
    assert areas == [""], "the form starts empty; last round's text is only offered"
    assert first_previous[:10] in html


def test_evidence_is_checked_stored_by_hash_and_visible_to_the_office_only(demo, login):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id, _ = task_with(demo, reporter)
    fake = reporter.post(f"/my/{round_id}/{task_id}", data={
        "item": ["已完成。"], "base_version": "0", "action": "save", "csrf_token": reporter.csrf()},
        files=[("attachment", ("照片.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"))])
    assert fake.status_code == 400 and "“照片.pdf”不是 PDF、图片" in fake.text and "已完成。" in fake.text
    data = small_docx()
    ok = reporter.post(f"/my/{round_id}/{task_id}", data={
        "item": ["已完成。"], "base_version": "0", "action": "save", "csrf_token": reporter.csrf()},
        files=[("attachment", ("说明.docx", data, "application/octet-stream"))], follow_redirects=False)
    assert ok.status_code == 303, ok.text
    with session_scope(demo.database_url) as s:
        row = s.scalar(select(ReportAttachment).where(ReportAttachment.task_id == task_id))
    assert BlobStore(default_blob_dir(demo.database_url)).get(row.sha256) == data
    assert "说明.docx" in reporter.get(f"/my/{round_id}/{task_id}").text
    assert reporter.get(f"/attachments/{row.id}").content == data
    reporter.submit(f"/my/{round_id}/{task_id}", {"item": ["已完成。"], "base_version": "1", "action": "submit"})
    with session_scope(demo.database_url) as s:
        report_id = s.scalar(select(ProgressReport.id).where(ProgressReport.task_id == task_id,
                                                             ProgressReport.round_id == round_id)
                             .order_by(ProgressReport.id.desc()).limit(1))
    office = login(demo.account("admin"))
    assert "说明.docx" in office.get(f"/review/{report_id}").text
    assert office.get(f"/attachments/{row.id}").content == data
    stranger = login(demo.account("reporter", "区财政局"))
    assert stranger.get(f"/attachments/{row.id}").status_code == 404


def test_an_expired_login_answers_with_a_page_that_leads_back_not_json(demo, login, client):
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id, _ = task_with(demo, reporter)
    url = f"/my/{round_id}/{task_id}"
    logged_out = client.submit(url, {"item": ["写了很久的内容"], "base_version": "0", "action": "save"})
    assert logged_out.status_code == 401 and logged_out.headers["content-type"].startswith("text/html")
    assert "请重新登录" in logged_out.text and f"/login?next={url}" in logged_out.text
    stale = reporter.post(url, data={"item": ["写了很久的内容"], "base_version": "0", "action": "save",
                                     "csrf_token": "from-a-page-opened-before"}, follow_redirects=False)
    assert stale.status_code == 403 and "恢复" in stale.text and '{"detail"' not in stale.text
    api = reporter.post(url, json={"item": []}, follow_redirects=False)
    assert api.headers["content-type"].startswith("application/json")


def test_suggested_amounts_are_the_assessment_engines_reading(demo, login):
    """The 完成值 hints come from the reading that suggests the status, shown as a hint, never filled in."""
    reporter = login(demo.account("reporter", "区发改委"))
    round_id, task_id, form = task_with(demo, reporter, targets=True)
    text = "申请式退租已完成签约690户。修缮已完成300户。"
    saved = reporter.submit(f"/my/{round_id}/{task_id}", {"item": [text], "base_version": "0", "action": "draft"})
    assert saved.status_code == 303, saved.text
    after = reporter.get(f"/my/{round_id}/{task_id}?format=json").json()
    hints = [t["suggested"] for t in after["targets"]]
    assert 690 in hints and all(t["value"] is None for t in after["targets"])  # a hint, not a value
    from duban.store.models import Task
    from duban.work.rounds import target_inputs
    from duban.work.status import read_progress, target_amounts
    with session_scope(demo.database_url) as s:
        targets = target_inputs(s.get(Task, task_id))
        assert hints == list(target_amounts(targets, read_progress(targets, [text])))
    page = reporter.get(f"/my/{round_id}/{task_id}").text
    assert "从进展文字读出 690" in page
