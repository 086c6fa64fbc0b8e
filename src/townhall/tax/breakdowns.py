"""The groups a comparison is broken down by: claimant type, household, band, ward, income decile."""

from __future__ import annotations

import numpy as np

from townhall.tax.bands import BANDS
from townhall.tax.evaluate import Evaluation
from townhall.tax.winners import Flags, weighted_deciles


def by_claimant_type(option: Evaluation) -> dict[str, Flags]:
    """Pensioners, and working-age claimants the option protects or does not."""
    pensioner = option.caseload.arrays.pensioner
    return {
        "Pensioners": pensioner,
        "Working age, protected": ~pensioner & option.is_protected,
        "Working age, not protected": ~pensioner & ~option.is_protected,
    }


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


def by_band(option: Evaluation) -> dict[str, Flags]:
    """Each council tax band with claims."""
    band = option.caseload.band_index
    return {
        f"Band {name}": band == index for index, name in enumerate(BANDS) if (band == index).any()
    }


def by_ward(option: Evaluation) -> dict[str, Flags] | None:
    """Each ward, where the caseload records wards; None where it does not."""
    wards = option.caseload.table.get_column("ward")
    if wards.null_count() == len(wards):
        return None
    values = wards.fill_null("(no ward)").to_numpy()
    return {str(ward): values == ward for ward in sorted(set(values))}


def income_deciles(base: Evaluation) -> np.ndarray:
    """Weighted deciles of counted weekly income under the base scheme (1 = lowest)."""
    return weighted_deciles(base.stages.income_weekly, base.caseload.weight)


def by_income_decile(deciles: np.ndarray) -> dict[str, Flags]:
    """Each weekly income decile."""
    return {f"Decile {d}": deciles == d for d in range(1, 11)}
