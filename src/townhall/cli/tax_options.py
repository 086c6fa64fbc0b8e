"""`townhall tax compare` and `townhall tax scenarios`: options against a base, the seed's three choices."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from townhall.cli.output import UserError, console, user_errors
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


@user_errors
def compare_options(
    base: SchemeArgument,
    options: Annotated[
        list[str], typer.Argument(help="One or more option schemes (names or .toml files).")
    ],
    caseload: CaseloadOption = None,
    non_dependants: NonDependantsOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = 1,
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
    from townhall.input_files import refuse_overwriting_inputs
    from townhall.tax.impact.compare import BREAKDOWNS, MissingColumnError, compare
    from townhall.tax.impact.compare_report import write_outputs
    from townhall.tax.rules.scheme import load_scheme

    unknown = [name for name in by or [] if name not in BREAKDOWNS]
    if unknown:
        raise UserError(
            f"Unknown breakdown {', '.join(unknown)}: choose from {', '.join(BREAKDOWNS)}."
        )
    gap_yearly = parse_pounds(gap, "--gap") if gap else None
    inputs = [caseload, non_dependants, mapping, *(Path(name) for name in (base, *options))]
    for option, output in (("--report", report), ("--xlsx", xlsx)):
        refuse_overwriting_inputs(output, *inputs, option=option)
    schemes = [load_scheme(name) for name in (base, *options)]
    baseline = load_scheme(grant_baseline) if grant_baseline else None
    reading = extract_options(mapping, sheet, header_row, schemes[0].start_date)
    claims = load_caseload(caseload, seed, non_dependants, reading)
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
    print_comparison(comparison)
    title = "Council Tax Support options compared"
    named = [base, *options] + ([grant_baseline] if grant_baseline else [])
    loaded = [*schemes, *([baseline] if baseline else [])]
    record = run_record(claims, caseload, seed, dict(zip(named, loaded, strict=True)))
    write_outputs(comparison, title, report, xlsx, record)
    for path in (report, xlsx):
        if path is not None:
            console.print(f"Wrote {path}")


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
    non_dependants: NonDependantsOption = None,
    mapping: MappingOption = None,
    sheet: SheetOption = None,
    header_row: HeaderRowOption = 1,
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
    from townhall.tax.impact.compare import compare
    from townhall.tax.impact.compare_report import write_outputs
    from townhall.tax.impact.funding import (
        SINGLE_PERSON_DISCOUNT_LAW,
        discount_removal_yield,
        single_person_discount_cut_yield,
    )
    from townhall.tax.impact.gap import GapNotClosableError
    from townhall.tax.impact.scenarios import seed_scenarios
    from townhall.tax.rules.scheme import load_scheme

    gap_yearly = parse_pounds(gap, "--gap")
    base, protected_template = load_scheme(baseline), load_scheme(protect)
    base_tax = tax_base or (
        base.council.tax_base_band_d.value if base.council.tax_base_band_d else None
    )
    if base_tax is None:
        raise UserError(f"{baseline} has no council.tax_base_band_d: give --tax-base.")
    options = extract_options(mapping, sheet, header_row, base.start_date)
    claims = load_caseload(caseload, seed, non_dependants, options)
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

        from townhall.tax.rules.scheme import scheme_to_data

        save.mkdir(parents=True, exist_ok=True)
        for solution in (solved.spread_equally, solved.protect_groups):
            saved = save / f"{solution.scheme.name}.toml"
            saved.write_text(tomli_w.dumps(scheme_to_data(solution.scheme)))
            console.print(f"Saved {saved}")
    if report is not None or xlsx is not None:
        comparison = compare(
            base, [solved.spread_equally.scheme, solved.protect_groups.scheme], claims, gap_yearly
        )
        record = run_record(claims, caseload, seed, {baseline: base})
        write_outputs(
            comparison, "The seed's three choices, solved for the gap", report, xlsx, record
        )
        for path in (report, xlsx):
            if path is not None:
                console.print(f"Wrote {path}")


def run_record(claims: Any, caseload: Path | None, seed: int, schemes: dict[str, Any]) -> Any:
    """What the run rests on, for the Assumptions sheet: the caseload, and each scheme's file."""
    from townhall.tax.impact.run_record import (
        RunRecord,
        scheme_file_description,
        synthetic_caseload_description,
    )
    from townhall.tax.rules.scheme import bundled_scheme_names

    bundled = set(bundled_scheme_names())
    described = (
        f"file {caseload}"
        if caseload is not None
        else synthetic_caseload_description("birmingham-2013", seed, len(claims))
    )
    files = {
        scheme.name: scheme_file_description(
            given, not given.endswith(".toml") and given in bundled
        )
        for given, scheme in schemes.items()
    }
    return RunRecord(caseload=described, scheme_files=files)


def print_comparison(comparison: Any) -> None:
    """Warnings, the plain-English summary and the table of the base and options."""
    import polars as pl
    from rich.markup import escape

    from townhall.tax.impact.compare_tables import summary_table
    from townhall.tax.impact.compare_words import saving_phrase, summary_sentences

    for warning in comparison.warnings:
        console.print(f"[bold red]Warning:[/] {escape(warning)}")
    for sentence in summary_sentences(comparison):
        console.print(f"• {escape(sentence)}")
    table = summary_table(comparison).with_columns(
        pl.Series(
            "against_base",
            ["the base"] + [saving_phrase(o.saving_yearly, short=True) for o in comparison.options],
        )
    )
    counts = [c for c in ("lose", "grant_criteria_met") if c in table.columns]
    shown = table.select(
        "scheme",
        "cost_yearly",
        "against_base",
        *counts,
    ).with_columns(pl.col(counts).round(0).cast(pl.Int64))
    console.print(
        rich_table(
            shown.rename(
                {
                    "cost_yearly": "cost a year",
                    "against_base": "against the base",
                    "lose": "pay more",
                    "grant_criteria_met": "grant (of 3)",
                },
                strict=False,
            ),
            "The base and each option (£ a year; weighted claims)",
            ("cost a year",),
        )
    )
