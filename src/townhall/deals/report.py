"""The comparison of deals as one offline HTML report (table, chart, scorecards, rubric) and an
Excel workbook holding the same tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from townhall.deals.appraisal import Appraisal
from townhall.deals.evidence import Passage
from townhall.deals.rubric import LENSES, Rubric
from townhall.deals.scorecard import Scorecard, comparison_table, scorecard_table, scores_long
from townhall.reports.excel import write_workbook
from townhall.reports.html import HtmlReport


def summary_sentences(cards: Sequence[Scorecard]) -> list[str]:
    """One sentence per deal: its points on each lens, and how much of it was appraised."""
    sentences = []
    for card in cards:
        parts = []
        for total in card.totals:
            if total.appraised == 0:
                parts.append(f"{total.lens}: not appraised")
            else:
                parts.append(
                    f"{total.lens}: {total.points} of {total.possible} points "
                    f"({total.appraised} of {total.criteria} criteria appraised)"
                )
        sentences.append(f"{card.deal.title}: " + "; ".join(parts) + ".")
    return sentences


def heatmap(cards: Sequence[Scorecard], rubric: Rubric) -> Any:
    """A grid of deals (by place name) by criterion, shaded and labelled by score; blank where
    not appraised; no label cut short."""
    import altair as alt

    data = [
        {
            "deal": card.deal.place,
            "criterion": line.criterion.title,
            "score": line.score.score,
        }
        for card in cards
        for line in card.lines
        if line.score is not None
    ]
    order = [c.title for c in rubric.criteria]
    top = max((c.max_score for c in rubric.criteria), default=3)
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(
            "criterion:N",
            title=None,
            scale=alt.Scale(domain=order),
            axis=alt.Axis(labelAngle=-30, labelLimit=0, orient="top"),
        ),
        y=alt.Y(
            "deal:N",
            title=None,
            scale=alt.Scale(domain=[card.deal.place for card in cards]),
            axis=alt.Axis(labelLimit=0),
        ),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "score:Q",
            title="Score",
            scale=alt.Scale(domain=[0, top], scheme="blues"),
        )
    )
    labels = base.mark_text(fontSize=13).encode(
        text=alt.Text("score:Q"),
        color=alt.condition(f"datum.score >= {top / 2}", alt.value("white"), alt.value("black")),
    )
    return alt.layer(cells, labels).properties(
        width=80 * len(order), height=22 * max(len(cards), 2), title="Scores by deal and criterion"
    )


def rubric_table(rubric: Rubric) -> pl.DataFrame:
    """The rubric: each criterion's question and what each score means."""
    return pl.DataFrame(
        [
            {
                "lens": c.lens,
                "criterion": c.key,
                "question": c.question,
                **{f"score_{n}": text for n, text in enumerate(c.levels)},
            }
            for c in rubric.criteria
        ]
    )


def evidence_table(
    appraisals: Sequence[Appraisal], passages: Mapping[str, Passage]
) -> pl.DataFrame:
    """The text and place of every confirmed passage, for the reader to check each score."""
    rows = [
        {
            "deal": appraisal.deal,
            "criterion": score.criterion,
            "passage": passage_id,
            "where": passages[passage_id].location if passage_id in passages else "(not imported)",
            "text": passages[passage_id].text if passage_id in passages else "",
        }
        for appraisal in appraisals
        for score in appraisal.scores
        for passage_id in score.passages
    ]
    columns = ["deal", "criterion", "passage", "where", "text"]
    return (
        pl.DataFrame(rows).select(columns)
        if rows
        else pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    )


def sources_table(appraisals: Sequence[Appraisal]) -> pl.DataFrame:
    """The published sources that scores rest on."""
    rows = [
        {
            "deal": appraisal.deal,
            "source": key,
            "title": source.title,
            "where": source.url or source.document or "",
        }
        for appraisal in appraisals
        for key, source in appraisal.sources.items()
    ]
    columns = ["deal", "source", "title", "where"]
    return (
        pl.DataFrame(rows).select(columns)
        if rows
        else pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    )


def build_report(
    cards: Sequence[Scorecard],
    appraisals: Sequence[Appraisal],
    passages: Mapping[str, Passage],
    rubric: Rubric,
    title: str,
) -> HtmlReport:
    """The HTML report: summary, chart, comparison table, each deal's scorecard, evidence, rubric."""
    report = HtmlReport(title=title, subtitle=f"{len(cards)} deals against the appraisal rubric")
    report.add_heading("Summary")
    report.add_list(summary_sentences(cards))
    report.add_heading("Deals side by side")
    report.add_chart(
        heatmap(cards, rubric),
        "Grid of deals (rows) by criterion (columns), each cell shaded and labelled with its "
        "score; empty cells were not appraised. The same figures are in the table below.",
    )
    report.add_table(comparison_table(cards, rubric), "Scores by criterion and totals per lens")
    report.add_paragraph(
        "Totals count only the criteria appraised: points scored out of the points possible on "
        "them. An empty cell means no score was given, not a score of zero."
    )
    report.add_heading("Scorecards")
    for card in cards:
        report.add_heading(card.deal.title, level=3)
        report.add_table(scorecard_table(card), f"Scorecard of {card.deal.title}")
    report.add_heading("Evidence")
    report.add_table(evidence_table(appraisals, passages), "Confirmed passages behind the scores")
    report.add_table(sources_table(appraisals), "Published sources behind the scores")
    report.add_heading("Rubric")
    report.add_table(rubric_table(rubric), "What each score means")
    report.add_definitions(
        {lens: ", ".join(c.title for c in rubric.of_lens(lens)) for lens in LENSES}
    )
    return report


def workbook_sheets(
    cards: Sequence[Scorecard],
    appraisals: Sequence[Appraisal],
    passages: Mapping[str, Passage],
    rubric: Rubric,
) -> dict[str, pl.DataFrame]:
    """The workbook's sheets: the comparison, every score, the evidence and the rubric."""
    return {
        "Comparison": comparison_table(cards, rubric),
        "Scores": scores_long(cards),
        "Evidence": evidence_table(appraisals, passages),
        "Sources": sources_table(appraisals),
        "Rubric": rubric_table(rubric),
    }


def write_outputs(
    cards: Sequence[Scorecard],
    appraisals: Sequence[Appraisal],
    passages: Mapping[str, Passage],
    rubric: Rubric,
    report_path: Path | None,
    workbook_path: Path | None,
    title: str = "City deals compared",
) -> None:
    """Write the report and the workbook; each is written whole or not at all."""
    if report_path is not None:
        build_report(cards, appraisals, passages, rubric, title).write(report_path)
    if workbook_path is not None:
        write_workbook(workbook_path, workbook_sheets(cards, appraisals, passages, rubric))
