"""Arguments and printing shared by the `townhall deals` commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from townhall.cli.output import UserError

if TYPE_CHECKING:
    import polars as pl

    from townhall.deals.rubric import Criterion, Rubric

RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        envvar="TOWNHALL_DEALS_REGISTER",
        help="The register folder (default: the bundled wave-one and wave-two register).",
    ),
]
DealArgument = Annotated[str, typer.Argument(help="The deal's id, e.g. leeds.")]


def register_folder(register: Path | None) -> Path:
    """The register named by --register, or the bundled one."""
    from townhall.deals.register import bundled_register

    return register if register is not None else bundled_register()


def writable_register(register: Path | None) -> Path:
    """The register to write to; the bundled one is read-only."""
    from townhall.deals.register import is_bundled

    folder = register_folder(register)
    if is_bundled(folder):
        raise UserError(
            "The bundled register is read-only. Make a copy to work on with "
            "`townhall deals init FOLDER`, then pass --register FOLDER."
        )
    return folder


def wrapped_table(frame: pl.DataFrame, title: str) -> Any:
    """A table whose long text columns wrap to the terminal; empty values as '—'."""
    from rich.table import Table

    table = Table(title=title)
    for column in frame.columns:
        table.add_column(
            column.replace("_", " "), overflow="fold", no_wrap=column == frame.columns[0]
        )
    for row in frame.iter_rows():
        table.add_row(*("—" if value is None else escape(str(value)) for value in row))
    return table


def criterion_of(rubric: Rubric, key: str) -> Criterion:
    """The rubric's criterion with this key, or a clear error naming the keys there are."""
    try:
        return rubric.criterion(key)
    except KeyError:
        raise UserError(
            f"No criterion {key!r}: expected one of {', '.join(rubric.keys)}."
        ) from None
