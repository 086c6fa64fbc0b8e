"""Scorecards: each deal's scores against the rubric, totals per lens, and deals side by side.

A criterion not yet appraised counts neither for nor against: totals are the points scored out
of the points possible on the criteria that were appraised, and say how many those were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from townhall.deals.appraisal import Appraisal, Score
from townhall.deals.model import Deal
from townhall.deals.rubric import LENSES, Criterion, Rubric


@dataclass(frozen=True)
class ScoreLine:
    """One criterion of a scorecard with its score, if given."""

    criterion: Criterion
    score: Score | None

    @property
    def level(self) -> str:
        """What the score means, from the rubric ('' when not appraised)."""
        return "" if self.score is None else self.criterion.levels[self.score.score]


@dataclass(frozen=True)
class LensTotal:
    """Points scored on one lens, out of those possible on its appraised criteria."""

    lens: str
    points: int
    possible: int
    appraised: int
    criteria: int

    @property
    def share(self) -> float | None:
        """Points as a fraction of those possible; None when nothing was appraised."""
        return None if self.possible == 0 else self.points / self.possible


@dataclass(frozen=True)
class Scorecard:
    """A deal's scores on every criterion, and its totals per lens."""

    deal: Deal
    lines: list[ScoreLine]
    totals: list[LensTotal]

    def total(self, lens: str) -> LensTotal:
        """The total for one lens."""
        return next(t for t in self.totals if t.lens == lens)


def scorecard(deal: Deal, appraisal: Appraisal, rubric: Rubric) -> Scorecard:
    """The deal's scorecard under the rubric."""
    lines = [ScoreLine(c, appraisal.score_for(c.key)) for c in rubric.criteria]
    totals = []
    for lens in LENSES:
        scored = [line for line in lines if line.criterion.lens == lens and line.score]
        totals.append(
            LensTotal(
                lens=lens,
                points=sum(line.score.score for line in scored if line.score),
                possible=sum(line.criterion.max_score for line in scored),
                appraised=len(scored),
                criteria=len(rubric.of_lens(lens)),
            )
        )
    return Scorecard(deal, lines, totals)


def scorecard_table(card: Scorecard) -> pl.DataFrame:
    """One row per criterion: lens, criterion, score, what it means, note, evidence."""
    return pl.DataFrame(
        [
            {
                "lens": line.criterion.lens,
                "criterion": line.criterion.title,
                "score": None if line.score is None else line.score.score,
                "out_of": line.criterion.max_score,
                "meaning": line.level,
                "note": "" if line.score is None else line.score.note,
                "evidence": ""
                if line.score is None
                else "; ".join(
                    [*line.score.passages, *([line.score.source] if line.score.source else [])]
                ),
            }
            for line in card.lines
        ],
        schema={
            "lens": pl.String,
            "criterion": pl.String,
            "score": pl.Int64,
            "out_of": pl.Int64,
            "meaning": pl.String,
            "note": pl.String,
            "evidence": pl.String,
        },
    )


def comparison_table(cards: Sequence[Scorecard], rubric: Rubric) -> pl.DataFrame:
    """Deals side by side: a column per criterion (empty where not appraised), totals per lens."""
    rows = []
    for card in cards:
        row: dict[str, object] = {
            "deal": card.deal.id,
            "place": card.deal.place,
            "wave": card.deal.wave,
        }
        for line in card.lines:
            row[line.criterion.key] = None if line.score is None else line.score.score
        for total in card.totals:
            name = total.lens.replace(" ", "_")
            row[f"{name}_points"] = total.points
            row[f"{name}_possible"] = total.possible
        rows.append(row)
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "deal": pl.String,
        "place": pl.String,
        "wave": pl.Int64,
    }
    schema.update(dict.fromkeys(rubric.keys, pl.Int64))
    for lens in LENSES:
        schema[f"{lens.replace(' ', '_')}_points"] = pl.Int64
        schema[f"{lens.replace(' ', '_')}_possible"] = pl.Int64
    return pl.DataFrame(rows, schema=schema, orient="row")


def scores_long(cards: Sequence[Scorecard]) -> pl.DataFrame:
    """Every score given, one row each (deal, lens, criterion, score, note, evidence)."""
    rows = [
        {
            "deal": card.deal.id,
            "lens": line.criterion.lens,
            "criterion": line.criterion.key,
            "title": line.criterion.title,
            "score": line.score.score,
            "meaning": line.level,
            "note": line.score.note,
            "appraiser": line.score.appraiser,
            "date": line.score.date.isoformat(),
            "evidence": "; ".join(line.score.passages),
            "source": line.score.source or "",
        }
        for card in cards
        for line in card.lines
        if line.score is not None
    ]
    columns = [
        "deal",
        "lens",
        "criterion",
        "title",
        "score",
        "meaning",
        "note",
        "appraiser",
        "date",
        "evidence",
        "source",
    ]
    if not rows:
        return pl.DataFrame(schema={c: (pl.Int64 if c == "score" else pl.String) for c in columns})
    return pl.DataFrame(rows).select(columns)
