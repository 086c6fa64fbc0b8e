"""CSV files a spreadsheet can open safely: text cells made inert (see `cells`), numbers as numbers,
written whole or not at all. The one CSV writer every command and export uses."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

from townhall.reports.cells import FORMULA_PATTERN, QUOTE, inert_text
from townhall.reports.files import atomic_path


def csv_cell(value: object) -> str | int | float:
    """One value as a CSV cell: numbers unchanged, nothing as empty, anything else as inert text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    return inert_text(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header and rows as CSV text, every text cell inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def inert_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The table with every text column's formula-like cells (and column names) made inert."""
    text_columns = [
        name
        for name, kind in frame.schema.items()
        if kind == pl.String or isinstance(kind, pl.Categorical | pl.Enum)
    ]
    inert = frame.with_columns(
        pl.when(pl.col(name).cast(pl.String).str.contains(FORMULA_PATTERN))
        .then(pl.lit(QUOTE) + pl.col(name).cast(pl.String))
        .otherwise(pl.col(name).cast(pl.String))
        .alias(name)
        for name in text_columns
    )
    return inert.rename({name: inert_text(name) for name in frame.columns})


def frame_csv_text(frame: pl.DataFrame) -> str:
    """A table as CSV text (for a download), text made inert."""
    return inert_frame(frame).write_csv()


def write_csv(frame: pl.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV, text made inert, atomically: whole or not at all."""
    with atomic_path(path) as temporary:
        inert_frame(frame).write_csv(temporary)
    return Path(path)


def write_csv_text(
    header: Sequence[str], rows: Iterable[Sequence[object]], path: str | Path
) -> Path:
    """Write a header and rows as UTF-8 CSV, text made inert, atomically."""
    with atomic_path(path) as temporary:
        temporary.write_text(csv_text(header, rows), encoding="utf-8")
    return Path(path)
