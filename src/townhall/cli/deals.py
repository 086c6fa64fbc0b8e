"""`townhall deals`: the city deal register; appraisal against objectives and a low-carbon lens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from townhall.cli import deals_appraisal
from townhall.cli.deals_arguments import (
    DealArgument,
    RegisterOption,
    register_folder,
    wrapped_table,
)
from townhall.cli.output import UserError, console, user_errors

if TYPE_CHECKING:
    from townhall.deals.model import Deal, Item

app = typer.Typer(
    help="City deals: the register, appraisal against objectives and a low-carbon lens.",
    no_args_is_help=True,
)


def _money(item: Item) -> str:
    parts = []
    if item.amount_pounds is not None:
        parts.append(f"£{item.amount_pounds:,}")
    if item.count is not None:
        parts.append(f"{item.count:,} {item.kind}")
    if item.period:
        parts.append(item.period)
    return ", ".join(parts)


@app.command("list")
@user_errors
def list_deals(register: RegisterOption = None) -> None:
    """The deals in the register: place, wave, latest step, offers, milestones, what is appraised."""
    from rich.table import Table

    from townhall.deals.appraisal import load_appraisal
    from townhall.deals.register import load_deals
    from townhall.deals.rubric import bundled_rubric

    folder, rubric = register_folder(register), bundled_rubric()
    from townhall.deals.register import is_bundled

    where = "the bundled register" if is_bundled(folder) else str(folder)
    table = Table(title=f"City deals in {escape(where)}")
    for column in ("deal", "place", "wave", "latest step", "offers", "milestones", "appraised"):
        numeric = column in ("wave", "offers", "milestones")
        table.add_column(column, justify="right" if numeric else "left", no_wrap=column == "deal")
    for deal in load_deals(folder):
        appraised = len(load_appraisal(folder, deal.id, rubric).scores)
        step = ""
        if deal.dates:
            last = deal.dates[-1]
            step = f"{last.event} {last.date.isoformat() if last.date else '(date not stated)'}"
        table.add_row(
            deal.id,
            escape(deal.place),
            str(deal.wave),
            step,
            str(len(deal.offers)),
            str(len(deal.milestones)),
            f"{appraised} of {len(rubric.criteria)}",
        )
    console.print(table)


def _print_deal(deal: Deal) -> None:
    from rich.table import Table

    from townhall.deals.model import OBJECTIVES

    console.print(
        f"[bold]{escape(deal.title)}[/] ({deal.id}), wave {deal.wave}: {escape(deal.place)}"
    )
    facts = Table(show_header=True, title="What the sources state")
    for column in ("part", "what", "figure", "source"):
        facts.add_column(column, overflow="fold")
    for partner in deal.partners:
        facts.add_row("partner", escape(f"{partner.name} ({partner.kind})"), "", partner.source)
    for date in deal.dates:
        when = "date not stated" if date.date is None else date.date.isoformat()
        facts.add_row("date", date.event, when, date.source)
    for side, items in (("ask", deal.asks), ("offer", deal.offers)):
        for item in items:
            facts.add_row(
                f"{side}: {item.kind}", escape(item.description), escape(_money(item)), item.source
            )
    for claim in deal.objectives:
        facts.add_row(
            "objective", escape(f"{OBJECTIVES[claim.objective]}: {claim.claim}"), "", claim.source
        )
    for statement in deal.governance_changes:
        facts.add_row("governance", escape(statement.text), "", statement.source)
    for statement in deal.low_carbon_commitments:
        facts.add_row("low carbon", escape(statement.text), "", statement.source)
    console.print(facts)
    console.print("[bold]Sources[/]")
    for key, source in deal.sources.items():
        console.print(
            escape(f"  {key}: {source.title}. {source.url or source.document}"), soft_wrap=True
        )


@app.command("show")
@user_errors
def show(deal: DealArgument, register: RegisterOption = None) -> None:
    """Everything the register holds on a deal, each fact with its source, and its scorecard."""
    from townhall.deals.appraisal import load_appraisal
    from townhall.deals.register import load_deal
    from townhall.deals.rubric import bundled_rubric
    from townhall.deals.scorecard import scorecard, scorecard_table

    folder, rubric = register_folder(register), bundled_rubric()
    loaded = load_deal(folder, deal)
    _print_deal(loaded)
    card = scorecard(loaded, load_appraisal(folder, deal, rubric), rubric)
    console.print(wrapped_table(scorecard_table(card).drop("meaning"), "Scorecard"))
    from townhall.deals.report import summary_sentences

    console.print(escape(summary_sentences([card])[0]))
    if loaded.milestones:
        console.print(f"{len(loaded.milestones)} milestones: `townhall deals monitor {deal}`.")


@app.command("validate")
@user_errors
def validate(
    files: Annotated[
        list[Path], typer.Argument(help="Deal or appraisal .toml files, or register folders.")
    ],
) -> None:
    """Check deal files, appraisal files or whole registers; every problem is listed at once."""
    from townhall.deals.appraisal import appraisal_from_data
    from townhall.deals.register import APPRAISAL_SUFFIX, load_deal_file, read_toml
    from townhall.deals.rubric import bundled_rubric
    from townhall.problems import InvalidInputError, Problem

    rubric = bundled_rubric()
    paths: list[Path] = []
    for path in files:
        paths.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    problems: list[Problem] = []
    checked = 0
    for path in paths:
        try:
            if path.name.endswith(APPRAISAL_SUFFIX):
                appraisal_from_data(read_toml(path), rubric, str(path))
            else:
                load_deal_file(path)
            checked += 1
        except InvalidInputError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInputError(problems)
    console.print(f"[green]✓[/] {checked} file{'s' if checked != 1 else ''} valid.")


@app.command("init")
@user_errors
def init(folder: Annotated[Path, typer.Argument(help="A new folder for your register.")]) -> None:
    """Copy the bundled register into a folder of your own, to edit, import evidence and appraise."""
    from townhall.deals.register import copy_bundled

    copied = copy_bundled(folder)
    console.print(f"Copied {len(copied)} files to {folder}. Use --register {folder}.")


app.command("import-evidence")(deals_appraisal.import_evidence)
app.command("evidence")(deals_appraisal.evidence)
app.command("appraise")(deals_appraisal.appraise)
app.command("compare")(deals_appraisal.compare)


@app.command("monitor")
@user_errors
def monitor(
    deal: DealArgument,
    as_of: Annotated[
        str | None, typer.Option(help="Show each milestone as last reported by this date.")
    ] = None,
    register: RegisterOption = None,
) -> None:
    """Each commitment's milestones: promised against delivered, and their history over time."""
    from townhall.cli.tables import rich_table
    from townhall.deals.monitoring import delivery_over_time, milestones_table
    from townhall.deals.register import load_deal

    loaded = load_deal(register_folder(register), deal)
    if not loaded.milestones:
        console.print(f"{loaded.title} has no milestones recorded (no source found for any).")
        return
    try:
        on = None if as_of is None else dt.date.fromisoformat(as_of)
    except ValueError:
        raise UserError(f"--as-of {as_of!r}: expected a date as YYYY-MM-DD.") from None
    console.print(wrapped_table(milestones_table(loaded, on), f"{loaded.title}: milestones"))
    console.print(
        rich_table(delivery_over_time(loaded), "Promised against delivered over time", money=())
    )
    for milestone in loaded.milestones:
        for update in milestone.history:
            delivered = f": {update.delivered}" if update.delivered else ""
            console.print(
                escape(
                    f"{update.date.isoformat()} {milestone.id}: {update.status}{delivered} "
                    f"(source: {update.source})"
                ),
                soft_wrap=True,
            )


@app.command("rubric")
@user_errors
def show_rubric() -> None:
    """The appraisal rubric: each criterion's question and what each score means."""
    from townhall.deals.rubric import bundled_rubric

    for criterion in bundled_rubric().criteria:
        console.print(f"[bold]{criterion.key}[/] ({criterion.lens}): {criterion.question}")
        for level, meaning in enumerate(criterion.levels):
            console.print(f"  {level}: {meaning}")
