"""`townhall deals import-evidence`, `evidence`, `appraise` and `compare`: the appraiser's work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from townhall.cli.deals_arguments import (
    DealArgument,
    RegisterOption,
    criterion_of,
    register_folder,
    wrapped_table,
    writable_register,
)
from townhall.cli.output import UserError, console, user_errors

if TYPE_CHECKING:
    import polars as pl

    from townhall.deals.rubric import Rubric


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

    folder = writable_register(register)
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

    folder, rubric = register_folder(register), bundled_rubric()
    load_deal(folder, deal)
    chosen = criterion_of(rubric, criterion)
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

    folder, rubric = writable_register(register), bundled_rubric()
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
    from townhall.deals.appraisal import load_appraisal
    from townhall.deals.evidence_store import load_passages
    from townhall.deals.register import load_deal, load_deals
    from townhall.deals.report import write_outputs
    from townhall.deals.rubric import bundled_rubric
    from townhall.deals.scorecard import comparison_table, scorecard

    folder, rubric = register_folder(register), bundled_rubric()
    chosen = [load_deal(folder, d) for d in deals] if deals else load_deals(folder)
    appraisals = [load_appraisal(folder, d.id, rubric) for d in chosen]
    cards = [scorecard(d, a, rubric) for d, a in zip(chosen, appraisals, strict=True)]
    compact = _compact(comparison_table(cards, rubric), rubric)
    console.print(wrapped_table(compact, "Scores (—: not appraised)"))
    passages = {p.id: p for p in load_passages(folder)}
    write_outputs(cards, appraisals, passages, rubric, report, xlsx)
    for path in (report, xlsx):
        if path is not None:
            console.print(f"Wrote {path}")


def _compact(table: pl.DataFrame, rubric: Rubric) -> pl.DataFrame:
    """The comparison for a terminal: scores by criterion, and each lens as 'points of possible'
    (empty where nothing on that lens was appraised)."""
    import polars as pl

    from townhall.deals.rubric import LENSES

    totals = []
    for lens in LENSES:
        points, possible = (
            pl.col(f"{lens.replace(' ', '_')}_{part}") for part in ("points", "possible")
        )
        totals.append(
            pl.when(possible > 0)
            .then(pl.format("{} of {}", points, possible))
            .alias(lens.replace(" ", "_"))
        )
    return table.select("deal", *rubric.keys, *totals)
