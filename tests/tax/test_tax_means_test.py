"""Each lever and rule of the means test with a hand-worked figure.

The figures were worked on the pinned schemes of `worked_schemes` (Council Tax Benefit's 2012/13
amounts over Birmingham's own Band D of £1,113.67): Band A £742.45, single person £556.84.
Weekly amounts follow the regulations (yearly ÷ 365 × 7); awards are rounded to the penny at the end.
The rules added for today (Universal Credit, the fuller premiums and disregards) are in
`test_tax_rules.py`; the bundled schemes' own figures in `test_tax_scheme_files.py`.
"""

from __future__ import annotations

from collections.abc import Callable

import worked_schemes as worked

from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import Scheme, load_bundled_scheme

ClaimsMaker = Callable[..., Caseload]
DEFAULT, BIRMINGHAM, CTB = worked.DEFAULT, worked.BIRMINGHAM, worked.CTB
option, BIRMINGHAM_LEVERS = worked.option, worked.BIRMINGHAM_LEVERS


def awards(scheme: Scheme, caseload: Caseload) -> list[float]:
    return [float(a) for a in evaluate(scheme, caseload).award_yearly]


def test_passported_claimant_gets_maximum_support(make_claims: ClaimsMaker) -> None:
    # Income is not tested: a couple in Band A gets all £742.45 even with earnings recorded.
    caseload = make_claims({"partner_age": 38, "passported": True, "weekly_earnings": 500.0})
    assert awards(DEFAULT, caseload) == [742.45]


def test_taper_takes_20_percent_of_income_above_the_applicable_amount(
    make_claims: ClaimsMaker,
) -> None:
    # Single, 30, earns £100 a week: less the £5 disregard, £95 against £71.00 allowance → £24.00
    # excess; 20% is £4.80 a week = £250.29 a year. £556.84 − £250.29 = £306.55.
    caseload = make_claims({"claimant_age": 30, "weekly_earnings": 100.0})
    assert awards(DEFAULT, caseload) == [306.55]
    # Under Birmingham's 24% minimum: 76% of £556.84 = £423.20, less £250.29 = £172.91.
    assert awards(BIRMINGHAM, caseload) == [172.91]


def test_under_25_allowance_is_lower(make_claims: ClaimsMaker) -> None:
    # Single, 24, other income £60: £60 − £56.25 = £3.75 excess; 20% = £0.75 a week = £39.11 a year.
    caseload = make_claims({"claimant_age": 24, "weekly_other_income": 60.0})
    assert awards(DEFAULT, caseload) == [517.73]  # £556.84 − £39.11


def test_pensioner_couple_is_tapered_against_the_pensioner_allowance(
    make_claims: ClaimsMaker,
) -> None:
    # Couple aged 70 and 68 in Band B (£866.19), income £300: excess over £241.65 is £58.35;
    # 20% = £11.67 a week. Weekly liability £16.6119 − £11.67 = £4.9419 → £257.68 a year.
    caseload = make_claims(
        {
            "band": "B",
            "pensioner": True,
            "claimant_age": 70,
            "partner_age": 68,
            "weekly_other_income": 300.0,
        }
    )
    assert awards(DEFAULT, caseload) == [257.68]
    assert awards(BIRMINGHAM, caseload) == [257.68]  # pensioners are protected from the cut


def test_capital_tariff_income_and_cut_off(make_claims: ClaimsMaker) -> None:
    # Working age: £1 a week for each £250 or part above £6,000; nothing above £16,000.
    # Single on other income exactly £71.00 (no excess) in Band A (£556.84).
    base = {"claimant_age": 30, "weekly_other_income": 71.0}
    caseload = make_claims(
        {**base, "capital": 6000.0},  # no tariff income
        {**base, "capital": 6000.01},  # £1 → 20p a week = £10.43 a year
        {**base, "capital": 7000.0},  # £4 → 80p a week = £41.71 a year
        {**base, "capital": 16000.0},  # £40 → £8 a week = £417.14 a year
        {**base, "capital": 16000.01},  # above the upper limit: nothing
    )
    assert awards(DEFAULT, caseload) == [556.84, 546.41, 515.13, 139.70, 0.0]
    assert list(evaluate(DEFAULT, caseload).stages.capital_excluded) == [False] * 4 + [True]


def test_pensioner_capital_tariff_is_1_pound_per_500_above_10000(make_claims: ClaimsMaker) -> None:
    # Single pensioner of 70 on exactly £161.25 with £10,500: £1 tariff → 20p a week = £10.43.
    caseload = make_claims(
        {"pensioner": True, "claimant_age": 70, "weekly_other_income": 161.25, "capital": 10500.0}
    )
    assert awards(DEFAULT, caseload) == [546.41]  # £556.84 − £10.43


def test_each_non_dependant_deduction_band(make_claims: ClaimsMaker) -> None:
    # Couple in Band A, passported, one non-dependant. 2012/13: under £183 £3.30; £183 to £315.99
    # £6.55; £316 to £393.99 £8.25; £394 or more £9.90 a week (SI 2012/780 art. 22(3)).
    # Award = £742.45 − deduction × 365 / 7.
    incomes = [0.0, 182.99, 183.0, 315.99, 316.0, 393.99, 394.0]
    deductions = [3.30, 3.30, 6.55, 6.55, 8.25, 8.25, 9.90]
    caseload = make_claims(
        *[
            {
                "partner_age": 38,
                "passported": True,
                "non_dependants": 1,
                "non_dependant_gross_weekly_income": income,
            }
            for income in incomes
        ]
    )
    expected = [round(742.45 - deduction * 365 / 7, 2) for deduction in deductions]
    assert awards(DEFAULT, caseload) == expected
    assert expected[2] == 400.91  # £742.45 − £341.54


def test_no_deduction_for_a_passported_non_dependant(make_claims: ClaimsMaker) -> None:
    caseload = make_claims(
        {
            "partner_age": 38,
            "passported": True,
            "non_dependants": 1,
            "non_dependants_passported": True,
        }
    )
    assert awards(DEFAULT, caseload) == [742.45]


def test_single_person_discount_lowers_liability_and_support(make_claims: ClaimsMaker) -> None:
    caseload = make_claims({"passported": True}, {"passported": True, "partner_age": 38})
    result = evaluate(DEFAULT, caseload)
    assert list(result.liability_yearly) == [556.84, 742.45]


def test_band_cap_supports_as_if_the_home_were_band_d(make_claims: ClaimsMaker) -> None:
    # Band F couple, passported: liability £1,608.63, support capped at Band D's £1,113.67.
    capped = option('levers.band_cap = { value = "D", source = "test" }')
    caseload = make_claims({"band": "F", "partner_age": 38, "passported": True})
    result = evaluate(capped, caseload)
    assert awards(capped, caseload) == [1113.67]
    assert float(result.to_pay_yearly[0]) == 494.96
    assert bool(result.is_band_capped[0])


def test_band_cap_never_applies_to_pensioners(make_claims: ClaimsMaker) -> None:
    capped = option('levers.band_cap = { value = "D", source = "test" }')
    caseload = make_claims(
        {"band": "F", "pensioner": True, "claimant_age": 70, "partner_age": 70, "passported": True}
    )
    assert awards(capped, caseload) == [1608.63]


def test_minimum_award_removes_small_awards(make_claims: ClaimsMaker) -> None:
    # Single, earnings £110: £105 − £71 = £34 excess, 20% = £6.80; £10.6791 − £6.80 = £3.88 a week,
    # below a £5 minimum, so nothing. Earnings £100 leaves £5.88 a week, which is kept.
    scheme = option('levers.minimum_award_weekly = { value = 5.0, source = "test" }')
    caseload = make_claims({"weekly_earnings": 110.0}, {"weekly_earnings": 100.0})
    result = evaluate(scheme, caseload)
    assert awards(scheme, caseload) == [0.0, 306.55]
    assert list(result.is_below_minimum_award) == [True, False]


def test_birmingham_protects_a_child_under_six(make_claims: ClaimsMaker) -> None:
    # Lone parent (single person discount: £556.84), passported. Youngest aged 5: protected, full
    # support. Youngest aged 6: pays 24%, support 76% of £556.84 = £423.20.
    caseload = make_claims(
        {"children": 1, "youngest_child_age": 5, "passported": True},
        {"children": 1, "youngest_child_age": 6, "passported": True},
    )
    assert awards(BIRMINGHAM, caseload) == [556.84, 423.20]


def test_birmingham_protects_disability_disabled_child_and_war_pension(
    make_claims: ClaimsMaker,
) -> None:
    caseload = make_claims(
        {"passported": True, "disability_premium": True},
        {
            "passported": True,
            "children": 1,
            "youngest_child_age": 10,
            "disabled_child_premium": True,
        },
        {"passported": True, "war_pension": True},
        {"passported": True, "carer": True},  # not one of Birmingham's exceptions
    )
    assert awards(BIRMINGHAM, caseload) == [556.84, 556.84, 556.84, 423.20]
    assert list(evaluate(BIRMINGHAM, caseload).is_protected) == [True, True, True, False]


def test_carers_and_lone_parents_can_be_protected_by_a_scheme(make_claims: ClaimsMaker) -> None:
    scheme = option(
        BIRMINGHAM_LEVERS.replace(
            '["child_under_age", "disability_premium", "disabled_child_premium", "war_pension"]',
            '["carer", "lone_parent"]',
        )
    )
    caseload = make_claims(
        {"passported": True, "carer": True},
        {"passported": True, "children": 2, "youngest_child_age": 9},
        {"passported": True},
    )
    assert awards(scheme, caseload) == [556.84, 556.84, 423.20]


def test_second_adult_rebate_gives_15_percent_for_a_low_income_second_adult(
    make_claims: ClaimsMaker,
) -> None:
    # Single claimant earning £400 (no main award) with one non-dependant on £150 gross (< £183):
    # 15% of £742.45 (no single person discount with another adult) = £111.37.
    caseload = make_claims(
        {"weekly_earnings": 400.0, "non_dependants": 1, "non_dependant_gross_weekly_income": 150.0},
        {"weekly_earnings": 400.0, "non_dependants": 1, "non_dependant_gross_weekly_income": 200.0},
        {"weekly_earnings": 400.0, "non_dependants": 1, "non_dependants_passported": True},
    )
    result = evaluate(CTB, caseload)
    # £200 is in the 7.5% band (£183 to £238.99): £55.68. Passported second adult: 25% = £185.61.
    assert awards(CTB, caseload) == [111.37, 55.68, 185.61]
    assert list(result.is_second_adult_rebate) == [True, True, True]


def test_second_adult_rebate_can_be_removed(make_claims: ClaimsMaker) -> None:
    scheme = option('working_age.second_adult_rebate.enabled = { value = false, source = "test" }')
    caseload = make_claims(
        {"weekly_earnings": 400.0, "non_dependants": 1, "non_dependant_gross_weekly_income": 150.0}
    )
    assert awards(scheme, caseload) == [0.0]


def test_income_banded_scheme_gives_the_grid_share(make_claims: ClaimsMaker) -> None:
    # Oxford 2026/27, Band A single: £2,672.44 × 6/9 = £1,781.63, less 25% = £1,336.22.
    # Earnings £500 less £5 = £495 a week: the £480.01–£530 band gives 75% = £1,002.17.
    oxford = load_bundled_scheme("oxford-2026")
    caseload = make_claims(
        {"weekly_earnings": 200.0},
        {"weekly_earnings": 500.0},
        {"weekly_earnings": 700.0},
        {"weekly_earnings": 700.0, "passported": True},
    )
    result = evaluate(oxford, caseload)
    assert list(result.liability_yearly) == [1336.22] * 4
    assert awards(oxford, caseload) == [1336.22, 1002.17, 0.0, 1336.22]
    assert all(result.is_income_banded)
