"""England's valuation bands and council tax bills (Local Government Finance Act 1992 s.5, s.11).

A bill is the Band D amount of the billing authority plus each precept, times the band's ratio to
Band D, less discounts. Each band's charge is rounded to the penny, as councils publish them.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from townhall.tax.money import FloatArray, round_pence

BANDS: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "G", "H")

# LGFA 1992 s.5(1): the proportion each band bears to Band D, in ninths.
BAND_NINTHS: dict[str, int] = {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18}

# LGFA 1992 s.13 and the Council Tax (Reductions for Disabilities) Regulations 1992: a home with
# the disabled band reduction is charged one band lower; a Band A home is charged 5/9 of Band D.
DISABLED_BAND_A_NINTHS = 5

SINGLE_PERSON_DISCOUNT = 0.25  # LGFA 1992 s.11(1)(b): one adult resident
ALL_DISREGARDED_DISCOUNT = 0.50  # LGFA 1992 s.11(1)(a): every resident disregarded

_NINTHS_BY_INDEX = np.array([BAND_NINTHS[band] for band in BANDS], dtype=np.float64)


def band_index(band: str) -> int:
    """Position of a band letter in A–H (A is 0)."""
    return BANDS.index(band.upper())


def band_ratio(band: str, disabled_reduction: bool = False) -> Fraction:
    """The band's ratio to Band D, one band lower with the disabled band reduction."""
    index = band_index(band)
    if not disabled_reduction:
        return Fraction(BAND_NINTHS[BANDS[index]], 9)
    if index == 0:
        return Fraction(DISABLED_BAND_A_NINTHS, 9)
    return Fraction(BAND_NINTHS[BANDS[index - 1]], 9)


def band_charges_yearly(band_d_yearly: float) -> dict[str, float]:
    """Each band's yearly charge from a Band D amount, rounded to the penny."""
    return {
        band: float(round_pence(np.array([band_d_yearly * ninths / 9]))[0])
        for band, ninths in BAND_NINTHS.items()
    }


def charge_yearly(
    band_d_yearly: float, band_indices: NDArray[np.int8], disabled_reduction: NDArray[np.bool_]
) -> FloatArray:
    """The yearly charge for each home before discounts, from its band index (0 = A)."""
    ninths = _NINTHS_BY_INDEX[band_indices]
    lowered = _NINTHS_BY_INDEX[np.maximum(band_indices.astype(np.int64) - 1, 0)]
    lowered = np.where(band_indices == 0, float(DISABLED_BAND_A_NINTHS), lowered)
    effective = np.where(disabled_reduction, lowered, ninths)
    return round_pence(band_d_yearly * effective / 9.0)


def discounted(charge: FloatArray, discount: FloatArray) -> FloatArray:
    """A charge less a discount fraction (negative for a premium), rounded to the penny."""
    return round_pence(charge * (1.0 - discount))


def bill_yearly(
    band_d_yearly: float,
    band: str,
    *,
    single_person: bool = False,
    all_disregarded: bool = False,
    disabled_reduction: bool = False,
    other_discount: float = 0.0,
) -> float:
    """One home's yearly bill: band charge less the discount that applies.

    Only the largest status discount applies (all disregarded 50% over single person 25%);
    `other_discount` is a council's second-home or empty-home discount (negative for a premium).
    """
    charge = charge_yearly(
        band_d_yearly,
        np.array([band_index(band)], dtype=np.int8),
        np.array([disabled_reduction]),
    )
    status = (
        ALL_DISREGARDED_DISCOUNT
        if all_disregarded
        else SINGLE_PERSON_DISCOUNT
        if single_person
        else 0.0
    )
    return float(discounted(charge, np.array([status + other_discount]))[0])
