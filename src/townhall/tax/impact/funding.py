"""Other ways to close the gap: a council tax rise, removing discounts, cutting the single person
discount. Each returns the yearly yield and the figures behind it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from townhall.tax.bands import band_charges_yearly
from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import Scheme, Sourced

SINGLE_PERSON_DISCOUNT_LAW = (
    "In 2013 the single person discount was fixed at 25% by LGFA 1992 s.11(1)(b); the LGA proposed "
    "letting councils reduce it, but the Government refused, so this option was not lawful then."
)


@dataclass(frozen=True)
class CouncilTaxRise:
    """The Band D rise that funds the gap, net of the extra support it triggers."""

    band_d_rise_yearly: float
    band_d_rise_share: float
    extra_support_cost_yearly: float
    bill_change_by_band_yearly: dict[str, float]


def council_tax_rise(
    scheme: Scheme,
    caseload: Caseload,
    gap_yearly: float,
    tax_base_band_d: float,
    collection_rate: float,
) -> CouncilTaxRise:
    """The smallest Band D rise whose collected yield, less the extra support it causes, meets the gap.

    A rise raises claimants' bills too, and under full support the council pays that as well, so
    the rise is solved with the engine, not by dividing the gap by the tax base.
    """
    band_d = scheme.council.band_d_yearly.value
    base_cost = evaluate(scheme, caseload).total_award_yearly()

    def net_yield(rise: float) -> tuple[float, float]:
        raised = scheme.model_copy(
            update={
                "council": scheme.council.model_copy(
                    update={
                        "band_d_yearly": Sourced(
                            value=band_d + rise, source="council tax rise option"
                        )
                    }
                )
            }
        )
        extra_support = evaluate(raised, caseload).total_award_yearly() - base_cost
        return rise * tax_base_band_d * collection_rate - extra_support, extra_support

    low, high = 0.0, band_d
    while high - low > 0.005:
        middle = (low + high) / 2
        low, high = (middle, high) if net_yield(middle)[0] < gap_yearly else (low, middle)
    rise = round(high + 0.005, 2)  # whole pence, rounded up so the gap is met
    before = band_charges_yearly(scheme.council.band_d_total_yearly())
    after = band_charges_yearly(scheme.council.band_d_total_yearly() + rise)
    return CouncilTaxRise(
        band_d_rise_yearly=rise,
        band_d_rise_share=rise / band_d,
        extra_support_cost_yearly=net_yield(rise)[1],
        bill_change_by_band_yearly={band: round(after[band] - before[band], 2) for band in after},
    )


def discount_removal_yield(
    homes_by_band: Mapping[str, float],
    discount_removed: float,
    band_d_total_yearly: float,
    collection_rate: float,
) -> float:
    """Yearly yield from removing (part of) a discount on second or empty homes, by band counts."""
    charges = band_charges_yearly(band_d_total_yearly)
    return (
        sum(count * charges[band] * discount_removed for band, count in homes_by_band.items())
        * collection_rate
    )


def single_person_discount_cut_yield(
    accounts: float, average_charge_yearly: float, cut: float, collection_rate: float
) -> float:
    """Yearly yield from cutting the single person discount by `cut` (0.05: 25% → 20%).

    Not lawful in 2013 (see SINGLE_PERSON_DISCOUNT_LAW); shown because the LGA proposed it.
    """
    return accounts * average_charge_yearly * cut * collection_rate
