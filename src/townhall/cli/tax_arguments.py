"""Arguments and options several `townhall tax` commands share, and loading a caseload for them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from townhall.cli.output import console
from townhall.problems import InvalidInputError, Problem

if TYPE_CHECKING:
    from datetime import date

    from townhall.tax.claims.caseload import Caseload
from townhall.tax.claims.extract import ExtractOptions, read_mapping
from townhall.tax.synthetic import synthetic_caseload

RegionOption = Annotated[
    str | None, typer.Option(help="Only this English region, e.g. London, 'North West'.")
]
AuthorityClassOption = Annotated[
    str | None,
    typer.Option(
        "--class",
        help="Only this class: london_borough, metropolitan_district, unitary, shire_district.",
    ),
]
SchemeArgument = Annotated[
    str, typer.Argument(help="A bundled scheme name (see `townhall tax schemes`) or a .toml file.")
]
CaseloadOption = Annotated[
    Path | None,
    typer.Option(
        "--caseload",
        help="A caseload file (.csv, .parquet, .xlsx); default: the synthetic Birmingham caseload.",
    ),
]
NonDependantsOption = Annotated[
    Path | None,
    typer.Option(
        "--non-dependants",
        help="A file of non-dependants, one row each, joined to the caseload by claim_id "
        "(see docs/caseload.md).",
    ),
]
MappingOption = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        help="A TOML file mapping the extract's column names to Townhall's ([columns] "
        '"Claim Ref" = "claim_id"); see docs/caseload.md.',
    ),
]
SheetOption = Annotated[
    str | None, typer.Option("--sheet", help="The workbook's sheet to read (default: the first).")
]
HeaderRowOption = Annotated[
    int, typer.Option("--header-row", min=1, help="The workbook row holding the column names.")
]
SeedOption = Annotated[
    int, typer.Option(help="Seed of the synthetic caseload (same seed, same claims).")
]


def load_caseload(
    path: Path | None,
    seed: int,
    non_dependants: Path | None = None,
    options: ExtractOptions | None = None,
) -> Caseload:
    """Read a caseload file (and its non-dependants) with a progress bar, or make the synthetic
    one; every problem in both files is listed at once."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from townhall.tax.claims.caseload import Caseload, read_table

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        if path is None:
            if non_dependants is not None:
                raise InvalidInputError(
                    [
                        Problem(
                            str(non_dependants),
                            "--non-dependants",
                            str(non_dependants),
                            "a --caseload file for the non-dependants to belong to",
                        )
                    ]
                )
            progress.add_task("Making the synthetic Birmingham caseload…", total=None)
            return synthetic_caseload("birmingham-2013", seed=seed)
        size = path.stat().st_size if path.exists() else None
        task = progress.add_task(f"Reading {path.name}", total=size)
        options = options or ExtractOptions()
        raw = read_table(
            path,
            lambda done, total: progress.update(task, completed=done, total=total),
            options.sheet,
            options.header_row,
        )
        others = None if non_dependants is None else read_table(non_dependants, rows_needed=None)
        progress.update(task, description=f"Checking {raw.height:,} claims", completed=size)
        return Caseload.from_frame(raw, str(path), others, str(non_dependants), options)


def extract_options(
    mapping: Path | None, sheet: str | None, header_row: int, ages_at: date
) -> ExtractOptions:
    """How to read a council's extract, from the command's options."""
    return ExtractOptions(
        mapping=read_mapping(mapping) if mapping else {},
        sheet=sheet,
        header_row=header_row,
        ages_at=ages_at,
    )
