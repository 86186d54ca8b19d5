"""导出 buttons (TestClient): the files are those the commands write, readable by Word/Excel libraries."""
from __future__ import annotations

import io
from urllib.parse import unquote

from docx import Document as DocxDocument
from openpyxl import load_workbook
from typer.testing import CliRunner

from duban.cli import app as cli_app


def first_round(office) -> dict:
    return office.get("/rounds?format=json").json()[0]


def test_round_table_is_the_file_duban_export_writes(demo, login, tmp_path, monkeypatch):
    office = login(demo.account("admin"))
    rnd = first_round(office)
    page = office.get(f"/rounds/{rnd['id']}")
    assert f'/rounds/{rnd["id"]}/export?format=docx' in page.text and f'/rounds/{rnd["id"]}/notice' in page.text
    answer = office.get(f"/rounds/{rnd['id']}/export?format=xlsx")
    assert answer.status_code == 200
    assert "进展情况表.xlsx" in unquote(answer.headers["content-disposition"])
    sheet = load_workbook(io.BytesIO(answer.content)).active
    web_rows = [[c.value for c in row] for row in sheet.iter_rows()]
    monkeypatch.setenv("DUBAN_DATABASE_URL", demo.database_url)
    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(cli_app, ["export", "--plan", str(rnd["plan_id"]), "--round", str(rnd["id"]),
                                          "-o", str(out)])
    assert result.exit_code == 0, result.output
    cli_rows = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    assert web_rows == cli_rows and len(web_rows) > 3


def test_notice_and_word_table_open_as_documents(demo, login):
    office = login(demo.account("admin"))
    rnd = first_round(office)
    notice = office.get(f"/rounds/{rnd['id']}/notice")
    assert notice.status_code == 200
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(notice.content)).paragraphs)
    assert "共" in text and "项任务" in text
    table = office.get(f"/rounds/{rnd['id']}/export?format=docx")
    assert DocxDocument(io.BytesIO(table.content)).tables


def test_filtered_task_list_exports_only_the_filtered_tasks(demo, login):
    office = login(demo.account("admin"))
    listing = office.get("/tasks?format=json&q=退租").json()
    assert 0 < listing["total"] < 20
    page = office.get("/tasks?q=退租")
    assert "导出筛选结果" in page.text
    csv = office.get("/tasks/export?q=退租&format=csv")
    assert csv.status_code == 200
    body = csv.content.decode("utf-8-sig")
    assert "退租" in body
    data_lines = [line for line in body.splitlines() if line.strip()]
    assert len(data_lines) >= listing["total"]
    everything = office.get("/tasks/export?format=csv").content.decode("utf-8-sig")
    assert len(everything) > len(body)


def test_reporters_cannot_download_tables(demo, login):
    reporter = login(demo.account("reporter"))
    rnd_id = reporter.get("/my?format=json").json()[0]["round_id"]
    assert reporter.get(f"/rounds/{rnd_id}/export?format=csv").status_code == 403
