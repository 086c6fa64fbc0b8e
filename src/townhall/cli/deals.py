"""`townhall deals`: the city deal register; appraisal against objectives and a low-carbon lens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from townhall.cli.output import UserError, console, user_errors

if TYPE_CHECKING:
    import polars as pl

    from townhall.deals.model import Deal, Item
    from townhall.deals.rubric import Criterion, Rubric

app = typer.Typer(
    help="City deals: the register, appraisal against objectives and a low-carbon lens.",
    no_args_is_help=True,
)

RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        envvar="TOWNHALL_DEALS_REGISTER",
        help="The register folder (default: the bundled wave-one and wave-two register).",
    ),
]
DealArgument = Annotated[str, typer.Argument(help="The deal's id, e.g. leeds.")]


def _folder(register: Path | None) -> Path:
    from townhall.deals.register import bundled_register

    return register if register is not None else bundled_register()


def _writable(register: Path | None) -> Path:
    """The register to write to; the bundled one is read-only."""
    from townhall.deals.register import is_bundled

    folder = _folder(register)
    if is_bundled(folder):
        raise UserError(
            "The bundled register is read-only. Make a copy to work on with "
            "`townhall deals init FOLDER`, then pass --register FOLDER."
        )
    return folder


def _wrapped(frame: pl.DataFrame, title: str) -> Any:
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
    """The deals in the register: place, wave, when agreed, what was offered, what is appraised."""
    from rich.table import Table

    from townhall.deals.appraisal import load_appraisal
    from townhall.deals.register import load_deals
    from townhall.deals.rubric import bundled_rubric

    folder, rubric = _folder(register), bundled_rubric()
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

    folder, rubric = _folder(register), bundled_rubric()
    loaded = load_deal(folder, deal)
    _print_deal(loaded)
    card = scorecard(loaded, load_appraisal(folder, deal, rubric), rubric)
    console.print(_wrapped(scorecard_table(card).drop("meaning"), "Scorecard"))
    for total in card.totals:
        console.print(
            f"{total.lens}: {total.points} of {total.possible} points "
            f"({total.appraised} of {total.criteria} criteria appraised)"
        )
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


@app.command("import-evidence")
@user_errors
def import_evidence(
    deal: DealArgument,
    files: Annotated[list[Path], typer.Argument(help="The deal's documents: .txt, .pdf, .docx.")],
    register: RegisterOption = None,
) -> None:
    """Read a deal's documents into passages (paragraphs, with pages for PDFs) for evidence search."""
    from townhall.deals.evidence import clashing_names, read_documents
    from townhall.deals.evidence_store import load_passages, merge, save_passages
    from townhall.deals.register import load_deal
    from townhall.problems import InvalidInputError

    folder = _writable(register)
    load_deal(folder, deal)
    imported = read_documents(deal, files)
    stored = load_passages(folder)
    clashes = clashing_names(stored, imported)
    if clashes:
        raise InvalidInputError(clashes)
    path = save_passages(folder, merge(stored, imported))
    for name in sorted({p.file for p in imported}):
        count = sum(1 for p in imported if p.file == name)
        console.print(escape(f"{name}: {count} passages"))
    console.print(f"Stored in {path}.")


@app.command("evidence")
@user_errors
def evidence(
    deal: DealArgument,
    criterion: Annotated[str, typer.Option(help="The rubric criterion, e.g. low_carbon_vision.")],
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many passages to show.")] = 5,
    register: RegisterOption = None,
) -> None:
    """The deal's imported passages ranked by how well they match the criterion's search terms."""
    from townhall.deals.evidence_store import load_passages, passages_of
    from townhall.deals.register import load_deal
    from townhall.deals.rubric import bundled_rubric
    from townhall.deals.search import rank_passages

    folder, rubric = _folder(register), bundled_rubric()
    load_deal(folder, deal)
    chosen = _criterion(rubric, criterion)
    passages = passages_of(load_passages(folder), deal)
    if not passages:
        raise UserError(f"No evidence imported for {deal}: use `townhall deals import-evidence`.")
    console.print(f"[bold]{chosen.title}[/]: {chosen.question}")
    console.print(f"Search terms: {', '.join(chosen.search_terms)}")
    matches = rank_passages(passages, chosen.search_terms, limit)
    if not matches:
        console.print(f"No passage of {len(passages)} matches any search term.")
    for match in matches:
        console.print(
            f"\n[bold]{match.passage.id}[/] ({match.passage.location}, match {match.score:.2f})"
        )
        console.print(escape(match.passage.text), soft_wrap=True)


def _criterion(rubric: Rubric, key: str) -> Criterion:
    try:
        return rubric.criterion(key)
    except KeyError:
        raise UserError(
            f"No criterion {key!r}: expected one of {', '.join(rubric.keys)}."
        ) from None


@app.command("appraise")
@user_errors
def appraise(
    deal: DealArgument,
    criterion: Annotated[str, typer.Option(help="The rubric criterion, e.g. low_carbon_vision.")],
    score: Annotated[int, typer.Option(help="The score, 0 up to the criterion's highest level.")],
    note: Annotated[str, typer.Option(help="Why this score: what the evidence shows.")],
    appraiser: Annotated[str, typer.Option(help="Who gives the score.")],
    passage: Annotated[
        list[str] | None,
        typer.Option("--passage", help="A confirmed evidence passage id (repeat for several)."),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="The date of the appraisal (default today).")
    ] = None,
    register: RegisterOption = None,
) -> None:
    """Record a score with its note and confirmed passages; replaces an earlier score on it."""
    from townhall.deals.appraisal import (
        load_appraisal,
        record_score,
        save_appraisal,
        score_from_data,
        unknown_passages,
    )
    from townhall.deals.evidence_store import load_passages, passages_of
    from townhall.deals.register import load_deal
    from townhall.deals.rubric import bundled_rubric
    from townhall.problems import InvalidInputError

    folder, rubric = _writable(register), bundled_rubric()
    load_deal(folder, deal)
    appraisal = load_appraisal(folder, deal, rubric)
    data = {
        "criterion": criterion,
        "score": score,
        "note": note,
        "appraiser": appraiser,
        "date": on or dt.date.today().isoformat(),
        "passages": passage or [],
    }
    checked = score_from_data(data, rubric, "options")
    known = [p.id for p in passages_of(load_passages(folder), deal)]
    problems = unknown_passages(checked, known, "--passage")
    if problems:
        raise InvalidInputError(problems)
    path = save_appraisal(folder, record_score(appraisal, checked))
    chosen = rubric.criterion(criterion)
    console.print(
        f"{deal}, {chosen.title}: {score} of {chosen.max_score} ({chosen.levels[score]}) "
        f"recorded in {path}."
    )


@app.command("compare")
@user_errors
def compare(
    deals: Annotated[
        list[str] | None, typer.Argument(help="Deal ids to compare (default: every deal).")
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write an HTML report here.")] = None,
    xlsx: Annotated[Path | None, typer.Option(help="Write an Excel workbook here.")] = None,
    register: RegisterOption = None,
) -> None:
    """Deals side by side: each criterion's score and the totals per lens; HTML and Excel."""
    from townhall.cli.tables import rich_table
    from townhall.deals.appraisal import load_appraisal
    from townhall.deals.evidence_store import load_passages
    from townhall.deals.register import load_deal, load_deals
    from townhall.deals.report import write_outputs
    from townhall.deals.rubric import bundled_rubric
    from townhall.deals.scorecard import comparison_table, scorecard

    folder, rubric = _folder(register), bundled_rubric()
    chosen = [load_deal(folder, d) for d in deals] if deals else load_deals(folder)
    appraisals = [load_appraisal(folder, d.id, rubric) for d in chosen]
    cards = [scorecard(d, a, rubric) for d, a in zip(chosen, appraisals, strict=True)]
    console.print(
        rich_table(
            _compact(comparison_table(cards, rubric), rubric), "Scores (—: not appraised)", money=()
        )
    )
    passages = {p.id: p for p in load_passages(folder)}
    write_outputs(cards, appraisals, passages, rubric, report, xlsx)
    for path in (report, xlsx):
        if path is not None:
            console.print(f"Wrote {path}")


def _compact(table: pl.DataFrame, rubric: Rubric) -> pl.DataFrame:
    """The comparison for a terminal: scores by criterion, and each lens as 'points of possible'."""
    import polars as pl

    from townhall.deals.rubric import LENSES

    totals = [
        pl.format(
            "{} of {}",
            pl.col(f"{lens.replace(' ', '_')}_points"),
            pl.col(f"{lens.replace(' ', '_')}_possible"),
        ).alias(lens.replace(" ", "_"))
        for lens in LENSES
    ]
    return table.select("deal", *rubric.keys, *totals)


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

    loaded = load_deal(_folder(register), deal)
    if not loaded.milestones:
        console.print(f"{loaded.title} has no milestones recorded (no source found for any).")
        return
    try:
        on = None if as_of is None else dt.date.fromisoformat(as_of)
    except ValueError:
        raise UserError(f"--as-of {as_of!r}: expected a date as YYYY-MM-DD.") from None
    console.print(_wrapped(milestones_table(loaded, on), f"{loaded.title}: milestones"))
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
