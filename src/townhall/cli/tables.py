"""Printing polars tables on the terminal with rich: money in whole pounds, counts with commas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl


def rich_table(frame: pl.DataFrame, title: str, money: tuple[str, ...]) -> Any:
    """A polars table as a rich table: money in whole pounds, counts with separators."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    from townhall.reports.formats import number, whole_pounds

    cells = [
        [whole_pounds(v) if k in money else number(v) for k, v in row.items()]
        for row in frame.iter_rows(named=True)
    ]
    table = Table(title=title, box=SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for index, column in enumerate(frame.columns):
        heading = column.removesuffix("_yearly").replace("_", " ")
        widest = max([len(heading)] + [len(row[index]) for row in cells])
        table.add_column(
            heading,
            justify="right" if frame.schema[column].is_numeric() else "left",
            no_wrap=True,
            min_width=widest,
        )
    for row in cells:
        table.add_row(*row)
    return table
