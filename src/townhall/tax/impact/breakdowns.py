"""The groups a comparison is broken down by: claimant type, household, band, ward, income decile.

Claimant type, band, ward and decile split the claims without overlap (a `Partition`, counted in
one pass); household groups overlap (a family can be in work and disabled) and are masks.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from townhall.tax.bands import BANDS
from townhall.tax.claims.caseload import Caseload
from townhall.tax.impact.winners import Flags, Partition, weighted_deciles
from townhall.tax.rules.evaluate import Evaluation


def by_claimant_type(option: Evaluation) -> Partition:
    """Pensioners, and working-age claimants the option protects or does not."""
    pensioner = option.caseload.arrays.pensioner
    codes = np.where(pensioner, 0, np.where(option.is_protected, 1, 2))
    return Partition(
        codes.astype(np.int64),
        ["Pensioners", "Working age, protected", "Working age, not protected"],
    )


def by_household(option: Evaluation) -> dict[str, Flags]:
    """Households with children, with a disabled member, in work (groups overlap)."""
    claims = option.caseload.arrays
    disabled = claims.disability_premium | claims.disabled_child_premium
    in_work = claims.weekly_earnings > 0
    return {
        "With children": claims.has_children,
        "Disabled adult or child": disabled,
        "In work": in_work,
        "None of these": ~claims.has_children & ~disabled & ~in_work,
    }


def by_band(caseload: Caseload) -> Partition:
    """Each council tax band with claims."""
    present = np.unique(caseload.band_index)
    lookup = np.zeros(len(BANDS), dtype=np.int64)
    lookup[present] = np.arange(len(present))
    return Partition(lookup[caseload.band_index], [f"Band {BANDS[i]}" for i in present])


def by_ward(caseload: Caseload) -> Partition | None:
    """Each ward, where the caseload records wards; None where it does not."""
    wards = caseload.table.get_column("ward")
    if wards.null_count() == len(wards):
        return None
    names = sorted(wards.fill_null("(no ward)").unique().to_list())
    codes = wards.fill_null("(no ward)").cast(pl.Enum(names)).to_physical().to_numpy()
    return Partition(codes.astype(np.int64), names)


def income_deciles(base: Evaluation) -> np.ndarray:
    """Weighted deciles of counted weekly income under the base scheme (1 = lowest)."""
    return weighted_deciles(base.stages.income_weekly, base.caseload.weight)


def by_income_decile(deciles: np.ndarray) -> Partition:
    """Each weekly income decile."""
    return Partition(deciles.astype(np.int64) - 1, [f"Decile {d}" for d in range(1, 11)])
