"""`townhall tax`: Council Tax Support schemes, caseloads and the household calculator.

The commands for comparing options (`tax_options`) and for searching schemes and national runs
(`tax_search`) live in modules of their own and are registered here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townhall.cli import tax_coverage, tax_household, tax_options, tax_schemes, tax_search
from townhall.cli.output import console, user_errors
from townhall.cli.tables import rich_table
from townhall.cli.tax_arguments import (
    CaseloadOption,
    HeaderRowOption,
    MappingOption,
    NonDependantsOption,
    SchemeArgument,
    SeedOption,
    SheetOption,
    extract_options,
    load_caseload,
)
from townhall.input_files import refuse_overwriting_inputs

app = typer.Typer(help="Council Tax Support: schemes, caseloads, households.", no_args_is_help=True)
app.command("schemes")(tax_schemes.list_schemes)
app.command("show")(tax_schemes.show)
app.command("diff")(tax_schemes.diff)


@app.command("validate")
@user_errors
def validate(scheme: SchemeArgument) -> None:
    """Check a scheme file, its figures and its council against the register of billing
    authorities; every problem is listed at once."""
    from rich.markup import escape

    from townhall.tax.authorities.register import scheme_authority
    from townhall.tax.authorities.scheme_checks import checked_scheme

    loaded = checked_scheme(scheme)
    council = scheme_authority(loaded)
    of = f" of {council.name} ({council.ons_code})" if council else ""
    console.print(f"[green]✓[/] {escape(scheme)}: {escape(loaded.title)} is a valid scheme{of}.")
    if loaded.missing:
        console.print(
            f"It lists {len(loaded.missing)} thing{'s' if len(loaded.missing) != 1 else ''} its "
            "council's document sets that it cannot state (`missing`), so it is incomplete."
        )


@app.command("run")
@user_errors
def run(
    scheme: SchemeArgument,
    caseload: CaseloadOption = None,
    non_dependants: NonDependantsOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = 1,
    actual_liability: Annotated[
        bool,
        typer.Option(
            "--actual-liability",
            help="Use the caseload's actual_liability_yearly where a claim gives it.",
        ),
    ] = False,
    seed: SeedOption = 2013,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write every claim's result (.csv or .parquet).")
    ] = None,
) -> None:
    """Evaluate a scheme over a caseload and print its totals."""
    from townhall.tax.impact.summary import by_band, totals
    from townhall.tax.rules.evaluate import evaluate
    from townhall.tax.rules.scheme import load_scheme

    refuse_overwriting_inputs(output, caseload, non_dependants, mapping)
    loaded = load_scheme(scheme)
    options = extract_options(mapping, sheet, header_row, loaded.start_date)
    claims = load_caseload(caseload, seed, non_dependants, options)
    claims.use_actual_liability = actual_liability
    result = evaluate(loaded, claims)
    console.print(f"[bold]{loaded.title}[/]")
    console.print(
        f"Caseload: {caseload or f'synthetic Birmingham 2013 (seed {seed})'}, {len(claims):,} rows."
    )
    summary = totals(result)
    cost = summary.row(0, named=True)["cost_yearly"]
    console.print(f"Cost of support: [bold]£{cost / 1e6:,.2f}m[/] a year.")
    money = ("liability_yearly", "cost_yearly", "average_yearly")
    console.print(rich_table(summary, "Totals (weighted claims; £ a year)", money))
    console.print(rich_table(by_band(result), "By band (weighted claims; £ a year)", money))
    if output is not None:
        from townhall.reports.csv_files import write_csv
        from townhall.reports.files import atomic_path

        table = result.table()
        if output.suffix == ".parquet":
            with atomic_path(output) as temporary:
                table.write_parquet(temporary)
        else:
            write_csv(table, output)
        console.print(f"Wrote every claim's result to {output}")


@app.command("reconcile")
@user_errors
def reconcile(
    scheme: SchemeArgument,
    caseload: Annotated[
        Path,
        typer.Option(
            "--caseload",
            help="The council's caseload with actual_liability_yearly and current_award_yearly.",
        ),
    ],
    non_dependants: NonDependantsOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = 1,
    largest: Annotated[int, typer.Option(help="How many of the largest differences to list.")] = 10,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the reconciliation as a workbook.")
    ] = None,
) -> None:
    """Set the model beside the council's actual liability and awards: totals, by band, the
    largest differences and their likely cause."""
    from townhall.tax.impact.reconcile import reconcile as reconciled
    from townhall.tax.impact.reconcile import write_reconciliation
    from townhall.tax.rules.evaluate import evaluate
    from townhall.tax.rules.scheme import load_scheme

    refuse_overwriting_inputs(xlsx, caseload, non_dependants, mapping)
    loaded = load_scheme(scheme)
    options = extract_options(mapping, sheet, header_row, loaded.start_date)
    claims = load_caseload(caseload, 0, non_dependants, options)
    result = reconciled(evaluate(loaded, claims), largest)
    console.print(f"[bold]{loaded.title}[/] beside {caseload}")
    for sentence in result.summary:
        console.print(sentence)
    money = ("modelled", "actual", "difference")
    console.print(rich_table(result.totals, "Totals (£ a year)", money))
    console.print(rich_table(result.by_band, "By band (£ a year)", money))
    console.print(rich_table(result.largest, "Largest differences (£ a year)", money))
    if not result.causes.is_empty():
        console.print(rich_table(result.causes, "Likely causes", ("band_d_difference",)))
    if xlsx is not None:
        write_reconciliation(result, xlsx)
        console.print(f"Wrote the reconciliation to {xlsx}")


@app.command("calibration")
@user_errors
def calibration(seed: SeedOption = 2013) -> None:
    """Show each calibration target of the synthetic Birmingham caseload beside what it gives."""
    from rich.table import Table

    from townhall.tax.synthetic import PROFILES, calibration_report

    report = calibration_report("birmingham-2013", seed)
    table = Table(title=f"Synthetic Birmingham 2013 caseload (seed {seed}): calibration")
    for column in ("target", "published", "synthetic", "difference", "as published"):
        table.add_column(column, overflow="fold")
    for row in report.iter_rows(named=True):
        table.add_row(
            row["target"],
            f"{row['published']:,.0f}",
            f"{row['synthetic']:,.0f}",
            f"{row['difference']:+.2%}",
            row["quote"],
        )
    console.print(table)
    console.print(
        f"Source: {PROFILES['birmingham-2013'].source}. Other assumptions: docs/synthetic.md."
    )


app.command("household")(tax_household.household)
app.command("compare")(tax_options.compare_options)
app.command("scenarios")(tax_options.scenarios)
app.command("optimise")(tax_search.optimise_scheme)
app.command("national")(tax_search.national)
app.command("coverage")(tax_coverage.coverage)
