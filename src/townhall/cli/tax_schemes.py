"""`townhall tax schemes`, `show` and `diff`: find the bundled schemes, read one with its sources,
and set two side by side, lever by lever and for a few standard households."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from townhall.cli.output import UserError, console, user_errors
from townhall.cli.tax_arguments import AuthorityClassOption, RegionOption

if TYPE_CHECKING:
    import polars as pl

    from townhall.tax.authorities.catalogue import Entry
    from townhall.tax.rules.scheme import Scheme
    from townhall.tax.rules.scheme_diff import SchemeDiff

SchemeOrCouncil = Annotated[
    str,
    typer.Argument(
        help="A bundled scheme (see `townhall tax schemes`), a .toml file, or a council's name or "
        "GSS code (its newest bundled scheme)."
    ),
]


@user_errors
def list_schemes(
    search: Annotated[
        str | None,
        typer.Argument(help="Part of a scheme's name, title or council's name, any case."),
    ] = None,
    region: RegionOption = None,
    klass: AuthorityClassOption = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Only income-banded schemes, or only means-tested ones."),
    ] = None,
    year: Annotated[str | None, typer.Option(help="Only this year: 2026 or 2026/27.")] = None,
    status: Annotated[
        str | None,
        typer.Option(help="complete, or incomplete (the file lists what it cannot state)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the schemes as JSON.")] = False,
) -> None:
    """List the bundled schemes: council, ONS code, region, class, year, kind and whether each is
    complete; filter them, or search by name."""
    from townhall.tax.authorities.catalogue import Filters, select

    filters = Filters.checked(region, klass, kind, year, status, search)
    entries = select(filters)
    if as_json:
        typer.echo(json.dumps([each.record() for each in entries], indent=2, ensure_ascii=False))
        return
    if not entries:
        console.print("No bundled scheme matches. `townhall tax schemes` lists them all.")
        return
    _print_entries(entries)


def _print_entries(entries: list[Entry]) -> None:
    from rich.box import SIMPLE_HEAD
    from rich.markup import escape
    from rich.table import Table

    table = Table(
        title=f"{len(entries)} bundled scheme{'s' if len(entries) != 1 else ''}",
        box=SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("scheme", "council", "ONS code", "region", "class", "year", "kind", "complete"):
        table.add_column(
            column, overflow="fold", no_wrap=column in ("scheme", "ONS code", "year", "kind")
        )
    for each in entries:
        table.add_row(
            each.name,
            escape(each.authority or each.council),
            each.ons_code or "",
            each.region or "",
            (each.authority_class or "").replace("_", " "),
            each.year,
            each.kind,
            "yes" if each.complete else f"no: {len(each.missing)} missing",
        )
    console.print(table)


@user_errors
def show(scheme: SchemeOrCouncil) -> None:
    """Show every parameter of a scheme with its value and source."""
    from rich.markup import escape
    from rich.table import Table

    from townhall.tax.authorities.catalogue import entry, resolve_scheme
    from townhall.tax.rules.parameter_rows import parameter_rows

    loaded = resolve_scheme(scheme)
    found = entry(loaded.name, loaded)
    console.print(f"[bold]{escape(loaded.title)}[/] ({loaded.name}, {loaded.year})")
    facts = [found.council, found.ons_code, found.region, found.kind]
    console.print(" · ".join(escape(fact) for fact in facts if fact))
    if loaded.description:
        console.print(escape(loaded.description))
    table = Table(show_lines=False)
    for column in ("parameter", "value", "source"):
        table.add_column(column, overflow="fold")
    for row in parameter_rows(loaded):
        source = escape(row["source"]) + (
            f" [dim]({escape(row['note'])})[/]" if row["note"] else ""
        )
        table.add_row(row["parameter"], escape(row["value"]), source)
    console.print(table)
    if loaded.missing:
        console.print("[bold]What the council's document sets that this file does not state:[/]")
        for item in loaded.missing:
            console.print(f"  - {escape(item)}")


@user_errors
def diff(
    a: SchemeOrCouncil,
    b: SchemeOrCouncil,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", help="Also write the comparison to this .xlsx file.")
    ] = None,
) -> None:
    """Two schemes side by side: every figure that differs, with both sources, and what each
    would mean for a few standard households."""
    from townhall.tax.authorities.catalogue import resolve_scheme
    from townhall.tax.rules.scheme_diff import scheme_diff
    from townhall.tax.rules.standard_households import standard_households_table

    if output is not None and output.suffix.lower() != ".xlsx":
        raise UserError(f"--output {output}: give a file ending .xlsx.")
    first, second = resolve_scheme(a), resolve_scheme(b)
    levers = scheme_diff(first, second)
    households = standard_households_table(first, second)
    if output is not None:
        _write_workbook(output, levers, households)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "a": first.name,
                    "b": second.name,
                    "differences": levers.to_polars().to_dicts(),
                    "same": levers.same,
                    "households": households.to_dicts(),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    _print_diff(first, second, levers, households)
    if output is not None:
        console.print(f"Wrote {output}")


def _print_diff(a: Scheme, b: Scheme, levers: SchemeDiff, households: pl.DataFrame) -> None:
    from rich.box import SIMPLE_HEAD
    from rich.markup import escape
    from rich.table import Table

    from townhall.reports.formats import pounds

    console.print(f"[bold]A[/] {escape(a.title)} ({a.name})")
    console.print(f"[bold]B[/] {escape(b.title)} ({b.name})")
    table = Table(
        title=f"{len(levers.changes)} figure{'s' if len(levers.changes) != 1 else ''} differ; "
        f"{levers.same} the same",
        box=SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("parameter", "A", "B", "source in A", "source in B"):
        table.add_column(column, overflow="fold")
    for change in levers.changes:
        table.add_row(
            change.parameter,
            escape(change.before),
            escape(change.after),
            escape(change.before_source),
            escape(change.after_source),
        )
    console.print(table)
    people = Table(
        title="Standard households (£ a year; bill = what is left to pay)",
        box=SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("household", "award A", "award B", "bill A", "bill B", "bill B − A"):
        people.add_column(column, justify="left" if column == "household" else "right")
    for row in households.iter_rows(named=True):
        difference = row["bill_difference_yearly"]
        people.add_row(
            escape(row["description"]),
            pounds(row["award_a_yearly"]),
            pounds(row["award_b_yearly"]),
            pounds(row["bill_a_yearly"]),
            pounds(row["bill_b_yearly"]),
            ("+" if difference > 0 else "") + pounds(difference),
        )
    console.print(people)


def _write_workbook(output: Path, levers: SchemeDiff, households: pl.DataFrame) -> None:
    from townhall.reports.excel import write_workbook

    money = [name for name in households.columns if name.endswith("_yearly")]
    write_workbook(
        output,
        {"Differences": levers.to_polars(), "Standard households": households},
        money=money,
    )
