"""`townhall tax`: Council Tax Support schemes, caseloads and the household calculator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from townhall.cli.output import UserError, console, user_errors

if TYPE_CHECKING:
    import polars as pl

    from townhall.tax.caseload import Caseload

app = typer.Typer(help="Council Tax Support: schemes, caseloads, households.", no_args_is_help=True)

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
SeedOption = Annotated[
    int, typer.Option(help="Seed of the synthetic caseload (same seed, same claims).")
]


@app.command("schemes")
@user_errors
def list_schemes() -> None:
    """List the bundled schemes."""
    from rich.table import Table

    from townhall.tax.scheme import bundled_scheme_names, load_bundled_scheme

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

    from townhall.tax.parameters import parameter_rows
    from townhall.tax.scheme import load_scheme

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
    from townhall.tax.scheme import load_scheme

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
    from townhall.tax.evaluate import evaluate
    from townhall.tax.scheme import load_scheme
    from townhall.tax.summary import by_band, totals

    loaded = load_scheme(scheme)
    claims = _load_caseload(caseload, seed)
    result = evaluate(loaded, claims)
    console.print(f"[bold]{loaded.title}[/]")
    console.print(
        f"Caseload: {caseload or f'synthetic Birmingham 2013 (seed {seed})'}, {len(claims):,} rows."
    )
    summary = totals(result)
    cost = summary.row(0, named=True)["cost_yearly"]
    console.print(f"Cost of support: [bold]£{cost / 1e6:,.2f}m[/] a year.")
    money = ("liability_yearly", "cost_yearly", "average_yearly")
    console.print(_rich_table(summary, "Totals (weighted claims; £ a year)", money))
    console.print(_rich_table(by_band(result), "By band (weighted claims; £ a year)", money))
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
    from townhall.tax.household import calculate_household, household_from_mapping
    from townhall.tax.scheme import load_scheme

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


@app.command("compare")
@user_errors
def compare_options(
    base: SchemeArgument,
    options: Annotated[
        list[str], typer.Argument(help="One or more option schemes (names or .toml files).")
    ],
    caseload: CaseloadOption = None,
    seed: SeedOption = 2013,
    gap: Annotated[str | None, typer.Option(help="The funding gap to close, e.g. 10.9m.")] = None,
    grant_baseline: Annotated[
        str | None, typer.Option(help="Scheme that says who had full support (default: the base).")
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            help="Breakdowns: claimant, household, band, ward, decile (default: all the caseload has)."
        ),
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
    xlsx: Annotated[Path | None, typer.Option(help="Write the Excel workbook here.")] = None,
) -> None:
    """Compare options with a base scheme: cost, saving, gap, who gains and loses, grant, collection."""
    from townhall.cli.amounts import parse_pounds
    from townhall.tax.compare import BREAKDOWNS, MissingColumnError, compare
    from townhall.tax.compare_report import write_outputs
    from townhall.tax.scheme import load_scheme

    unknown = [name for name in by or [] if name not in BREAKDOWNS]
    if unknown:
        raise UserError(
            f"Unknown breakdown {', '.join(unknown)}: choose from {', '.join(BREAKDOWNS)}."
        )
    gap_yearly = parse_pounds(gap, "--gap") if gap else None
    schemes = [load_scheme(name) for name in (base, *options)]
    baseline = load_scheme(grant_baseline) if grant_baseline else None
    claims = _load_caseload(caseload, seed)
    try:
        comparison = compare(
            schemes[0],
            schemes[1:],
            claims,
            gap_yearly,
            baseline,
            breakdowns=tuple(by) if by else None,
        )
    except MissingColumnError as error:
        raise UserError(str(error)) from None
    _print_comparison(comparison)
    title = "Council Tax Support options compared"
    write_outputs(comparison, title, report, xlsx)
    for path in (report, xlsx):
        if path is not None:
            console.print(f"Wrote {path}")


@app.command("scenarios")
@user_errors
def scenarios(
    gap: Annotated[str, typer.Option(help="The funding gap to close, e.g. 10.9m.")] = "10.9m",
    baseline: Annotated[
        str, typer.Option(help="The scheme whose cost the gap is measured from.")
    ] = "ctb-2012",
    protect: Annotated[
        str, typer.Option(help="Scheme whose protected groups choice (b) keeps.")
    ] = "birmingham-2013",
    caseload: CaseloadOption = None,
    seed: SeedOption = 2013,
    tax_base: Annotated[
        float | None, typer.Option(help="Band D equivalent homes (default: the scheme's).")
    ] = None,
    collection_rate: Annotated[
        float, typer.Option(help="Council tax collection rate, 0 to 1.")
    ] = 0.97,
    second_homes: Annotated[
        str | None, typer.Option(help="Second homes by band, e.g. A:120,B:80.")
    ] = None,
    second_home_discount: Annotated[
        float, typer.Option(help="Second-home discount removed (0.1 = 10%).")
    ] = 0.10,
    empty_homes: Annotated[
        str | None, typer.Option(help="Empty homes by band, e.g. A:300,C:40.")
    ] = None,
    empty_home_discount: Annotated[
        float, typer.Option(help="Empty-home discount removed (0.5 = 50%).")
    ] = 0.50,
    single_person_accounts: Annotated[
        float | None, typer.Option(help="Homes with the single person discount.")
    ] = None,
    single_person_cut: Annotated[
        float, typer.Option(help="Cut to the 25% discount (0.05 → 20%).")
    ] = 0.05,
    save: Annotated[
        Path | None, typer.Option(help="Folder to save the two solved schemes as TOML.")
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
    xlsx: Annotated[Path | None, typer.Option(help="Write the Excel workbook here.")] = None,
) -> None:
    """The seed's three choices solved for the gap: spread equally, protect groups, fund by a tax rise."""
    from rich.table import Table

    from townhall.cli.amounts import parse_band_counts, parse_pounds
    from townhall.reports.formats import millions, pounds
    from townhall.tax.compare import compare
    from townhall.tax.compare_report import write_outputs
    from townhall.tax.funding import (
        SINGLE_PERSON_DISCOUNT_LAW,
        discount_removal_yield,
        single_person_discount_cut_yield,
    )
    from townhall.tax.gap import GapNotClosableError
    from townhall.tax.scenarios import seed_scenarios
    from townhall.tax.scheme import load_scheme

    gap_yearly = parse_pounds(gap, "--gap")
    base, protected_template = load_scheme(baseline), load_scheme(protect)
    base_tax = tax_base or (
        base.council.tax_base_band_d.value if base.council.tax_base_band_d else None
    )
    if base_tax is None:
        raise UserError(f"{baseline} has no council.tax_base_band_d: give --tax-base.")
    claims = _load_caseload(caseload, seed)
    try:
        solved = seed_scenarios(
            claims, gap_yearly, base, protected_template, base_tax, collection_rate
        )
    except GapNotClosableError as error:
        raise UserError(str(error)) from None
    table = Table(title=f"The three choices, each solved to save {millions(gap_yearly)} a year")
    for column in ("choice", "what it takes", "saving"):
        table.add_column(column, overflow="fold")
    for label, solution in (
        ("(a) spread the cut equally", solved.spread_equally),
        ("(b) protect groups, spread the rest", solved.protect_groups),
    ):
        table.add_row(
            label, f"minimum payment of {solution.value:.2%}", millions(solution.saving_yearly)
        )
    rise = solved.fund_full_support
    table.add_row(
        "(c) keep full support, raise council tax",
        f"Band D up {pounds(rise.band_d_rise_yearly)} ({rise.band_d_rise_share:.2%}); "
        f"Band A up {pounds(rise.bill_change_by_band_yearly['A'])}, Band H up {pounds(rise.bill_change_by_band_yearly['H'])}; "
        f"extra support for claimants {millions(rise.extra_support_cost_yearly)}",
        millions(gap_yearly),
    )
    console.print(table)
    band_d = base.council.band_d_total_yearly()
    others = []
    if second_homes:
        yielded = discount_removal_yield(
            parse_band_counts(second_homes, "--second-homes"),
            second_home_discount,
            band_d,
            collection_rate,
        )
        others.append(
            f"Removing a {second_home_discount:.0%} second-home discount yields {millions(yielded)} a year."
        )
    if empty_homes:
        yielded = discount_removal_yield(
            parse_band_counts(empty_homes, "--empty-homes"),
            empty_home_discount,
            band_d,
            collection_rate,
        )
        others.append(
            f"Removing a {empty_home_discount:.0%} empty-home discount yields {millions(yielded)} a year."
        )
    if single_person_accounts:
        yielded = single_person_discount_cut_yield(
            single_person_accounts, band_d * 7 / 9, single_person_cut, collection_rate
        )
        others.append(
            f"Cutting the single person discount by {single_person_cut:.0%} (at a Band B average) yields "
            f"{millions(yielded)} a year. {SINGLE_PERSON_DISCOUNT_LAW}"
        )
    for line in others:
        console.print(line)
    if save is not None:
        import tomli_w

        from townhall.tax.scheme import scheme_to_data

        save.mkdir(parents=True, exist_ok=True)
        for solution in (solved.spread_equally, solved.protect_groups):
            saved = save / f"{solution.scheme.name}.toml"
            saved.write_text(tomli_w.dumps(scheme_to_data(solution.scheme)))
            console.print(f"Saved {saved}")
    if report is not None or xlsx is not None:
        comparison = compare(
            base, [solved.spread_equally.scheme, solved.protect_groups.scheme], claims, gap_yearly
        )
        write_outputs(comparison, "The seed's three choices, solved for the gap", report, xlsx)
        for path in (report, xlsx):
            if path is not None:
                console.print(f"Wrote {path}")


def _print_comparison(comparison: Any) -> None:
    """The summary table and the plain-English summary on the terminal."""
    from townhall.tax.compare_report import summary_sentences

    for sentence in summary_sentences(comparison):
        console.print(f"• {sentence}")
    console.print(
        _rich_table(
            comparison.summary().select(
                "option", "cost_yearly", "saving_yearly", "lose", "now_paying", "grant_criteria_met"
            ),
            "Options against the base (£ a year; weighted claims)",
            ("cost_yearly", "saving_yearly"),
        )
    )


@app.command("optimise")
@user_errors
def optimise_scheme(
    saving: Annotated[str, typer.Option(help="The saving needed, e.g. 10.9m.")],
    objective: Annotated[
        str,
        typer.Option(
            help="paying-more:X (fewest paying over £X a week more), lowest-deciles:K, or largest-loss."
        ),
    ] = "paying-more:3",
    template: Annotated[
        str, typer.Option(help="The scheme the candidates are built from.")
    ] = "birmingham-2013",
    baseline: Annotated[
        str, typer.Option(help="The scheme the saving and losses are measured from.")
    ] = "ctb-2012",
    contribution: Annotated[
        str, typer.Option(help="Minimum contribution range, e.g. 0:0.5.")
    ] = "0:0.5",
    taper: Annotated[str, typer.Option(help="Tapers to try, e.g. 0.2,0.25,0.3.")] = "0.2",
    band_cap: Annotated[str, typer.Option(help="Band caps to try, e.g. none,C,D.")] = "none",
    minimum_award: Annotated[
        str, typer.Option(help="Minimum weekly awards to try, e.g. 0,1,2.")
    ] = "0",
    protect: Annotated[
        str, typer.Option(help="Groups the optimiser may protect, e.g. carer,disability_premium.")
    ] = "",
    capital_limit: Annotated[
        str, typer.Option(help="Capital upper limits to try, e.g. 6000,16000.")
    ] = "16000",
    non_dependant_scale: Annotated[
        str, typer.Option(help="Scales of the non-dependant deductions, e.g. 1,1.5.")
    ] = "1",
    constraint: Annotated[
        list[str] | None,
        typer.Option(
            help="'grant' (transition grant criteria) or GROUP<=£ a week, e.g. disabled<=2.5."
        ),
    ] = None,
    grid: Annotated[
        bool, typer.Option("--grid", help="Design an income-banded grid with a linear programme.")
    ] = False,
    max_combinations: Annotated[
        int, typer.Option(help="Sample the discrete levers beyond this many combinations.")
    ] = 2000,
    caseload: CaseloadOption = None,
    seed: SeedOption = 2013,
    out: Annotated[Path | None, typer.Option(help="Write the best scheme here as TOML.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
) -> None:
    """Find the scheme that saves enough with the least hardship, within the levers' ranges."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from townhall.cli.amounts import parse_pounds
    from townhall.tax.optimise.grid_design import design_grid
    from townhall.tax.optimise.problem_input import problem_from_options
    from townhall.tax.optimise.report import build_report, write_scheme
    from townhall.tax.optimise.search import InfeasibleError, optimise
    from townhall.tax.scheme import load_scheme

    problem = problem_from_options(
        parse_pounds(saving, "--saving"),
        objective,
        contribution,
        taper,
        band_cap,
        minimum_award,
        protect,
        capital_limit,
        non_dependant_scale,
        constraint or [],
    )
    template_scheme, baseline_scheme = load_scheme(template), load_scheme(baseline)
    claims = _load_caseload(caseload, seed)
    label = problem.objective.describe()
    try:
        if grid:
            design = design_grid(template_scheme, baseline_scheme, claims, problem)
            console.print(
                f"Best grid ({label}): thresholds {', '.join(f'£{t:,.2f}' for t in design.thresholds_weekly)} a week; "
                f"shares {', '.join(f'{s:.1%}' for s in design.shares)}; saves £{design.saving_yearly:,.0f}; "
                f"objective {design.objective:,.2f} ({design.designs_tried} threshold sets tried)."
            )
            best = design.scheme
        else:
            columns = (
                TextColumn("Searching"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task("search", total=None)
                outcome = optimise(
                    template_scheme,
                    baseline_scheme,
                    claims,
                    problem,
                    max_combinations,
                    seed,
                    lambda done, total: progress.update(task, completed=done, total=total),
                )
            best = outcome.best
            index = outcome.best_index
            console.print(
                f"Best ({label}): minimum contribution {best.levers.minimum_contribution.value:.2%}, taper "
                f"{best.working_age.taper.value:.0%}, band cap {best.levers.band_cap.value}, minimum award "
                f"£{best.levers.minimum_award_weekly.value:,.2f}, protects {', '.join(best.levers.protected_groups.value) or 'no group'}. "
                f"Saves £{outcome.saving_yearly[index]:,.0f}; objective {outcome.objective_values[index]:,.2f}. "
                f"{outcome.evaluated:,} candidates evaluated over {outcome.combinations:,} combinations"
                + (" (sampled)." if outcome.sampled else "."),
                soft_wrap=True,
            )
            if report is not None:
                build_report(outcome, problem.objective.measure(), problem.saving_yearly, []).write(
                    report
                )
                console.print(f"Wrote {report}")
    except InfeasibleError as error:
        raise UserError(str(error)) from None
    if out is not None:
        write_scheme(best, out)
        console.print(f"Wrote {out}: load it with `townhall tax show {out}`.")


@app.command("national")
@user_errors
def national(
    schemes: Annotated[
        Path | None,
        typer.Option(
            help="Authorities and their levers (CSV, docs/national.md); default: the synthetic table."
        ),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="A Dask scheduler address; default: a local cluster.")
    ] = None,
    workers: Annotated[int, typer.Option(help="Workers of the local cluster.")] = 2,
    output: Annotated[Path, typer.Option(help="Write per-authority totals here (.csv).")] = Path(
        "national-totals.csv"
    ),
    write_example: Annotated[
        Path | None, typer.Option(help="Write the synthetic authorities table here and stop.")
    ] = None,
    seed: SeedOption = 2013,
) -> None:
    """Evaluate every billing authority's scheme over its own claims, on Dask, and write totals."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from townhall.reports.files import atomic_path
    from townhall.reports.formats import millions
    from townhall.tax.national.authorities import read_authorities, synthetic_authorities
    from townhall.tax.national.run import run_dask

    if write_example is not None:
        with atomic_path(write_example) as temporary:
            synthetic_authorities(seed).write_csv(temporary)
        console.print(
            f"Wrote {write_example}: edit the levers, then run with --schemes {write_example}."
        )
        return
    table = read_authorities(str(schemes)) if schemes else synthetic_authorities(seed)
    from distributed import Client, LocalCluster

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Starting Dask", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total)

        if scheduler:
            with Client(scheduler) as client:
                result = run_dask(table, client, seed, report)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
            with cluster, Client(cluster) as client:
                result = run_dask(table, client, seed, report)
    totals = result.totals
    with atomic_path(output) as temporary:
        totals.write_csv(temporary)
    claims = float(totals["claims"].sum())
    console.print(
        f"{len(totals):,} authorities, {claims:,.0f} claims on {result.workers} Dask workers: claims loaded in "
        f"{result.load_seconds:.1f} s, every scheme evaluated in {result.evaluate_seconds:.1f} s "
        f"({claims / result.evaluate_seconds:,.0f} claims a second). Support costs {millions(float(totals['cost_yearly'].sum()))} "
        f"a year ({millions(float(totals['working_age_cost_yearly'].sum()))} working age).",
        soft_wrap=True,
    )
    console.print(f"Wrote per-authority totals to {output}")


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


def _load_caseload(path: Path | None, seed: int) -> Caseload:
    """Read a caseload file with a progress bar, or make the synthetic one."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from townhall.tax.caseload import Caseload, read_table, validated_table

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        if path is None:
            progress.add_task("Making the synthetic Birmingham caseload…", total=None)
            return Caseload.synthetic("birmingham-2013", seed=seed)
        size = path.stat().st_size if path.exists() else None
        task = progress.add_task(f"Reading {path.name}", total=size)
        raw = read_table(
            path, lambda done, total: progress.update(task, completed=done, total=total)
        )
        progress.update(task, description=f"Checking {raw.height:,} claims", completed=size)
        return Caseload(validated_table(raw, str(path)))


def _rich_table(frame: pl.DataFrame, title: str, money: tuple[str, ...]) -> Any:
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
