"""The model beside the council's own figures: liability and awards, in total, by band, the largest
differences, and their likely cause.

A finance director signs figures that reconcile with the council tax and benefits systems. Where
the modelled liability differs from the actual by the same Band D amount across many homes (a
parish precept the scheme does not hold, for example), that amount is named as the likely cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from townhall.reports.excel import write_workbook
from townhall.tax.bands import BANDS
from townhall.tax.money import weighted_total
from townhall.tax.rules.evaluate import Evaluation

# A Band D difference shared by at least this many claims is reported as a likely cause.
CAUSE_MIN_CLAIMS = 3


@dataclass(frozen=True)
class Reconciliation:
    """Modelled against actual: the tables a revenues officer checks, and what they say in words."""

    totals: pl.DataFrame
    by_band: pl.DataFrame
    largest: pl.DataFrame
    causes: pl.DataFrame
    summary: list[str]


def reconcile(result: Evaluation, largest: int = 10) -> Reconciliation:
    """Set the evaluation beside the caseload's `actual_liability_yearly` and
    `current_award_yearly` (claims without them are left out of each comparison, and counted)."""
    table = result.caseload.table
    weight = result.caseload.weight
    actual_liability = table.get_column("actual_liability_yearly").to_numpy()
    actual_award = table.get_column("current_award_yearly").to_numpy()
    modelled_liability, modelled_award = result.liability_yearly, result.award_yearly
    has_liability, has_award = ~np.isnan(actual_liability), ~np.isnan(actual_award)
    if not has_liability.any() and not has_award.any():
        summary = [
            "The caseload gives neither actual_liability_yearly nor current_award_yearly: "
            "there is nothing to reconcile against."
        ]
        empty = pl.DataFrame()
        return Reconciliation(empty, empty, empty, empty, summary)

    def row(
        name: str, modelled: np.ndarray, actual: np.ndarray, mask: np.ndarray
    ) -> dict[str, object]:
        model_total = weighted_total(modelled[mask], weight[mask])
        actual_total = weighted_total(actual[mask], weight[mask])
        return {
            "figure": name,
            "claims": float(weight[mask].sum()),
            "modelled": model_total,
            "actual": actual_total,
            "difference": round(model_total - actual_total, 2),
        }

    totals = pl.DataFrame(
        [
            row("Liability", modelled_liability, actual_liability, has_liability),
            row("Support", modelled_award, actual_award, has_award),
        ]
    )
    band = result.caseload.band_index
    by_band = pl.DataFrame(
        [
            row(f"Band {name} support", modelled_award, actual_award, has_award & (band == index))
            for index, name in enumerate(BANDS)
            if (has_award & (band == index)).any()
        ]
        + [
            row(
                f"Band {name} liability",
                modelled_liability,
                actual_liability,
                has_liability & (band == index),
            )
            for index, name in enumerate(BANDS)
            if (has_liability & (band == index)).any()
        ]
    )
    liability_gap = np.where(has_liability, modelled_liability - actual_liability, 0.0)
    award_gap = np.where(has_award, modelled_award - actual_award, 0.0)
    # The Band D amount that would explain each claim's liability difference (after its discount).
    ninths = result.caseload.arrays.effective_ninths
    kept = 1.0 - result.caseload.arrays.discount
    band_d_gap = np.round(-liability_gap / np.maximum(ninths / 9.0 * kept, 1e-9), 0)
    claims = pl.DataFrame(
        {
            "claim_id": table.get_column("claim_id"),
            "band": table.get_column("band"),
            "modelled_liability": modelled_liability,
            "actual_liability": actual_liability,
            "modelled": modelled_award,
            "actual": actual_award,
            "difference": np.round(award_gap, 2),
            "liability_difference": np.round(liability_gap, 2),
            "band_d_difference": band_d_gap,
        }
    )
    size = np.abs(award_gap) + np.abs(liability_gap)
    order = np.argsort(-size, kind="stable")[:largest]
    top = claims[order].filter(pl.Series(size[order] > 0.005))
    causes = (
        claims.filter(pl.col("liability_difference").abs() > 0.005)
        .group_by("band_d_difference")
        .agg(pl.len().alias("claims"), pl.col("liability_difference").sum().alias("liability"))
        .filter(pl.col("claims") >= CAUSE_MIN_CLAIMS)
        .sort("claims", descending=True)
        .with_columns(
            pl.format(
                "the actual bill is £{} higher at Band D for these homes: a parish precept or "
                "another charge the scheme's council figures leave out",
                pl.col("band_d_difference"),
            ).alias("likely cause")
        )
    )
    summary = _summary(totals, causes, int((~has_liability).sum()), int((~has_award).sum()))
    return Reconciliation(totals, by_band, top, causes, summary)


def _summary(
    totals: pl.DataFrame, causes: pl.DataFrame, no_liability: int, no_award: int
) -> list[str]:
    """The reconciliation in sentences."""
    sentences = []
    for record in totals.iter_rows(named=True):
        difference = float(record["difference"])
        if abs(difference) < 0.005:
            sentences.append(f"{record['figure']}: the model agrees with the actual to the penny.")
        else:
            direction = "more" if difference > 0 else "less"
            sentences.append(
                f"{record['figure']}: the model gives £{abs(difference):,.2f} a year {direction} "
                f"than the actual £{float(record['actual']):,.2f}."
            )
    for record in causes.iter_rows(named=True):
        sentences.append(
            f"{record['claims']:,} homes' actual bills are £{record['band_d_difference']:,.0f} "
            "higher at Band D: a parish precept or another charge the model leaves out. Run with "
            "--actual-liability to model on the council's own bills."
        )
    if no_liability or no_award:
        sentences.append(
            f"Left out: {no_liability:,} claims without an actual liability and "
            f"{no_award:,} without a current award."
        )
    return sentences


def write_reconciliation(result: Reconciliation, path: Path) -> Path:
    """The reconciliation as a workbook: a sheet for each table, money as money."""
    money = (
        "modelled",
        "actual",
        "difference",
        "modelled_liability",
        "actual_liability",
        "liability_difference",
        "liability",
        "band_d_difference",
    )
    sheets = {
        "Summary": pl.DataFrame({"finding": result.summary}),
        "Totals": result.totals,
        "By band": result.by_band,
        "Largest differences": result.largest,
        "Likely causes": result.causes,
    }
    return write_workbook(path, sheets, money=money)
