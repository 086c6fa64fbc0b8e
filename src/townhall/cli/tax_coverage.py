"""`townhall tax coverage`: every English billing authority and whether Townhall bundles its scheme."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from townhall.cli.output import UserError, console, user_errors
from townhall.cli.tax_arguments import AuthorityClassOption, RegionOption
from townhall.problems import InvalidInputError, Problem

if TYPE_CHECKING:
    from townhall.tax.authorities.register import Coverage


@user_errors
def coverage(
    region: RegionOption = None,
    klass: AuthorityClassOption = None,
    status: Annotated[
        str | None, typer.Option(help="Only this status: bundled, incomplete, 'not yet'.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
    output: Annotated[
        Path | None, typer.Option(help="Write the rows to this .csv or .json file.")
    ] = None,
) -> None:
    """List England's 296 billing authorities and whether each one's scheme is bundled."""
    from townhall.tax.authorities.register import (
        CLASSES,
        REGIONS,
        STATUSES,
        bundled_schemes,
        unmatched_schemes,
    )
    from townhall.tax.authorities.register import coverage as authority_coverage

    wanted_region, wanted_class, wanted_status = _choices(
        (region, REGIONS, "--region"), (klass, CLASSES, "--class"), (status, STATUSES, "--status")
    )
    if output is not None and output.suffix.lower() not in (".csv", ".json"):
        raise UserError(f"--output {output}: give a file ending .csv or .json.")
    schemes = bundled_schemes()
    rows = [
        row
        for row in authority_coverage(schemes)
        if (wanted_region is None or row.authority.region == wanted_region)
        and (wanted_class is None or row.authority.authority_class == wanted_class)
        and (wanted_status is None or row.status == wanted_status)
    ]
    records = [_record(row) for row in rows]
    if output is not None:
        from townhall.reports.files import atomic_path

        with atomic_path(output) as temporary:
            temporary.write_text(
                _as_json(records) if output.suffix.lower() == ".json" else _as_csv(records),
                encoding="utf-8",
            )
    if as_json:
        typer.echo(_as_json(records))
        return
    _print_table(rows)
    unmatched = unmatched_schemes(schemes)
    if unmatched:
        console.print(
            "Bundled schemes whose council names no English billing authority: "
            + ", ".join(unmatched)
        )
    if output is not None:
        console.print(f"Wrote {output}")


def _choices(*wanted: tuple[str | None, tuple[str, ...], str]) -> list[str | None]:
    """The choices a user meant (any case, spaces or underscores); every unknown one reported at
    once with the valid ones and the nearest."""
    from townhall.tax.authorities.catalogue import choice

    problems: list[Problem] = []
    chosen: list[str | None] = []
    for given, choices, option in wanted:
        try:
            chosen.append(choice(given, choices, option))
        except InvalidInputError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInputError(problems)
    return chosen


def _record(row: Coverage) -> dict[str, Any]:
    """One authority's row as plain data, for JSON and CSV."""
    return {
        "ons_code": row.authority.ons_code,
        "name": row.authority.name,
        "class": row.authority.authority_class,
        "region": row.authority.region,
        "status": row.status,
        "schemes": list(row.schemes),
        "year": row.year,
    }


def _as_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False)


def _as_csv(records: list[dict[str, Any]]) -> str:
    from townhall.reports.csv_files import csv_text

    header = ["ons_code", "name", "class", "region", "status", "schemes", "year"]
    rows = [
        [{**record, "schemes": ";".join(record["schemes"])}[name] for name in header]
        for record in records
    ]
    return csv_text(header, rows)


def _print_table(rows: list[Coverage]) -> None:
    """Counts by status, then one line an authority."""
    from rich.box import SIMPLE_HEAD
    from rich.markup import escape
    from rich.table import Table

    from townhall.tax.authorities.register import status_counts

    counts = status_counts(rows)
    console.print(
        f"{len(rows)} billing authorit{'y' if len(rows) == 1 else 'ies'}: "
        + ", ".join(f"{count} {name}" for name, count in counts.items())
    )
    table = Table(box=SIMPLE_HEAD, pad_edge=False)
    for column in ("name", "ONS code", "class", "region", "status", "scheme"):
        table.add_column(column, overflow="fold")
    for row in rows:
        scheme = ", ".join(row.schemes) + (f" ({row.year})" if row.year else "")
        table.add_row(
            escape(row.authority.name),
            row.authority.ons_code,
            row.authority.authority_class.replace("_", " "),
            row.authority.region,
            row.status,
            escape(scheme),
        )
    console.print(table)
