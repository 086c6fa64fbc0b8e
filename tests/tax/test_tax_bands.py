"""Liability: band ratios, bills from Band D, discounts (LGFA 1992 s.5 and s.11)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from townhall.tax.bands import BANDS, band_charges_yearly, band_ratio, bill_yearly

BIRMINGHAM_BAND_D_2012 = 1113.67


def test_ratios_to_band_d_are_the_statutory_ninths() -> None:
    ratios = [band_ratio(band) for band in BANDS]
    assert ratios == [Fraction(n, 9) for n in (6, 7, 8, 9, 11, 13, 15, 18)]


def test_band_h_is_twice_band_d_and_three_times_band_a() -> None:
    assert band_ratio("H") == 2 * band_ratio("D") == 3 * band_ratio("A")


def test_birmingham_band_charges_2012_13() -> None:
    # 1,113.67 × 6/9 = 742.4467 → £742.45; × 13/9 = 1,608.6344 → £1,608.63.
    charges = band_charges_yearly(BIRMINGHAM_BAND_D_2012)
    assert charges["A"] == 742.45
    assert charges["D"] == 1113.67
    assert charges["F"] == 1608.63
    assert charges["H"] == 2227.34


def test_precepts_add_to_band_d_before_the_ratio() -> None:
    # Band D 1,000 + police 150 + fire 50 = 1,200; Band B = 1,200 × 7/9 = £933.33.
    assert bill_yearly(1000.0 + 150.0 + 50.0, "B") == 933.33


def test_single_person_discount_is_a_quarter() -> None:
    # £742.45 × 0.75 = 556.8375 → £556.84.
    assert bill_yearly(BIRMINGHAM_BAND_D_2012, "A", single_person=True) == 556.84


def test_all_disregarded_discount_is_half_and_beats_single_person() -> None:
    assert (
        bill_yearly(BIRMINGHAM_BAND_D_2012, "D", all_disregarded=True, single_person=True) == 556.84
    )


def test_disabled_band_reduction_charges_one_band_lower() -> None:
    assert bill_yearly(BIRMINGHAM_BAND_D_2012, "C", disabled_reduction=True) == 866.19  # Band B
    # Band A with the reduction pays 5/9 of Band D: 1,113.67 × 5/9 = 618.7056 → £618.71.
    assert bill_yearly(BIRMINGHAM_BAND_D_2012, "A", disabled_reduction=True) == 618.71


@pytest.mark.parametrize(
    ("discount", "expected"),
    [(0.0, 1113.67), (0.10, 1002.30), (-0.50, 1670.51), (-1.0, 2227.34)],
)
def test_second_home_and_empty_home_discounts_and_premiums(
    discount: float, expected: float
) -> None:
    # A council's discount reduces the bill; a premium (negative discount) raises it.
    assert bill_yearly(BIRMINGHAM_BAND_D_2012, "D", other_discount=discount) == expected
