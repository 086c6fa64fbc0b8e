"""`evaluate(scheme, caseload)`: every claim's award under a scheme, with the flags that explain it.

The lever-free stages come from `means_test.means_tested` (cached per caseload); this module applies
the working-age levers (minimum contribution, protected groups, band cap, income grid, minimum
award) block by block, and rounds the award to the penny.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from townhall.tax.bands import BAND_NINTHS
from townhall.tax.caseload import Caseload
from townhall.tax.claim_arrays import ClaimArrays, Flags, Floats
from townhall.tax.means_test import (
    BLOCK_CLAIMS,
    WEEKS_PER_YEAR_REGULATION,
    MeansTested,
    income_grid_share,
    means_tested,
    protected,
)
from townhall.tax.money import round_pence, weighted_total, yearly_to_display_weekly
from townhall.tax.scheme import HOUSEHOLD_TYPES, Levers, Scheme


@dataclass(frozen=True)
class Evaluation:
    """The result of a scheme over a caseload: arrays per claim, and the stages behind them."""

    scheme: Scheme
    caseload: Caseload
    stages: MeansTested
    eligible_liability_yearly: Floats
    maximum_support_weekly: Floats
    award_yearly: Floats
    is_protected: Flags
    is_band_capped: Flags
    is_below_minimum_award: Flags
    is_second_adult_rebate: Flags
    is_income_banded: Flags

    @property
    def liability_yearly(self) -> Floats:
        """Each home's bill after discounts."""
        return self.stages.liability_yearly

    @property
    def to_pay_yearly(self) -> Floats:
        """What each household is left to pay in the year."""
        return round_pence(self.stages.liability_yearly - self.award_yearly)

    def table(self) -> pl.DataFrame:
        """One row per claim: money figures and the flags that explain each award."""
        caseload = self.caseload
        to_pay = self.to_pay_yearly
        return pl.DataFrame(
            {
                "claim_id": caseload.table.get_column("claim_id"),
                "weight": caseload.weight,
                "band": caseload.table.get_column("band"),
                "is_pensioner": caseload.arrays.pensioner,
                "liability_yearly": self.liability_yearly,
                "eligible_liability_yearly": self.eligible_liability_yearly,
                "award_yearly": self.award_yearly,
                "to_pay_yearly": to_pay,
                "to_pay_weekly": yearly_to_display_weekly(to_pay),
                "is_passported": caseload.arrays.passported,
                "is_protected": self.is_protected,
                "is_band_capped": self.is_band_capped,
                "is_capital_excluded": self.stages.capital_excluded,
                "is_below_minimum_award": self.is_below_minimum_award,
                "is_second_adult_rebate": self.is_second_adult_rebate,
                "is_income_banded": self.is_income_banded,
            }
        )

    def total_award_yearly(self, mask: Flags | None = None) -> float:
        """The weighted yearly cost of support, over all claims or those in `mask`."""
        weights = self.caseload.weight if mask is None else self.caseload.weight * mask
        return weighted_total(self.award_yearly, weights)

    def claims(self, mask: Flags | None = None) -> float:
        """The weighted number of claims, over all or those in `mask`."""
        return float(
            self.caseload.weight.sum() if mask is None else self.caseload.weight[mask].sum()
        )

    def receiving(self) -> Flags:
        """Claims with an award above zero."""
        return self.award_yearly > 0


@dataclass(frozen=True)
class _LeverTables:
    """A scheme's levers as numbers and small arrays, ready for the block loop."""

    minimum_contribution: float
    cap_ninths: float
    band_d_total_yearly: float
    minimum_award_weekly: float
    groups: set[str]
    child_under_age: int | None
    grid_limits: Floats | None
    grid_shares: Floats | None

    @classmethod
    def of(cls, scheme: Scheme) -> _LeverTables:
        levers: Levers = scheme.levers
        cap = levers.band_cap.value
        grid = levers.income_grid
        return cls(
            minimum_contribution=levers.minimum_contribution.value,
            cap_ninths=np.inf if cap == "none" else float(BAND_NINTHS[cap]),
            band_d_total_yearly=scheme.council.band_d_total_yearly(),
            minimum_award_weekly=levers.minimum_award_weekly.value,
            groups=set(levers.protected_groups.value),
            child_under_age=levers.protected_child_under_age.value
            if levers.protected_child_under_age
            else None,
            grid_limits=np.array([b.up_to_weekly_income for b in grid.bands.value])
            if grid
            else None,
            grid_shares=np.array(
                [[b.discount[k] for k in HOUSEHOLD_TYPES] for b in grid.bands.value]
            )
            if grid
            else None,
        )


def evaluate(scheme: Scheme, caseload: Caseload) -> Evaluation:
    """Apply a scheme to every claim at once; no Python loop over claims."""
    stages = means_tested(scheme, caseload)
    levers = _LeverTables.of(scheme)
    claims = caseload.arrays
    size = len(claims)
    out = {name: np.empty(size) for name in ("eligible", "maximum", "award")}
    flags = {
        name: np.empty(size, dtype=bool) for name in ("protected", "capped", "below", "second")
    }
    for start in range(0, size, BLOCK_CLAIMS):
        stop = min(start + BLOCK_CLAIMS, size)
        block = _apply_levers(levers, claims.block(start, stop), _stage_block(stages, start, stop))
        for name, values in block.items():
            (out if name in out else flags)[name][start:stop] = values
    return Evaluation(
        scheme=scheme,
        caseload=caseload,
        stages=stages,
        eligible_liability_yearly=out["eligible"],
        maximum_support_weekly=out["maximum"],
        award_yearly=out["award"],
        is_protected=flags["protected"],
        is_band_capped=flags["capped"],
        is_below_minimum_award=flags["below"],
        is_second_adult_rebate=flags["second"],
        is_income_banded=~claims.pensioner
        if levers.grid_limits is not None
        else np.zeros(size, dtype=bool),
    )


def _stage_block(stages: MeansTested, start: int, stop: int) -> MeansTested:
    """Views of the cached stages for claims start to stop."""
    return MeansTested(
        **{name: getattr(stages, name)[start:stop] for name in MeansTested.__dataclass_fields__}
    )


def _apply_levers(
    levers: _LeverTables, claims: ClaimArrays, stages: MeansTested
) -> dict[str, Floats | Flags]:
    """The working-age levers over one block of claims; pensioners keep the prescribed scheme."""
    working_age = ~claims.pensioner
    is_protected = protected(levers.groups, levers.child_under_age, claims)

    # Band cap: support as if the home were at most the cap band (working age only).
    capped = (claims.effective_ninths > levers.cap_ninths) & working_age
    if capped.any():
        cap_charge = round_pence(np.array(levers.band_d_total_yearly / 9.0 * levers.cap_ninths))
        eligible_yearly = np.where(
            capped, round_pence(cap_charge * (1.0 - claims.discount)), stages.liability_yearly
        )
    else:
        eligible_yearly = stages.liability_yearly
    eligible_weekly = eligible_yearly / WEEKS_PER_YEAR_REGULATION

    # Minimum contribution: working-age claims outside the protected groups pay a share first.
    kept_share = 1.0 - levers.minimum_contribution * (working_age & ~is_protected)
    supported_weekly = eligible_weekly * kept_share
    maximum_weekly = np.maximum(supported_weekly - stages.non_dependant_deduction_weekly, 0.0)

    if levers.grid_limits is not None and levers.grid_shares is not None:
        share = income_grid_share(
            levers.grid_limits, levers.grid_shares, claims, stages.income_weekly
        )
        banded = maximum_weekly - supported_weekly * (1.0 - share)
        main_weekly = np.where(
            working_age, banded, maximum_weekly - stages.taper * stages.excess_income_weekly
        )
    else:
        main_weekly = maximum_weekly - stages.taper * stages.excess_income_weekly
    main_weekly = np.maximum(main_weekly, 0.0) * ~stages.capital_excluded

    award_weekly = np.maximum(main_weekly, stages.second_adult_rebate_weekly)
    below_minimum = working_age & (award_weekly > 0) & (award_weekly < levers.minimum_award_weekly)
    award_weekly = award_weekly * ~below_minimum
    award_yearly = np.minimum(
        round_pence(award_weekly * WEEKS_PER_YEAR_REGULATION), stages.liability_yearly
    )
    return {
        "eligible": eligible_yearly,
        "maximum": maximum_weekly,
        "award": award_yearly,
        "protected": is_protected,
        "capped": capped,
        "below": below_minimum,
        "second": (stages.second_adult_rebate_weekly > main_weekly) & (award_weekly > 0),
    }
