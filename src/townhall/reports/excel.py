"""Excel workbooks for finance teams: a sheet per table, numbers kept as numbers with £ formats.

Cells are made safe here (by the rule in `cells`, shared with the CSV writer): text is always
written as text, never as a formula or a link, and text that a spreadsheet would read as a formula
if retyped (=, +, -, @, a tab or a carriage return first) is marked with a quote prefix so it stays
text when edited.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from townhall.reports.cells import starts_like_formula
from townhall.reports.files import atomic_path

_FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_MONEY = "£#,##0.00;[Red]-£#,##0.00"
_PERCENT = "0.0%;[Red]-0.0%"
_COUNT = "#,##0"
_DATE = "d mmmm yyyy"
_DATETIME = "d mmmm yyyy hh:mm"
_WIDEST_COLUMN = 80
_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def sheet_name(title: str) -> str:
    """A valid Excel sheet name: at most 31 characters, none of []:*?/\\."""
    return _FORBIDDEN_IN_SHEET_NAMES.sub("-", title)[:31]


def write_workbook(
    path: str | Path,
    sheets: Mapping[str, pl.DataFrame],
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
    counts: Iterable[str] = (),
) -> Path:
    """Write each DataFrame to its own sheet: `money` columns as £#,##0.00, `percent` columns
    (fractions) as percentages, `counts` as whole numbers with separators; text always as text.

    Rows are streamed to the file as they are written (xlsxwriter's constant-memory mode), so a
    sheet of a million cells neither waits on nor holds them all.
    """
    with (
        atomic_path(path) as temporary,
        Workbook(str(temporary), {**_OPTIONS, "constant_memory": True}) as workbook,
    ):
        _fill(workbook, sheets, _kinds(money, percent, counts))
    return Path(path)


def workbook_bytes(
    sheets: Mapping[str, pl.DataFrame],
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
    counts: Iterable[str] = (),
) -> bytes:
    """The same workbook as `write_workbook`, as bytes (for a web download)."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "workbook.xlsx", sheets, money, percent, counts)
        return path.read_bytes()


def _kinds(money: Iterable[str], percent: Iterable[str], counts: Iterable[str]) -> dict[str, str]:
    kinds = dict.fromkeys(money, _MONEY)
    kinds.update(dict.fromkeys(percent, _PERCENT))
    kinds.update(dict.fromkeys(counts, _COUNT))
    return kinds


def _fill(workbook: Workbook, sheets: Mapping[str, pl.DataFrame], kinds: dict[str, str]) -> None:
    styles = _Styles(workbook)
    for title, table in sheets.items():
        _write_sheet(workbook.add_worksheet(sheet_name(title)), table, kinds, styles)


class _Styles:
    """The workbook's cell formats, made once each."""

    def __init__(self, workbook: Workbook) -> None:
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#F3F2F1", "text_wrap": True, "valign": "top"}
        )
        self.text = workbook.add_format({"valign": "top", "text_wrap": True})
        self.quoted = workbook.add_format(
            {"valign": "top", "text_wrap": True, "quote_prefix": True}
        )
        self.date = workbook.add_format({"num_format": _DATE, "valign": "top"})
        self.datetime = workbook.add_format({"num_format": _DATETIME, "valign": "top"})
        self.plain = workbook.add_format({"valign": "top"})
        self._numbers: dict[str, Format] = {}
        self._workbook = workbook

    def number(self, number_format: str) -> Format:
        if number_format not in self._numbers:
            self._numbers[number_format] = self._workbook.add_format(
                {"num_format": number_format, "valign": "top"}
            )
        return self._numbers[number_format]


def _write_sheet(
    sheet: Worksheet, table: pl.DataFrame, kinds: Mapping[str, str], styles: _Styles
) -> None:
    """Write the table row by row (as constant-memory mode needs); empty cells are left empty."""
    widths = [min(max(len(str(name)), 8), 40) for name in table.columns]
    for column, name in enumerate(table.columns):
        write_text(sheet, 0, column, str(name), styles, styles.header)
    writers = []
    for column, name in enumerate(table.columns):
        number_format = kinds.get(name)
        style = styles.number(number_format) if number_format else styles.plain
        values = table.get_column(name)
        writers.append(_column_writer(values, style, styles))
        widths[column] = max(widths[column], _shown_width(values))
    for row, cells in enumerate(table.iter_rows(), start=1):
        for column, value in enumerate(cells):
            if value is not None:
                shown = writers[column](sheet, row, column, value)
                if shown > widths[column]:
                    widths[column] = shown
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(width + 2, _WIDEST_COLUMN))
    sheet.freeze_panes(1, 0)
    if table.height:
        sheet.autofilter(0, 0, table.height, max(table.width - 1, 0))


def _column_writer(
    values: pl.Series, style: Format, styles: _Styles
) -> Callable[[Worksheet, int, int, Any], int]:
    """How to write one cell of this column: whole numbers and text straight to their writer
    (their width is measured for the whole column at once), anything else by its type."""

    def number(sheet: Worksheet, row: int, column: int, value: Any) -> int:
        sheet.write_number(row, column, value, style)
        return 0

    def text(sheet: Worksheet, row: int, column: int, value: Any) -> int:
        sheet.write_string(
            row, column, value, styles.quoted if starts_like_formula(value) else styles.text
        )
        return 0

    def other(sheet: Worksheet, row: int, column: int, value: Any) -> int:
        return _write_cell(sheet, row, column, value, style, styles)

    if values.dtype.is_integer():
        return number
    return text if values.dtype == pl.String else other


def _shown_width(values: pl.Series) -> int:
    """Roughly how many characters wide a column of whole numbers or text shows (0 for others,
    whose cells are measured as they are written)."""
    if values.dtype.is_integer():
        largest = values.abs().max()
        return len(f"{largest:,.2f}") + 2 if isinstance(largest, int | float) else 0
    if values.dtype == pl.String:
        longest = values.str.split("\n").list.eval(pl.element().str.len_chars()).list.max().max()
        return longest if isinstance(longest, int) else 0
    return 0


def _write_cell(
    sheet: Worksheet, row: int, column: int, value: Any, style: Format, styles: _Styles
) -> int:
    """Write one value as what it is; return roughly how many characters wide it shows."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        sheet.write_blank(row, column, None, style)
        return 0
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value, styles.plain)
        return 5
    if isinstance(value, int | float):
        if math.isinf(value):
            return write_text(sheet, row, column, "infinite", styles)
        sheet.write_number(row, column, value, style)
        return len(f"{value:,.2f}") + 2
    if isinstance(value, datetime):
        sheet.write_datetime(row, column, value.replace(tzinfo=None), styles.datetime)
        return 20
    if isinstance(value, date):
        sheet.write_datetime(row, column, datetime(value.year, value.month, value.day), styles.date)
        return 16
    return write_text(sheet, row, column, str(value), styles)


def write_text(
    sheet: Worksheet,
    row: int,
    column: int,
    text: str,
    styles: _Styles,
    style: Format | None = None,
) -> int:
    """Write text as text; text a spreadsheet would take for a formula gets a quote prefix."""
    if starts_like_formula(text):
        sheet.write_string(row, column, text, styles.quoted)
    else:
        sheet.write_string(row, column, text, style or styles.text)
    return max((len(line) for line in text.splitlines()), default=0)
