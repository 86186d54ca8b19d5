"""The five formats give the same tasks as the text: tables rebuilt from the gold labels.

Each table seed is typed back into a real .docx, .xlsx, .pdf (reportlab, ruled,
header repeated on each page) and .html page (navigation, breadcrumb, footer
around the table), the way an office publishes it. Parsing the file must give
the tasks, units, progress items and targets of the seed's text and of the gold.
"""
from __future__ import annotations

import pytest
from factories.documents import write
from factories.seed_tables import PERFORMANCE_HEADERS, PROGRESS_HEADERS, SAMPLES, gold, seed_document

from duban.parse import parse_file

TABLE_SEEDS = [*PROGRESS_HEADERS, *PERFORMANCE_HEADERS]
TABLE_FORMATS = [".docx", ".xlsx", ".pdf", ".html"]
REPORT_SEED = "001_801dfeba01577b93"


def task_summary(doc: dict) -> list[tuple]:
    """What a user checks per task: number, ref, units, item and goal counts, targets (value, unit)."""
    return [(t["seq"], t["ref"], t["units"], len(t["progress"]), len(t["goals"]),
             [(q["value"], q["unit"]) for q in t["targets"]]) for t in doc["tasks"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build and parse each (seed, format) once; PDFs take a second or two."""
    folder = tmp_path_factory.mktemp("formats")
    cache: dict[tuple[str, str], object] = {}

    def get(name: str, suffix: str):
        if (name, suffix) not in cache:
            items = seed_document(name)
            cache[(name, suffix)] = parse_file(write(folder / f"{name}{suffix}", items))
        return cache[(name, suffix)]
    return get


@pytest.fixture(scope="module")
def from_text():
    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = parse_file(SAMPLES / f"{name}.txt")
        return cache[name]
    return get


@pytest.mark.parametrize("suffix", TABLE_FORMATS)
@pytest.mark.parametrize("name", TABLE_SEEDS)
def test_table_matches_text(name, suffix, built, from_text):
    doc, text = built(name, suffix).to_dict(), from_text(name).to_dict()
    assert doc["kind"] == text["kind"]
    assert [t["seq"] for t in doc["tasks"]] == [t["seq"] for t in text["tasks"]]
    assert task_summary(doc) == task_summary(text)


@pytest.mark.parametrize("suffix", TABLE_FORMATS)
@pytest.mark.parametrize("name", TABLE_SEEDS)
def test_table_matches_gold(name, suffix, built):
    doc, expected = built(name, suffix).to_dict(), gold(name)
    assert doc["kind"] == expected["kind"]
    assert [t["seq"] for t in doc["tasks"]] == [t["seq"] for t in expected["tasks"]]
    assert task_summary(doc) == task_summary(expected)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_work_report_matches_text(suffix, built, from_text):
    doc, text = built(REPORT_SEED, suffix), from_text(REPORT_SEED)
    assert doc.kind == text.kind == "work_report"
    assert [(i.name, i.value, i.unit) for i in doc.indicators] == [(i.name, i.value, i.unit) for i in text.indicators]
    assert [(q.value, q.unit) for q in doc.commitments] == [(q.value, q.unit) for q in text.commitments]
    assert len(doc.commitments) > 10


@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory):
    """The Word files turned into PDF by LibreOffice: another producer's layout (row splits, padding, kerning)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("office")
    sources = [write(folder / f"{name}.docx", seed_document(name)) for name in [*TABLE_SEEDS, REPORT_SEED]]
    profile = folder / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, sources)], check=True, capture_output=True, timeout=300)
    return lambda name: parse_file(folder / f"{name}.pdf")


@pytest.mark.parametrize("name", [
    *PROGRESS_HEADERS,
    *PERFORMANCE_HEADERS,  # LibreOffice splits goal rows across pages: the rest of a goal continues it
])
def test_libreoffice_pdf_matches_gold(name, office_pdfs):
    doc, expected = office_pdfs(name).to_dict(), gold(name)
    assert task_summary(doc) == task_summary(expected)


def test_libreoffice_pdf_work_report_matches_text(office_pdfs, from_text):
    doc, text = office_pdfs(REPORT_SEED), from_text(REPORT_SEED)
    assert [(i.name, i.value, i.unit) for i in doc.indicators] == [(i.name, i.value, i.unit) for i in text.indicators]
    assert [(q.value, q.unit) for q in doc.commitments] == [(q.value, q.unit) for q in text.commitments]
