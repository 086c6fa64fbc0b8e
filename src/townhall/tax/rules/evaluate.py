"""`evaluate(scheme, caseload)`: every claim's award under a scheme, with the flags that explain it.

The lever-free stages come from `means_test.means_tested` (cached per caseload); this module applies
the working-age levers (minimum contribution, protected groups, band cap, income grid and the
protected groups' own grid and capital limit, minimum award) block by block, each step written in place, and rounds the award to the penny.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from townhall.tax.bands import BAND_NINTHS
from townhall.tax.claims.caseload import Caseload
from townhall.tax.claims.claim_arrays import ClaimArrays, Flags, Floats
from townhall.tax.money import (
    WEEKS_PER_YEAR_REGULATION,
    round_pence,
    weighted_total,
    yearly_to_display_weekly,
)
from townhall.tax.rules.means_test import (
    BLOCK_CLAIMS,
    MeansTested,
    income_grid_share,
    means_tested,
    protected,
)
from townhall.tax.rules.scheme import GRID_HOUSEHOLDS, HOUSEHOLD_TYPES, IncomeGrid, Levers, Scheme


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
    is_capital_excluded: Flags

    @property
    def liability_yearly(self) -> Floats:
        """Each home's bill after discounts."""
        return self.stages.liability_yearly

    @cached_property
    def to_pay_yearly(self) -> Floats:
        """What each household is left to pay in the year (worked out once)."""
        return round_pence(self.stages.liability_yearly - self.award_yearly)

    def table(self) -> pl.DataFrame:
        """One row per claim: money figures and the flags that explain each award, then the
        caseload file's own columns that Townhall does not use (to join back to its records)."""
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
                "is_capital_excluded": self.is_capital_excluded,
                "is_below_minimum_award": self.is_below_minimum_award,
                "is_second_adult_rebate": self.is_second_adult_rebate,
                "is_income_banded": self.is_income_banded,
            }
        ).hstack(caseload.table.select(caseload.extra_columns))

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
class _Grid:
    """An income grid as arrays: its rising limits, its shares [band, household type], its child
    increment (weekly amount, most children counted) and its partner increment."""

    limits: Floats
    shares: Floats
    child_increment: tuple[float, int]
    partner_increment: float
    by_household_kind: bool  # columns beyond the four household types: shares by household kind

    @classmethod
    def of(cls, grid: IncomeGrid | None) -> _Grid | None:
        if grid is None:
            return None
        bands = grid.bands.value
        finer = set(bands[0].discount) != set(HOUSEHOLD_TYPES)
        return cls(
            limits=np.array([b.up_to_weekly_income for b in bands]),
            shares=np.array([[b.share_for(h) for h in GRID_HOUSEHOLDS] for b in bands])
            if finer
            else np.array([[b.discount[k] for k in HOUSEHOLD_TYPES] for b in bands]),
            child_increment=grid.child_increment(),
            partner_increment=grid.partner_increment(),
            by_household_kind=finer,
        )

    def share(self, claims: ClaimArrays, income: Floats, no_income_test: Flags) -> Floats:
        """Each claim's share of liability under this grid."""
        return income_grid_share(
            self.limits,
            self.shares,
            claims,
            income,
            no_income_test,
            self.child_increment,
            self.partner_increment,
            self.by_household_kind,
        )


@dataclass(frozen=True)
class _LeverTables:
    """A scheme's levers as numbers and small arrays, ready for the block loop."""

    minimum_contribution: float
    protected_minimum_contribution: float
    award_reduction: tuple[float, float]  # outside and inside the protected groups
    grid_after_deductions: bool
    cap_ninths: float
    cap_share: float
    cap_after_discounts: bool
    cap_exempts_protected: bool
    default_cap: bool
    band_d_total_yearly: float
    minimum_award_weekly: float
    groups: set[str]
    child_under_age: int | None
    grid: _Grid | None
    protected_grid: _Grid | None
    protected_capital_upper: float | None
    capital_upper_inclusive: bool  # the working-age "or more" applies to the protected limit too

    @classmethod
    def of(cls, scheme: Scheme) -> _LeverTables:
        levers: Levers = scheme.levers
        cap = levers.band_cap.value
        protected_capital = levers.protected_capital_upper_limit
        return cls(
            minimum_contribution=levers.minimum_contribution.value,
            protected_minimum_contribution=levers.protected_minimum_contribution.value,
            award_reduction=(
                levers.award_reduction.value,
                levers.protected_award_reduction.value,
            ),
            grid_after_deductions=levers.income_grid_after_deductions.value,
            cap_ninths=np.inf if cap == "none" else float(BAND_NINTHS[cap]),
            cap_share=levers.band_cap_share.value,
            cap_after_discounts=levers.band_cap_after_discounts.value,
            cap_exempts_protected=levers.band_cap_exempts_protected.value,
            default_cap=levers.default_band_cap,
            band_d_total_yearly=scheme.council.band_d_total_yearly(),
            minimum_award_weekly=levers.minimum_award_weekly.value,
            groups=set(levers.protected_groups.value),
            child_under_age=levers.protected_child_under_age.value
            if levers.protected_child_under_age
            else None,
            grid=_Grid.of(levers.income_grid),
            protected_grid=_Grid.of(levers.protected_income_grid),
            protected_capital_upper=protected_capital.value if protected_capital else None,
            capital_upper_inclusive=scheme.working_age.capital.upper_limit_inclusive.value,
        )


def evaluate(scheme: Scheme, caseload: Caseload) -> Evaluation:
    """Apply a scheme to every claim at once; no Python loop over claims."""
    stages = means_tested(scheme, caseload)
    levers = _LeverTables.of(scheme)
    claims = caseload.arrays
    size = len(claims)
    cappable = claims.lookups.working_age
    if levers.cap_exempts_protected:
        kinds = claims.lookups.protection
        by_kind = protected(levers.groups, levers.child_under_age, kinds.representatives)
        cappable = cappable & ~by_kind[kinds.code]
    is_band_capped, eligible_yearly = _band_cap(levers, claims, stages, cappable)
    awards = _Awards(
        maximum_weekly=np.empty(size),
        award_yearly=np.empty(size),
        is_protected=np.empty(size, dtype=bool),
        is_second_adult_rebate=np.empty(size, dtype=bool),
        # Without a minimum award no award is below it; zeros cost nothing until written.
        is_below_minimum_award=np.zeros(size, dtype=bool),
    )
    levers_pass = _LeverPass.of(levers, claims, stages, eligible_yearly, awards)
    for start in range(0, size, BLOCK_CLAIMS):
        levers_pass.block(slice(start, min(start + BLOCK_CLAIMS, size)))
    if levers.protected_capital_upper is None:
        capital_excluded = stages.capital_excluded
    else:
        capital_excluded = _capital_excluded(levers, claims, stages, awards)
    return Evaluation(
        scheme=scheme,
        caseload=caseload,
        stages=stages,
        eligible_liability_yearly=eligible_yearly,
        maximum_support_weekly=awards.maximum_weekly,
        award_yearly=awards.award_yearly,
        is_protected=awards.is_protected,
        is_band_capped=is_band_capped,
        is_below_minimum_award=awards.is_below_minimum_award,
        is_second_adult_rebate=awards.is_second_adult_rebate,
        is_income_banded=claims.lookups.working_age.copy()
        if levers.grid is not None
        else np.zeros(size, dtype=bool),
        is_capital_excluded=capital_excluded,
    )


@dataclass(frozen=True)
class _Awards:
    """The arrays `evaluate` fills, block by block."""

    maximum_weekly: Floats
    award_yearly: Floats
    is_protected: Flags
    is_second_adult_rebate: Flags
    is_below_minimum_award: Flags


@dataclass(frozen=True)
class _Scratch:
    """Working arrays for one block of claims, reused from block to block."""

    share: Floats
    supported: Floats
    main: Floats
    award: Floats
    flag: Flags

    @classmethod
    def of(cls, size: int) -> _Scratch:
        return cls(
            share=np.empty(size),
            supported=np.empty(size),
            main=np.empty(size),
            award=np.empty(size),
            flag=np.empty(size, dtype=bool),
        )

    def first(self, n: int) -> _Scratch:
        """Views of the first n places (the last block may be short)."""
        return _Scratch(**{name: getattr(self, name)[:n] for name in _Scratch.__dataclass_fields__})


@dataclass(frozen=True)
class _LeverPass:
    """The levers applied over blocks of claims, each step written in place.

    Numpy writes each step into the output or into scratch space for one block (`out=`) rather
    than making a new temporary per step, and a block's figures stay in the CPU cache between
    steps. Look-ups use `mode="clip"`, which lets numpy write straight into `out` (the codes are
    always in range, so nothing is clipped).
    """

    levers: _LeverTables
    claims: ClaimArrays
    stages: MeansTested
    eligible_yearly: Floats
    protected_by_kind: Flags  # by kind of claim (`ClaimLookups.protection`)
    kept_share_by_kind: Floats  # the share left after the minimum contribution, by kind
    award_kept_by_kind: Floats | None  # the share of the award left after its reduction, by kind
    awards: _Awards
    scratch: _Scratch

    @classmethod
    def of(
        cls,
        levers: _LeverTables,
        claims: ClaimArrays,
        stages: MeansTested,
        eligible_yearly: Floats,
        awards: _Awards,
    ) -> _LeverPass:
        # Protection reads a few claim columns, so it is decided once per kind of claim.
        kinds = claims.lookups.protection.representatives
        protected_by_kind = protected(levers.groups, levers.child_under_age, kinds)
        pays = ~kinds.pensioner & ~protected_by_kind
        kept_share = (
            1.0
            - levers.minimum_contribution * pays
            - levers.protected_minimum_contribution * protected_by_kind
        ).astype(np.float64)
        outside, inside = levers.award_reduction
        award_kept = (
            None
            if outside == inside == 0
            else (1.0 - outside * pays - inside * protected_by_kind).astype(np.float64)
        )
        return cls(
            levers=levers,
            claims=claims,
            stages=stages,
            eligible_yearly=eligible_yearly,
            protected_by_kind=protected_by_kind,
            kept_share_by_kind=kept_share,
            award_kept_by_kind=award_kept,
            awards=awards,
            scratch=_Scratch.of(BLOCK_CLAIMS),
        )

    def block(self, part: slice) -> None:
        """The working-age levers over claims `part`; pensioners keep the prescribed scheme."""
        levers, stages, awards, lookups = self.levers, self.stages, self.awards, self.claims.lookups
        scratch = self.scratch.first(part.stop - part.start)
        share, supported, main = scratch.share, scratch.supported, scratch.main
        award, flag = scratch.award, scratch.flag
        kind = lookups.protection.code[part]
        np.take(self.protected_by_kind, kind, out=awards.is_protected[part], mode="clip")

        # Minimum contribution: working-age claims outside the protected groups pay a share first.
        np.divide(self.eligible_yearly[part], WEEKS_PER_YEAR_REGULATION, out=supported)
        np.take(self.kept_share_by_kind, kind, out=share, mode="clip")
        np.multiply(supported, share, out=supported)
        maximum = awards.maximum_weekly[part]
        np.subtract(supported, stages.non_dependant_deduction_weekly[part], out=maximum)
        np.maximum(maximum, 0.0, out=maximum)

        # The main award: the maximum less the taper on excess income (with an income grid, the
        # grid's share instead for working age); nothing for capital above the upper limit.
        np.multiply(stages.taper[part], stages.excess_income_weekly[part], out=main)
        np.subtract(maximum, main, out=main)
        if levers.grid is not None:
            claims = self.claims.block(part.start, part.stop)
            income, untested = stages.income_weekly[part], stages.passported[part]
            grid_share = levers.grid.share(claims, income, untested)
            if levers.protected_grid is not None:
                protected_share = levers.protected_grid.share(claims, income, untested)
                np.copyto(grid_share, protected_share, where=awards.is_protected[part])
            if levers.grid_after_deductions:
                banded = maximum * grid_share
            else:
                banded = maximum - supported * (1.0 - grid_share)
            np.copyto(main, banded, where=lookups.working_age[part])
        np.maximum(main, 0.0, out=main)
        if levers.protected_capital_upper is None:
            np.logical_not(stages.capital_excluded[part], out=flag)
        else:
            np.logical_not(
                _capital_excluded(levers, self.claims, stages, awards, part),
                out=flag,
            )
        np.multiply(main, flag, out=main)
        if self.award_kept_by_kind is not None:
            np.take(self.award_kept_by_kind, kind, out=share, mode="clip")
            np.multiply(main, share, out=main)

        # The award: the larger of the main award and second adult rebate, unless below the minimum.
        rebate = stages.second_adult_rebate_weekly[part]
        np.maximum(main, rebate, out=award)
        if levers.minimum_award_weekly > 0:
            below = awards.is_below_minimum_award[part]
            np.less(award, levers.minimum_award_weekly, out=below)
            np.logical_and(below, award > 0, out=below)
            np.logical_and(below, lookups.working_age[part], out=below)
            np.logical_not(below, out=flag)
            np.multiply(award, flag, out=award)
        second = awards.is_second_adult_rebate[part]
        np.greater(rebate, main, out=second)
        np.greater(award, 0.0, out=flag)
        np.logical_and(second, flag, out=second)

        # Yearly, to the penny, never more than the bill.
        yearly = awards.award_yearly[part]
        np.multiply(award, WEEKS_PER_YEAR_REGULATION, out=yearly)
        round_pence(yearly, out=yearly)
        np.minimum(yearly, stages.liability_yearly[part], out=yearly)


def _band_cap(
    levers: _LeverTables, claims: ClaimArrays, stages: MeansTested, cappable: Flags
) -> tuple[Flags, Floats]:
    """Which claims the band cap limits, and each claim's eligible liability (the `cappable`
    claims only: working age, less the protected groups where the scheme exempts them).
    Uncapped, that is the bill itself. The cap as first applied (the whole cap band's charge, less
    the home's discount) limits homes above the cap band to that charge; a cap that is a share of
    the band's charge, or one on the undiscounted charge, is the lower of the bill and the cap."""
    if np.isinf(levers.cap_ninths):  # no cap
        return np.zeros(len(claims), dtype=bool), stages.liability_yearly
    cap_charge = round_pence(np.array(levers.band_d_total_yearly / 9.0 * levers.cap_ninths))
    if not levers.default_cap:
        kept = (1.0 - claims.discount) if levers.cap_after_discounts else 1.0
        cap = round_pence(cap_charge * levers.cap_share * kept)
        capped = (cap < stages.liability_yearly) & cappable
        return capped, np.where(capped, cap, stages.liability_yearly)
    capped = (claims.effective_ninths > levers.cap_ninths) & cappable
    if not capped.any():
        return capped, stages.liability_yearly
    eligible = np.where(
        capped, round_pence(cap_charge * (1.0 - claims.discount)), stages.liability_yearly
    )
    return capped, eligible


def _capital_excluded(
    levers: _LeverTables,
    claims: ClaimArrays,
    stages: MeansTested,
    awards: _Awards,
    part: slice = slice(None),
) -> Flags:
    """Claims with no support for capital where protected groups have their own higher limit:
    protected claims above that limit, or at it with "or more" (not passported), others as the
    means test found."""
    limit, capital = levers.protected_capital_upper, claims.capital[part]
    assert limit is not None, "called only with a protected capital limit"
    above = (capital >= limit) if levers.capital_upper_inclusive else (capital > limit)
    above &= ~claims.passported[part]
    return np.where(awards.is_protected[part], above, stages.capital_excluded[part])
