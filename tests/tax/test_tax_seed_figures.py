"""The seed essay's figures are tests (DESIGN.md §3).

"Almost all working-age people could expect to pay at least 24% of their council tax – which this
year would be £178 or £3.43 a week on a Band A property", and the transition grant's 8.5% is
"£1.21 per week on a Birmingham Band A property".

The figures concern the city council's own part of the bill: 24% of the city's Band A (£742.45)
is £178.19, while 24% of the whole Band A with the police and fire precepts is £203.03 in 2013/14.
A household pays the minimum on the whole bill; the seed's figures are the city's share of it.
"""

from __future__ import annotations

from townhall.tax.bands import band_charges_yearly
from townhall.tax.rules.calculator import calculate_household
from townhall.tax.rules.household import Household
from townhall.tax.rules.scheme import load_bundled_scheme

# A couple (no single person discount) on a passporting benefit pays just the minimum contribution.
COUPLE_ON_FULL_SUPPORT = Household(band="A", claimant_age=40, partner_age=38, passported=True)


def test_birmingham_band_d_lies_in_the_range_the_seed_implies() -> None:
    council = load_bundled_scheme("birmingham-2013").council
    assert 1113.12 <= council.band_d_yearly.value <= 1114.94
    assert 742.08 <= band_charges_yearly(council.band_d_yearly.value)["A"] <= 743.29


def test_the_whole_bill_adds_police_and_fire() -> None:
    # 2013/14: city £1,113.67 + police £102.43 + fire £52.82 = £1,268.92; Band A 6/9 = £845.95.
    # 2012/13: city £1,113.67 + police £99.45 + fire £47.82 = £1,260.94; Band A £840.63.
    whole_2013 = load_bundled_scheme("birmingham-2013").council.band_d_total_yearly()
    whole_2012 = load_bundled_scheme("ctb-2012").council.band_d_total_yearly()
    assert round(whole_2013, 2) == 1268.92
    assert round(whole_2012, 2) == 1260.94
    assert band_charges_yearly(whole_2013)["A"] == 845.95
    assert band_charges_yearly(whole_2012)["A"] == 840.63


def test_24_percent_of_band_a_is_178_a_year_and_3_43_a_week() -> None:
    result = calculate_household(load_bundled_scheme("birmingham-2013"), COUPLE_ON_FULL_SUPPORT)
    assert result.liability_yearly == 845.95  # the whole 2013/14 Band A bill
    assert result.to_pay_yearly == 203.03  # support 76% of £845.95 = £642.92; £845.95 − £642.92
    # The city's own part: £203.03 × 1,113.67 ÷ 1,268.92 = £178.19, "£178"; ÷ 52 = £3.4267.
    assert result.council_to_pay_yearly == 178.19
    assert round(result.council_to_pay_yearly) == 178
    assert result.council_to_pay_weekly == 3.43


def test_8_5_percent_of_band_a_is_1_21_a_week() -> None:
    result = calculate_household(
        load_bundled_scheme("transition-grant-2013"), COUPLE_ON_FULL_SUPPORT
    )
    assert result.to_pay_yearly == 71.91  # support 91.5% of £845.95 = £774.04
    assert result.council_to_pay_yearly == 63.11  # £71.91 × 1,113.67 ÷ 1,268.92 = £63.112
    assert result.council_to_pay_weekly == 1.21  # £63.11 ÷ 52 = £1.2137


def test_council_tax_benefit_paid_in_full_to_the_passported() -> None:
    result = calculate_household(load_bundled_scheme("ctb-2012"), COUPLE_ON_FULL_SUPPORT)
    assert result.award_yearly == 840.63
    assert result.to_pay_yearly == 0.0
