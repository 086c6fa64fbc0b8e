"""Totals of an evaluation: cost and claims overall, by pensioner and working age, and by band."""

from __future__ import annotations

import numpy as np
import polars as pl

from townhall.tax.bands import BANDS
from townhall.tax.money import weighted_total
from townhall.tax.rules.evaluate import Evaluation


def totals(result: Evaluation) -> pl.DataFrame:
    """Weighted claims, claims receiving support, yearly cost and average award, by age group."""
    pensioner = result.caseload.flag("pensioner")
    groups = {
        "All claims": np.ones(len(result.caseload), dtype=bool),
        "Pensioners": pensioner,
        "Working age": ~pensioner,
    }
    return _summarise(result, groups, "group")


def by_band(result: Evaluation) -> pl.DataFrame:
    """The same figures for each council tax band that has claims."""
    band = result.caseload.band_index
    groups = {
        f"Band {name}": band == index for index, name in enumerate(BANDS) if (band == index).any()
    }
    return _summarise(result, groups, "band")


def _summarise(result: Evaluation, groups: dict[str, np.ndarray], label: str) -> pl.DataFrame:
    weight = result.caseload.weight
    receiving = result.receiving()
    pays_something = result.to_pay_yearly > 0
    rows = []
    for name, mask in groups.items():
        claims = float(weight[mask].sum())
        cost = result.total_award_yearly(mask)
        rows.append(
            {
                label: name,
                "claims": claims,
                "supported": float(weight[mask & receiving].sum()),
                "paying": float(weight[mask & pays_something].sum()),
                "liability_yearly": weighted_total(result.liability_yearly[mask], weight[mask]),
                "cost_yearly": cost,
                "average_yearly": cost / claims if claims else 0.0,
            }
        )
    return pl.DataFrame(rows)
