"""Synthetic caseloads calibrated to published totals, deterministic for a given seed.

The Birmingham 2013 caseload matches the seed essay's counts exactly (137,000 claims: 54,000
pensioners, 83,000 working-age) and is calibrated so that Council Tax Benefit (`ctb-2012`) costs
£100 million: one scale on incomes above the applicable amount is solved by bisection. Everything
else (bands, household types, incomes, disability) is an assumption, listed in docs/synthetic.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from townhall.problems import InvalidInputError, Problem
from townhall.tax.bands import BANDS
from townhall.tax.claims.caseload import Caseload, completed
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import load_bundled_scheme


@dataclass(frozen=True)
class Target:
    """A published total the synthetic caseload must reproduce, with the words that state it."""

    name: str
    value: float
    quote: str


@dataclass(frozen=True)
class Profile:
    """What a synthetic caseload is calibrated to and the assumptions it is drawn from."""

    name: str
    calibration_scheme: str
    pensioners: int
    working_age: int
    cost_yearly: float
    source: str
    targets: tuple[Target, ...]
    wards: tuple[str, ...]
    band_shares: tuple[float, ...]


SEED_ESSAY = (
    'Chris Game, "Council Tax Benefits: A Case of Seriously Muscular Localism", INLOGOV (2012)'
)

# Birmingham's 40 wards as they stood from 2004 to 2018 (Birmingham City Council).
BIRMINGHAM_WARDS_2004 = (
    "Acocks Green", "Aston", "Bartley Green", "Billesley", "Bordesley Green", "Bournville",
    "Brandwood", "Edgbaston", "Erdington", "Hall Green", "Handsworth Wood", "Harborne",
    "Hodge Hill", "Kings Norton", "Kingstanding", "Ladywood", "Longbridge",
    "Lozells and East Handsworth", "Moseley and Kings Heath", "Nechells", "Northfield", "Oscott",
    "Perry Barr", "Quinton", "Selly Oak", "Shard End", "Sheldon", "Soho", "South Yardley",
    "Sparkbrook", "Springfield", "Stechford and Yardley North", "Stockland Green",
    "Sutton Four Oaks", "Sutton New Hall", "Sutton Trinity", "Sutton Vesey", "Tyburn",
    "Washwood Heath", "Weoley",
)  # fmt: skip

PROFILES: dict[str, Profile] = {
    "birmingham-2013": Profile(
        name="birmingham-2013",
        calibration_scheme="ctb-2012",
        pensioners=54_000,
        working_age=83_000,
        cost_yearly=100_000_000.0,
        source=SEED_ESSAY,
        targets=(
            Target("claims", 137_000, "'approximately 137,000 council tax payers'"),
            Target("pensioner claims", 54_000, "'54,000 pensioners are protected'"),
            Target("working-age claims", 83_000, "'83,000 working-age recipients'"),
            Target("cost under ctb-2012 (£ a year)", 100_000_000, "'£100 million'"),
        ),
        wards=BIRMINGHAM_WARDS_2004,
        # Assumption: claimants live mostly in Bands A to C (not from a published count).
        band_shares=(0.30, 0.30, 0.22, 0.11, 0.05, 0.015, 0.005, 0.0),
    )
}


# The share of working-age claims on Universal Credit where a synthetic caseload stands for today:
# "2,204 working age residents in receipt of CTR and, of these, 1,221 were in receipt of Universal
# Credit" (Royal Borough of Windsor and Maidenhead, Cabinet, 2023/24 Council Tax Reduction scheme,
# https://rbwm.moderngov.co.uk/mgAi.aspx?ID=21832): 55.4%. No national figure was found.
UNIVERSAL_CREDIT_SHARE_TODAY = 1221 / 2204


def synthetic_caseload(
    name: str, seed: int = 2013, size: int | None = None, universal_credit_share: float = 0.0
) -> Caseload:
    """A synthetic caseload for `name`, calibrated at the profile's own size, drawn at `size`.

    With `universal_credit_share`, that share of the working-age claims are on Universal Credit
    instead (Birmingham's 2013/14 caseload had none: UC began that April in pathfinder areas
    elsewhere); `UNIVERSAL_CREDIT_SHARE_TODAY` stands for a caseload of today."""
    profile = _profile(name)
    scale = calibrated_income_scale(profile, seed)
    total = profile.pensioners + profile.working_age
    claims = _with_incomes(*_draw(profile, seed, size or total), scale)
    if universal_credit_share > 0:
        claims = on_universal_credit(claims, universal_credit_share, seed)
    return Caseload(completed(claims))


def on_universal_credit(claims: pl.DataFrame, share: float, seed: int) -> pl.DataFrame:
    """Move `share` of the working-age claims onto Universal Credit, with the monthly figures DWP
    would report (assumptions, docs/synthetic.md): the maximum amount about the claim's weekly
    need × 52 ÷ 12, earned and other income as the claim's own, the award the maximum less 55%
    of earnings above a work allowance and all other income (the UC taper since November 2021)."""
    rng = np.random.default_rng(seed + 1)
    working = ~claims.get_column("pensioner").to_numpy()
    chosen = working & (rng.random(claims.height) < share)
    partner = claims.get_column("partner_age").is_not_null().to_numpy()
    children = claims.get_column("children").to_numpy()
    need_weekly = np.where(partner, 115.0, 72.0) + 65.0 * children
    maximum = np.round(need_weekly * 52 / 12 * rng.uniform(1.0, 1.6, claims.height), 2)
    earned = np.round(claims.get_column("weekly_earnings").to_numpy() * 52 / 12, 2)
    unearned = np.round(claims.get_column("weekly_other_income").to_numpy() * 52 / 12, 2)
    work_allowance = np.where(children > 0, 411.0, 0.0)
    award = np.maximum(maximum - 0.55 * np.maximum(earned - work_allowance, 0.0) - unearned, 0.0)

    def only_chosen(values: NDArray[Any]) -> pl.Series:
        return pl.Series(np.where(chosen, values, 0.0))

    return claims.with_columns(
        universal_credit=pl.Series(chosen),
        passported=pl.Series(claims.get_column("passported").to_numpy() & ~chosen),
        uc_maximum_amount_monthly=only_chosen(maximum),
        uc_award_monthly=only_chosen(np.round(award, 2)),
        uc_earned_income_monthly=only_chosen(earned),
        uc_unearned_income_monthly=only_chosen(unearned),
    )


def calibration_report(name: str, seed: int = 2013) -> pl.DataFrame:
    """Each calibration target beside what the synthetic caseload gives, with its source."""

    profile = _profile(name)
    caseload = synthetic_caseload(name, seed)
    result = evaluate(load_bundled_scheme(profile.calibration_scheme), caseload)
    pensioner = caseload.flag("pensioner")
    achieved = (
        result.claims(),
        result.claims(pensioner),
        result.claims(~pensioner),
        result.total_award_yearly(),
    )
    return pl.DataFrame(
        {
            "target": [t.name for t in profile.targets],
            "published": [float(t.value) for t in profile.targets],
            "synthetic": [float(a) for a in achieved],
            "difference": [
                a / t.value - 1.0 for t, a in zip(profile.targets, achieved, strict=True)
            ],
            "quote": [t.quote for t in profile.targets],
        }
    )


_scale_cache: dict[tuple[str, int], float] = {}


def calibrated_income_scale(profile: Profile, seed: int) -> float:
    """The scale on incomes above need that makes the calibration scheme cost the target."""
    key = (profile.name, seed)
    if key in _scale_cache:
        return _scale_cache[key]

    scheme = load_bundled_scheme(profile.calibration_scheme)
    size = profile.pensioners + profile.working_age

    claims, incomes = _draw(profile, seed, size)

    def cost(scale: float) -> float:
        return evaluate(
            scheme, Caseload(completed(_with_incomes(claims, incomes, scale)))
        ).total_award_yearly()

    low, high = 0.0, 8.0
    if not cost(high) <= profile.cost_yearly <= cost(low):
        raise InvalidInputError(
            [
                Problem(
                    profile.name,
                    "cost_yearly",
                    f"{profile.cost_yearly:,.0f}",
                    "a cost the assumptions can reach",
                )
            ]
        )
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if cost(middle) > profile.cost_yearly else (low, middle)
    _scale_cache[key] = (low + high) / 2
    return _scale_cache[key]


def _profile(name: str) -> Profile:
    if name not in PROFILES:
        raise InvalidInputError(
            [Problem("synthetic", "name", name, f"one of {', '.join(sorted(PROFILES))}")]
        )
    return PROFILES[name]


@dataclass(frozen=True)
class _Incomes:
    """The random parts of incomes, kept apart so calibration can rescale them without redrawing."""

    base: NDArray[Any]
    above_need: NDArray[Any]
    earnings_share: NDArray[Any]
    in_work: NDArray[Any]
    passported: NDArray[Any]


def _with_incomes(claims: pl.DataFrame, incomes: _Incomes, income_scale: float) -> pl.DataFrame:
    """The claims with weekly earnings and other income at this scale of income above need."""
    income = np.where(incomes.passported, 0.0, incomes.base + incomes.above_need * income_scale)
    earnings = np.where(incomes.in_work, income * incomes.earnings_share, 0.0)
    return claims.with_columns(
        weekly_earnings=pl.Series(np.round(earnings, 2)),
        weekly_other_income=pl.Series(np.round(income - earnings, 2)),
    )


def _draw(profile: Profile, seed: int, size: int) -> tuple[pl.DataFrame, _Incomes]:
    """Draw `size` claims with the profile's pensioner share; one seed, the same claims."""
    rng = np.random.default_rng(seed)
    share_pensioner = profile.pensioners / (profile.pensioners + profile.working_age)
    count_pensioner = round(size * share_pensioner)
    pensioner = np.zeros(size, dtype=bool)
    pensioner[:count_pensioner] = True

    band = rng.choice(len(BANDS), size=size, p=np.array(profile.band_shares))
    # Household shapes (assumptions): pensioners 70% single; working age 50% single,
    # 10% couples without children, 25% lone parents, 15% couples with children.
    shape = np.where(
        pensioner,
        rng.choice(2, size=size, p=[0.7, 0.3]),
        rng.choice(4, size=size, p=[0.50, 0.10, 0.25, 0.15]),
    )
    has_partner = (shape == 1) | (shape == 3)
    has_children = ~pensioner & (shape >= 2)
    claimant_age = np.where(pensioner, rng.integers(62, 96, size), rng.integers(18, 62, size))
    partner_age = np.where(
        has_partner, np.clip(claimant_age + rng.integers(-6, 7, size), 18, 100), -1
    )
    children = np.where(
        has_children, rng.choice([1, 2, 3, 4], size=size, p=[0.42, 0.35, 0.16, 0.07]), 0
    )
    youngest = np.where(has_children, rng.integers(0, 16, size), -1)

    passported = np.where(pensioner, rng.random(size) < 0.60, rng.random(size) < 0.65)
    disability = ~pensioner & (rng.random(size) < 0.20)
    disabled_child = has_children & (rng.random(size) < 0.06)
    carer = rng.random(size) < 0.05
    war_pension = rng.random(size) < 0.003

    # Incomes of those not passported: around the applicable amount, spread by `income_scale`.
    in_work = ~pensioner & ~passported & (rng.random(size) < 0.7)
    base_need = (
        np.where(has_partner, 115.0, 72.0) + 65.0 * children + np.where(pensioner, 100.0, 0.0)
    )
    incomes = _Incomes(
        base=base_need * rng.uniform(0.6, 1.05, size),
        above_need=rng.gamma(1.3, 30.0, size),
        earnings_share=rng.uniform(0.5, 1.0, size),
        in_work=in_work,
        passported=passported,
    )
    capital = np.where(rng.random(size) < 0.12, rng.gamma(1.5, 4000.0, size), 0.0)
    capital = np.where(passported, np.minimum(capital, 5999.0), capital)

    non_dependants = rng.choice([0, 1, 2], size=size, p=[0.85, 0.12, 0.03])
    non_dependant_income = np.where(non_dependants > 0, rng.gamma(2.0, 110.0, size), 0.0)
    non_dependants_passported = (non_dependants > 0) & (rng.random(size) < 0.3)

    ward = np.array(profile.wards)[rng.integers(0, len(profile.wards), size)]
    claims = pl.DataFrame(
        {
            "claim_id": ("C" + pl.int_range(size, eager=True).cast(pl.String).str.zfill(7)),
            "weight": np.ones(size),
            "ward": ward,
            "band": np.array(BANDS)[band],
            "disabled_band_reduction": rng.random(size) < 0.01,
            "pensioner": pensioner,
            "claimant_age": claimant_age,
            "partner_age": pl.Series(partner_age).replace(-1, None),
            "children": children,
            "youngest_child_age": pl.Series(youngest).replace(-1, None),
            "passported": passported,
            "weekly_earnings": np.zeros(size),
            "weekly_other_income": np.zeros(size),
            "capital": np.round(capital, 2),
            "disability_premium": disability,
            "disabled_child_premium": disabled_child,
            "war_pension": war_pension,
            "carer": carer,
            "non_dependants": non_dependants,
            "non_dependant_gross_weekly_income": np.round(non_dependant_income, 2),
            "non_dependants_passported": non_dependants_passported,
        }
    )
    return claims, incomes
