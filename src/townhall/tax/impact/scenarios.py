"""The seed essay's three choices, each solved for the council's funding gap.

"Spreading the funding cut equally across virtually all CTB recipients apart from pensioners;
giving the rebate to certain groups only; or continuing with the full rebate, and filling the gap
either through raising council tax or finding savings elsewhere" (Chris Game, INLOGOV, 2012).
"""

from __future__ import annotations

from dataclasses import dataclass

from townhall.tax.claims.caseload import Caseload
from townhall.tax.impact.funding import CouncilTaxRise, council_tax_rise
from townhall.tax.impact.gap import Solution, solve_lever
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import Scheme, Sourced, load_bundled_scheme


@dataclass(frozen=True)
class Scenarios:
    """The three choices: two solved schemes and the council tax rise that funds full support."""

    spread_equally: Solution
    protect_groups: Solution
    fund_full_support: CouncilTaxRise


def with_minimum_contribution(
    template: Scheme, share: float, name: str, title: str, why: str
) -> Scheme:
    """The template with a minimum contribution of `share`, named and sourced as a solved option."""
    levers = template.levers.model_copy(
        update={"minimum_contribution": Sourced(value=share, source=why)}
    )
    return template.model_copy(update={"levers": levers, "name": name, "title": title})


def seed_scenarios(
    caseload: Caseload,
    gap_yearly: float,
    baseline: Scheme,
    protected_template: Scheme,
    tax_base_band_d: float,
    collection_rate: float,
) -> Scenarios:
    """Solve each of the three choices for `gap_yearly` against the baseline's cost."""
    baseline_cost = evaluate(baseline, caseload).total_award_yearly()
    equal_template = load_bundled_scheme("default-2013")
    why = f"solved by townhall to save £{gap_yearly:,.0f} a year against {baseline.name}"

    def spread(share: float) -> Scheme:
        return with_minimum_contribution(
            equal_template,
            share,
            "spread-equally",
            "Spread the cut equally over working-age claimants",
            why,
        )

    def protect(share: float) -> Scheme:
        return with_minimum_contribution(
            protected_template,
            share,
            "protect-groups",
            f"Protect {protected_template.name}'s groups, spread the rest",
            why,
        )

    return Scenarios(
        spread_equally=solve_lever(
            spread, caseload, baseline_cost, gap_yearly, 0.0, 1.0, "minimum contribution"
        ),
        protect_groups=solve_lever(
            protect, caseload, baseline_cost, gap_yearly, 0.0, 1.0, "minimum contribution"
        ),
        fund_full_support=council_tax_rise(
            equal_template, caseload, gap_yearly, tax_base_band_d, collection_rate
        ),
    )
