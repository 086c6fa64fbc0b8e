"""`evaluate(scheme, caseload)`: every claim's award under a scheme, with the flags that explain it.

The lever-free stages come from `means_test.means_tested` (cached per caseload); this module applies
the working-age levers (minimum contribution, band cap, income grid, minimum award) and rounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from townhall.tax.caseload import Caseload
from townhall.tax.means_test import (
    WEEKS_PER_YEAR_REGULATION,
    BoolArray,
    MeansTested,
    band_capped_liability_yearly,
    income_grid_share,
    means_tested,
    protected,
)
from townhall.tax.money import FloatArray, round_pence, yearly_to_display_weekly
from townhall.tax.scheme import Scheme


@dataclass(frozen=True)
class Evaluation:
    """The result of a scheme over a caseload: arrays per claim, and the stages behind them."""

    scheme: Scheme
    caseload: Caseload
    stages: MeansTested
    eligible_liability_yearly: FloatArray
    maximum_support_weekly: FloatArray
    award_weekly: FloatArray
    award_yearly: FloatArray
    to_pay_yearly: FloatArray
    is_protected: BoolArray
    is_band_capped: BoolArray
    is_below_minimum_award: BoolArray
    is_second_adult_rebate: BoolArray
    is_income_banded: BoolArray

    @property
    def liability_yearly(self) -> FloatArray:
        """Each home's bill after discounts."""
        return self.stages.liability.liability_yearly

    def table(self) -> pl.DataFrame:
        """One row per claim: money figures and the flags that explain each award."""
        caseload = self.caseload
        return pl.DataFrame(
            {
                "claim_id": caseload.table.get_column("claim_id"),
                "weight": caseload.weight,
                "band": caseload.table.get_column("band"),
                "is_pensioner": caseload.flag("pensioner"),
                "liability_yearly": self.liability_yearly,
                "eligible_liability_yearly": self.eligible_liability_yearly,
                "award_yearly": self.award_yearly,
                "to_pay_yearly": self.to_pay_yearly,
                "to_pay_weekly": yearly_to_display_weekly(self.to_pay_yearly),
                "is_passported": caseload.flag("passported"),
                "is_protected": self.is_protected,
                "is_band_capped": self.is_band_capped,
                "is_capital_excluded": self.stages.capital_excluded,
                "is_below_minimum_award": self.is_below_minimum_award,
                "is_second_adult_rebate": self.is_second_adult_rebate,
                "is_income_banded": self.is_income_banded,
            }
        )

    def total_award_yearly(self, mask: BoolArray | None = None) -> float:
        """The weighted yearly cost of support, over all claims or those in `mask`."""
        weights = self.caseload.weight if mask is None else self.caseload.weight * mask
        return float(np.dot(weights, self.award_yearly))

    def claims(self, mask: BoolArray | None = None) -> float:
        """The weighted number of claims, over all or those in `mask`."""
        return float(
            self.caseload.weight.sum() if mask is None else self.caseload.weight[mask].sum()
        )

    def receiving(self) -> BoolArray:
        """Claims with an award above zero."""
        return self.award_yearly > 0


def evaluate(scheme: Scheme, caseload: Caseload) -> Evaluation:
    """Apply a scheme to every claim at once; no Python loop over claims."""
    stages = means_tested(scheme, caseload)
    levers = scheme.levers
    pensioner = caseload.flag("pensioner")
    working_age = ~pensioner

    is_protected = protected(levers, caseload)
    eligible_yearly, is_capped = band_capped_liability_yearly(
        scheme.council, levers, caseload, stages.liability
    )
    eligible_weekly = eligible_yearly / WEEKS_PER_YEAR_REGULATION
    contribution = np.where(working_age & ~is_protected, levers.minimum_contribution.value, 0.0)
    maximum_weekly = np.maximum(
        eligible_weekly * (1.0 - contribution) - stages.non_dependant_deduction_weekly, 0.0
    )

    tapered = maximum_weekly - stages.taper * stages.excess_income_weekly
    if levers.income_grid is not None:
        share = income_grid_share(levers, caseload, stages.income_weekly)
        banded = maximum_weekly - eligible_weekly * (1.0 - contribution) * (1.0 - share)
        tapered = np.where(working_age, banded, tapered)
        is_banded = working_age.copy()
    else:
        is_banded = np.zeros(len(caseload), dtype=bool)
    main_weekly = np.where(stages.capital_excluded, 0.0, np.maximum(tapered, 0.0))

    award_weekly = np.maximum(main_weekly, stages.second_adult_rebate_weekly)
    is_second_adult = stages.second_adult_rebate_weekly > main_weekly
    below_minimum = (
        working_age & (award_weekly > 0) & (award_weekly < levers.minimum_award_weekly.value)
    )
    award_weekly = np.where(below_minimum, 0.0, award_weekly)

    award_yearly = np.minimum(
        round_pence(award_weekly * WEEKS_PER_YEAR_REGULATION), stages.liability.liability_yearly
    )
    return Evaluation(
        scheme=scheme,
        caseload=caseload,
        stages=stages,
        eligible_liability_yearly=eligible_yearly,
        maximum_support_weekly=maximum_weekly,
        award_weekly=award_weekly,
        award_yearly=award_yearly,
        to_pay_yearly=round_pence(stages.liability.liability_yearly - award_yearly),
        is_protected=is_protected,
        is_band_capped=is_capped,
        is_below_minimum_award=below_minimum,
        is_second_adult_rebate=is_second_adult & (award_weekly > 0),
        is_income_banded=is_banded,
    )
