"""`townhall tax`: Council Tax Support schemes, caseloads and the household calculator.

The commands for comparing options (`tax_options`) and for searching schemes and national runs
(`tax_search`) live in modules of their own and are registered here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from townhall.cli import tax_options, tax_search
from townhall.cli.output import console, user_errors
from townhall.cli.tables import rich_table
from townhall.cli.tax_arguments import CaseloadOption, SchemeArgument, SeedOption, load_caseload

app = typer.Typer(help="Council Tax Support: schemes, caseloads, households.", no_args_is_help=True)


@app.command("schemes")
@user_errors
def list_schemes() -> None:
    """List the bundled schemes."""
    from rich.table import Table

    from townhall.tax.rules.scheme import bundled_scheme_names, load_bundled_scheme

    table = Table(title="Bundled Council Tax Support schemes")
    for column in ("name", "year", "title", "minimum payment", "income-banded"):
        table.add_column(column)
    for name in bundled_scheme_names():
        scheme = load_bundled_scheme(name)
        table.add_row(
            name,
            scheme.year,
            scheme.title,
            f"{scheme.levers.minimum_contribution.value:.1%}",
            "yes" if scheme.levers.income_grid else "no",
        )
    console.print(table)


@app.command("show")
@user_errors
def show(scheme: SchemeArgument) -> None:
    """Show every parameter of a scheme with its value and source."""
    from rich.table import Table

    from townhall.tax.rules.parameter_rows import parameter_rows
    from townhall.tax.rules.scheme import load_scheme

    loaded = load_scheme(scheme)
    console.print(f"[bold]{loaded.title}[/] ({loaded.name}, {loaded.year})")
    if loaded.description:
        console.print(loaded.description)
    table = Table(show_lines=False)
    for column in ("parameter", "value", "source"):
        table.add_column(column, overflow="fold")
    for row in parameter_rows(loaded):
        source = row["source"] + (f" [dim]({row['note']})[/]" if row["note"] else "")
        table.add_row(row["parameter"], row["value"], source)
    console.print(table)


@app.command("validate")
@user_errors
def validate(scheme: SchemeArgument) -> None:
    """Check a scheme file; every problem is listed at once."""
    from townhall.tax.rules.scheme import load_scheme

    loaded = load_scheme(scheme)
    console.print(f"[green]✓[/] {scheme}: {loaded.title} is a valid scheme.")


@app.command("run")
@user_errors
def run(
    scheme: SchemeArgument,
    caseload: CaseloadOption = None,
    seed: SeedOption = 2013,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write every claim's result (.csv or .parquet).")
    ] = None,
) -> None:
    """Evaluate a scheme over a caseload and print its totals."""
    from townhall.tax.impact.summary import by_band, totals
    from townhall.tax.rules.evaluate import evaluate
    from townhall.tax.rules.scheme import load_scheme

    loaded = load_scheme(scheme)
    claims = load_caseload(caseload, seed)
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
        from townhall.reports.files import atomic_path

        with atomic_path(output) as temporary:
            table = result.table()
            table.write_parquet(temporary) if output.suffix == ".parquet" else table.write_csv(
                temporary
            )
        console.print(f"Wrote every claim's result to {output}")


@app.command("household")
@user_errors
def household(
    scheme: Annotated[
        str, typer.Option("--scheme", help="Scheme name or .toml file.")
    ] = "birmingham-2013",
    band: Annotated[str, typer.Option(help="Council tax band, A to H.")] = "A",
    age: Annotated[int, typer.Option(help="Your age.")] = 40,
    partner_age: Annotated[
        int | None, typer.Option(help="Your partner's age, if you have a partner.")
    ] = None,
    pensioner: Annotated[
        bool | None, typer.Option("--pensioner/--working-age", help="Override pension credit age.")
    ] = None,
    children: Annotated[int, typer.Option(help="Dependent children.")] = 0,
    youngest_child_age: Annotated[
        int | None, typer.Option(help="Age of the youngest child.")
    ] = None,
    weekly_earnings: Annotated[float, typer.Option(help="Take-home earnings, £ a week.")] = 0.0,
    weekly_other_income: Annotated[
        float, typer.Option(help="Other income that counts, £ a week.")
    ] = 0.0,
    capital: Annotated[float, typer.Option(help="Savings and capital, £.")] = 0.0,
    passported: Annotated[
        bool, typer.Option(help="On Income Support, income-based JSA/ESA or guarantee credit.")
    ] = False,
    disability_premium: Annotated[bool, typer.Option(help="Gets a disability premium.")] = False,
    disabled_child_premium: Annotated[
        bool, typer.Option(help="Gets a disabled child premium.")
    ] = False,
    war_pension: Annotated[bool, typer.Option(help="Gets a war-related pension.")] = False,
    carer: Annotated[bool, typer.Option(help="Is a carer.")] = False,
    disabled_band_reduction: Annotated[
        bool, typer.Option(help="Home has the disabled band reduction.")
    ] = False,
    non_dependants: Annotated[int, typer.Option(help="Other adults living in the home.")] = 0,
    non_dependant_weekly_income: Annotated[
        float, typer.Option(help="Each other adult's gross income, £ a week.")
    ] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """What one household pays under a scheme, step by step."""
    from townhall.tax.rules.household import calculate_household, household_from_mapping
    from townhall.tax.rules.scheme import load_scheme

    details: dict[str, Any] = {
        "band": band.upper(),
        "claimant_age": age,
        "partner_age": partner_age,
        "pensioner": pensioner,
        "children": children,
        "youngest_child_age": youngest_child_age,
        "weekly_earnings": weekly_earnings,
        "weekly_other_income": weekly_other_income,
        "capital": capital,
        "passported": passported,
        "disability_premium": disability_premium,
        "disabled_child_premium": disabled_child_premium,
        "war_pension": war_pension,
        "carer": carer,
        "disabled_band_reduction": disabled_band_reduction,
        "non_dependants": non_dependants,
        "non_dependant_weekly_income": non_dependant_weekly_income,
    }
    result = calculate_household(load_scheme(scheme), household_from_mapping(details, "options"))
    if as_json:
        typer.echo(json.dumps(result.model_dump(), indent=2, ensure_ascii=False))
        return
    for number, step in enumerate(result.steps, start=1):
        console.print(f"{number:>2}. {step}")
    from rich.table import Table

    from townhall.reports.formats import pounds

    figures = Table(title="Figures", show_header=False)
    figures.add_row("Council tax (liability), a year", pounds(result.liability_yearly))
    figures.add_row("Maximum support, a year", pounds(result.maximum_support_yearly))
    figures.add_row("Support awarded, a year", pounds(result.award_yearly))
    figures.add_row("You pay, a year", pounds(result.to_pay_yearly))
    figures.add_row("You pay, a week (÷ 52)", pounds(result.to_pay_weekly))
    console.print(figures)


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


app.command("compare")(tax_options.compare_options)
app.command("scenarios")(tax_options.scenarios)
app.command("optimise")(tax_search.optimise_scheme)
app.command("national")(tax_search.national)
