"""Excel workbooks for finance teams: a sheet per table, numbers kept as numbers with £ formats.

Cells are made safe here (by the rule in `cells`, shared with the CSV writer): text is always
written as text, never as a formula or a link, and a text column holding any text that a
spreadsheet would read as a formula if retyped (=, +, -, @, a tab or a carriage return first) is
quote-prefixed, so that text stays text when edited. The writer is rust_xlsxwriter (through
rustpy-xlsxwriter): it reads a polars table column by column and streams rows to the file, about
ten times as fast as a cell-by-cell Python writer (benchmarks/consult_results.py). Its formats are
set per column, so the quote prefix is too: a cell shows the same either way; only Excel's formula
bar shows the apostrophe.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import polars as pl
from rustpy_xlsxwriter import FastExcel, Format

from townhall.reports.cells import FORMULA_PATTERN, starts_like_formula
from townhall.reports.files import atomic_path

_FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_MONEY = "£#,##0.00;[Red]-£#,##0.00"
_PERCENT = "0.0%;[Red]-0.0%"
_COUNT = "#,##0"
_DATE = "d mmmm yyyy"
_DATETIME = "d mmmm yyyy hh:mm"
_WIDEST_COLUMN = 80
_LONGEST_TEXT = 32_767  # Excel's limit for one cell; longer text is cut there, as Excel would
_INFINITE = "infinite"  # written for an infinite number (and "-infinite")
# What the writer takes as it is; a column of any other type is written as the text of each value.
_NATIVE = (pl.String, pl.Boolean, pl.Date, pl.Datetime)


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
    The file is written whole or not at all."""
    with atomic_path(path) as temporary:
        _save(temporary, sheets, _kinds(money, percent, counts))
    return Path(path)


def workbook_bytes(
    sheets: Mapping[str, pl.DataFrame],
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
    counts: Iterable[str] = (),
) -> bytes:
    """The same workbook as `write_workbook`, as bytes (for a web download)."""
    buffer = io.BytesIO()
    _save(buffer, sheets, _kinds(money, percent, counts))
    return buffer.getvalue()


def _kinds(money: Iterable[str], percent: Iterable[str], counts: Iterable[str]) -> dict[str, str]:
    kinds = dict.fromkeys(money, _MONEY)
    kinds.update(dict.fromkeys(percent, _PERCENT))
    kinds.update(dict.fromkeys(counts, _COUNT))
    return kinds


def _save(
    target: Path | BinaryIO, sheets: Mapping[str, pl.DataFrame], kinds: Mapping[str, str]
) -> None:
    workbook = FastExcel(target).format(inf_value=_INFINITE).freeze(row=1)
    for title, table in sheets.items():
        _write_sheet(workbook, sheet_name(title), table, kinds)
    workbook.save()


def _write_sheet(
    workbook: FastExcel, title: str, table: pl.DataFrame, kinds: Mapping[str, str]
) -> None:
    """Add one table as a sheet: a bold header row, frozen and filtered, each column formatted
    and sized for what it holds; empty cells are left empty."""
    cells = table.select(_as_cells(table.get_column(name)) for name in table.columns)
    header = _top().set_bold().set_background_color("#F3F2F1").set_text_wrap()
    if any(starts_like_formula(name) for name in table.columns):
        header = header.set_quote_prefix()
    workbook.sheet(
        title,
        cells,
        header_format=header,
        column_formats=[_column_format(cells.get_column(name), kinds) for name in cells.columns],
        column_widths=[_width(cells.get_column(name)) for name in cells.columns],
        autofilter=cells.height > 0,
    )


def _as_cells(values: pl.Series) -> pl.Series:
    """The column as the writer should take it: text cut to Excel's limit, a time zone's wall
    clock kept (as a spreadsheet has no zones), any other type as the text of each value."""
    if values.dtype == pl.String:
        return values.str.slice(0, _LONGEST_TEXT)
    if isinstance(values.dtype, pl.Datetime) and values.dtype.time_zone is not None:
        return values.dt.replace_time_zone(None)
    if (values.dtype.is_numeric() and not values.dtype.is_decimal()) or values.dtype in _NATIVE:
        return values
    shown = [None if value is None else str(value)[:_LONGEST_TEXT] for value in values]
    return pl.Series(values.name, shown, dtype=pl.String)


def _top() -> Format:
    return Format().set_align("top")


def _column_format(values: pl.Series, kinds: Mapping[str, str]) -> Format:
    """One column's cell format: its number format if it has one, dates as dates, text wrapped
    (and quote-prefixed if any of it starts like a formula), everything aligned to the top."""
    kind = kinds.get(values.name)
    if values.dtype == pl.String:
        text = _top().set_text_wrap()
        return text.set_quote_prefix() if values.str.contains(FORMULA_PATTERN).any() else text
    if kind is not None and values.dtype.is_numeric():
        return _top().set_num_format(kind)
    if values.dtype == pl.Date:
        return _top().set_num_format(_DATE)
    if isinstance(values.dtype, pl.Datetime):
        return _top().set_num_format(_DATETIME)
    return _top()


def _width(values: pl.Series) -> int:
    """Roughly how many characters wide the column should be to show its heading and cells."""
    heading = min(max(len(values.name), 8), 40)
    return min(max(heading, _shown_width(values)) + 2, _WIDEST_COLUMN)


def _shown_width(values: pl.Series) -> int:
    """Roughly how many characters wide the column's widest cell shows (an infinite number's
    text is narrower than any column's heading allows)."""
    if values.dtype == pl.String:
        longest = values.str.split("\n").list.eval(pl.element().str.len_chars()).list.max().max()
        return longest if isinstance(longest, int) else 0
    if values.dtype == pl.Boolean:
        return 5
    if values.dtype == pl.Date:
        return 16
    if isinstance(values.dtype, pl.Datetime):
        return 20
    finite = values.filter(values.is_finite()) if values.dtype.is_float() else values
    largest = finite.abs().max()
    return len(f"{largest:,.2f}") + 2 if isinstance(largest, int | float) else 0
