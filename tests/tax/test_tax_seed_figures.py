"""The seed essay's figures are tests (DESIGN.md §3).

"Almost all working-age people could expect to pay at least 24% of their council tax – which this
year would be £178 or £3.43 a week on a Band A property", and the transition grant's 8.5% is
"£1.21 per week on a Birmingham Band A property".
"""

from __future__ import annotations

from townhall.tax.bands import band_charges_yearly
from townhall.tax.rules.household import Household, calculate_household
from townhall.tax.rules.scheme import load_bundled_scheme

# A couple (no single person discount) on a passporting benefit pays just the minimum contribution.
COUPLE_ON_FULL_SUPPORT = Household(band="A", claimant_age=40, partner_age=38, passported=True)


def test_birmingham_band_d_lies_in_the_range_the_seed_implies() -> None:
    band_d = load_bundled_scheme("birmingham-2013").council.band_d_total_yearly()
    assert 1113.12 <= band_d <= 1114.94
    assert 742.08 <= band_charges_yearly(band_d)["A"] <= 743.29


def test_24_percent_of_band_a_is_178_a_year_and_3_43_a_week() -> None:
    result = calculate_household(load_bundled_scheme("birmingham-2013"), COUPLE_ON_FULL_SUPPORT)
    assert result.liability_yearly == 742.45
    assert result.to_pay_yearly == 178.19  # 24% of £742.45 = £178.188; "£178"
    assert round(result.to_pay_yearly) == 178
    assert result.to_pay_weekly == 3.43  # £178.19 ÷ 52 = £3.4267


def test_8_5_percent_of_band_a_is_1_21_a_week() -> None:
    result = calculate_household(
        load_bundled_scheme("transition-grant-2013"), COUPLE_ON_FULL_SUPPORT
    )
    assert result.to_pay_yearly == 63.11  # 8.5% of £742.45 = £63.108
    assert result.to_pay_weekly == 1.21  # £63.11 ÷ 52 = £1.2137


def test_council_tax_benefit_paid_in_full_to_the_passported() -> None:
    result = calculate_household(load_bundled_scheme("ctb-2012"), COUPLE_ON_FULL_SUPPORT)
    assert result.award_yearly == 742.45
    assert result.to_pay_yearly == 0.0
