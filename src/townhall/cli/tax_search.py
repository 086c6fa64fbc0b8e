"""`townhall tax optimise` and `townhall tax national`: the scheme optimiser and national runs on Dask."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from townhall.cli.output import UserError, console, user_errors
from townhall.cli.tax_arguments import (
    CaseloadOption,
    HeaderRowOption,
    MappingOption,
    NonDependantsOption,
    SeedOption,
    SheetOption,
    extract_options,
    load_caseload,
)


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
    taper: Annotated[
        str | None,
        typer.Option(help="Tapers to try, e.g. 0.2,0.25,0.3; default: the template's."),
    ] = None,
    band_cap: Annotated[
        str | None,
        typer.Option(help="Band caps to try, e.g. none,C,D; default: the template's."),
    ] = None,
    minimum_award: Annotated[
        str | None,
        typer.Option(help="Minimum weekly awards to try, e.g. 0,1,2; default: the template's."),
    ] = None,
    protect: Annotated[
        str | None,
        typer.Option(
            help="Groups whose protection the optimiser may switch on or off, e.g. "
            "carer,disability_premium; every other group keeps the template's choice."
        ),
    ] = None,
    capital_limit: Annotated[
        str | None,
        typer.Option(help="Capital upper limits to try, e.g. 6000,16000; default: the template's."),
    ] = None,
    non_dependant_scale: Annotated[
        str | None,
        typer.Option(
            help="Scales of the template's non-dependant deductions, e.g. 1,1.5; default: 1."
        ),
    ] = None,
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
    non_dependants: NonDependantsOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = 1,
    seed: SeedOption = 2013,
    out: Annotated[Path | None, typer.Option(help="Write the best scheme here as TOML.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the HTML report here.")] = None,
) -> None:
    """Find the scheme that saves enough with the least hardship, within the levers' ranges."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from townhall.cli.amounts import parse_pounds
    from townhall.tax.optimise.grid_design import GRID_STEP, design_grid
    from townhall.tax.optimise.problem_input import problem_from_options
    from townhall.tax.optimise.report import build_grid_report, build_report, write_scheme
    from townhall.tax.optimise.search import InfeasibleError, optimise
    from townhall.tax.rules.scheme import load_scheme

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
    options = extract_options(mapping, sheet, header_row, template_scheme.start_date)
    claims = load_caseload(caseload, seed, non_dependants, options)
    label = problem.objective.describe()
    try:
        if grid:
            design = design_grid(template_scheme, baseline_scheme, claims, problem)
            console.print(
                f"Best grid ({label}): saves £{design.saving_yearly:,.0f} a year (needed "
                f"£{problem.saving_yearly:,.0f}; one {GRID_STEP:.1%} step more of every share would "
                f"give back £{design.step_saving_yearly:,.0f}); objective {design.objective:,.2f} "
                f"({design.designs_tried} threshold sets tried).",
                soft_wrap=True,
            )
            moved = design.moved
            notes = design.notes
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
            moved = outcome.moved
            notes = []
            console.print(
                f"Best ({label}): saves £{outcome.saving_yearly[index]:,.0f} a year (needed "
                f"£{problem.saving_yearly:,.0f}); objective {outcome.objective_values[index]:,.2f}. "
                f"{outcome.evaluated:,} candidates evaluated over {outcome.combinations:,} combination{'s' if outcome.combinations != 1 else ''} of levers"
                + (" (sampled)." if outcome.sampled else "."),
                soft_wrap=True,
            )
        console.print(f"Levers moved from {template_scheme.name}:", soft_wrap=True)
        for change in moved or ["none"]:
            console.print(f"  {change}", soft_wrap=True, markup=False)
        for note in notes:
            console.print(note, soft_wrap=True)
        if report is not None:
            if grid:
                build_grid_report(design, template_scheme, problem).write(report)
            else:
                build_report(outcome, problem.objective.measure(), problem.saving_yearly, []).write(
                    report
                )
            console.print(f"Wrote {report}")
    except InfeasibleError as error:
        raise UserError(str(error)) from None
    if out is not None:
        write_scheme(best, out)
        console.print(f"Wrote {out}: load it with `townhall tax show {out}`.")


@user_errors
def national(
    figures: Annotated[
        Path | None,
        typer.Option(
            help="Each authority's Band D and claims (CSV, docs/national.md); default: the bundled "
            "table. List fewer authorities to run only those."
        ),
    ] = None,
    year: Annotated[str, typer.Option(help="The schemes' year.")] = "2026/27",
    scheduler: Annotated[
        str | None, typer.Option(help="A Dask scheduler address; default: a local cluster.")
    ] = None,
    workers: Annotated[int, typer.Option(help="Workers of the local cluster.")] = 2,
    output: Annotated[Path, typer.Option(help="Write per-authority totals here (.csv).")] = Path(
        "national-totals.csv"
    ),
    report: Annotated[Path | None, typer.Option(help="Write an offline HTML report here.")] = None,
    workbook: Annotated[Path | None, typer.Option(help="Write an Excel workbook here.")] = None,
    write_example: Annotated[
        Path | None, typer.Option(help="Write the bundled figures table here and stop.")
    ] = None,
    schemes: Annotated[Path | None, typer.Option(hidden=True)] = None,
    seed: SeedOption = 2013,
) -> None:
    """Run every English billing authority's scheme over its own claims, on Dask: per-authority
    totals, and a report and workbook of cost by region and class, coverage and levers."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from townhall.reports.csv_files import write_csv
    from townhall.reports.files import atomic_path
    from townhall.reports.formats import millions
    from townhall.tax.national.figures import bundled_figures_text, read_figures
    from townhall.tax.national.plan import national_plan
    from townhall.tax.national.report import write_outputs
    from townhall.tax.national.run import run_dask

    if schemes is not None:
        raise UserError(
            "--schemes (a table of levers for made-up authorities) is gone: national runs now run "
            "each real authority's bundled scheme. Give each authority's Band D and claims with "
            "--figures (write the bundled table with --write-example), and write a scheme file "
            "for levers of your own (docs/national.md)."
        )
    if write_example is not None:
        with atomic_path(write_example) as temporary:
            temporary.write_text(bundled_figures_text(), encoding="utf-8")
        console.print(
            f"Wrote {write_example}: put in published figures (basis 'published', with the "
            f"source), then run with --figures {write_example}."
        )
        return
    if not re.fullmatch(r"\d{4}/\d{2}", year):
        raise UserError(f"--year {year!r}: expected a year such as 2026/27")
    runs = national_plan(read_figures(figures), year)
    from distributed import Client, LocalCluster

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Starting Dask", total=None)

        def on_progress(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total)

        if scheduler:
            with Client(scheduler) as client:
                result = run_dask(runs, client, seed, on_progress)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
            with cluster, Client(cluster) as client:
                result = run_dask(runs, client, seed, on_progress)
    totals = result.totals
    write_csv(totals, output)
    write_outputs(runs, totals, year, report, workbook)
    claims = float(totals["claims"].sum())
    counts = dict(totals.group_by("scheme_status").len().iter_rows())
    console.print(
        f"{len(totals):,} authorities (schemes: {counts.get('bundled', 0)} bundled, "
        f"{counts.get('incomplete', 0)} incomplete, {counts.get('default', 0)} default), "
        f"{claims:,.0f} claims on {result.workers} Dask workers: claims loaded in "
        f"{result.load_seconds:.1f} s, every scheme evaluated in {result.evaluate_seconds:.1f} s "
        f"({claims / result.evaluate_seconds:,.0f} claims a second). Support costs "
        f"{millions(float(totals['cost_yearly'].sum()))} a year "
        f"({millions(float(totals['working_age_cost_yearly'].sum()))} working age).",
        soft_wrap=True,
    )
    for path, what in (
        (output, "per-authority totals"),
        (report, "the report"),
        (workbook, "the workbook"),
    ):
        if path is not None:
            console.print(f"Wrote {what} to {path}")
