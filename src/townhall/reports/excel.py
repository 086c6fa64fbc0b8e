"""Excel workbooks for finance teams: a sheet per table, numbers kept as numbers with £ formats."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl
from xlsxwriter import Workbook

from townhall.reports.files import atomic_path

_FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_MONEY = "£#,##0.00;[Red]-£#,##0.00"
_PERCENT = "0.0%"


def sheet_name(title: str) -> str:
    """A valid Excel sheet name: at most 31 characters, none of []:*?/\\."""
    return _FORBIDDEN_IN_SHEET_NAMES.sub("-", title)[:31]


def write_workbook(
    path: str | Path,
    sheets: Mapping[str, pl.DataFrame],
    money: Iterable[str] = (),
    percent: Iterable[str] = (),
) -> Path:
    """Write each DataFrame to its own sheet; money as £#,##0.00 and fractions as percentages."""
    money_columns, percent_columns = set(money), set(percent)
    with atomic_path(path) as temporary, Workbook(str(temporary)) as workbook:
        for title, table in sheets.items():
            formats = {
                column: _MONEY if column in money_columns else _PERCENT
                for column in table.columns
                if column in money_columns | percent_columns
            }
            table.write_excel(
                workbook=workbook,
                worksheet=sheet_name(title),
                header_format={"bold": True, "bg_color": "#F3F2F1"},
                column_formats=formats,  # type: ignore[arg-type]
                autofit=True,
                table_style="Table Style Light 1",
            )
    return Path(path)
