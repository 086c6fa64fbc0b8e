"""The 2026/27 schemes of Merton, Kingston upon Thames, Newham and Westminster, worked by hand.

Two kinds of test:

- Hand-worked households for each council, from the rules in its own 2026/27 document (section cited
  in each), on the bundled scheme as it stands (Band D and precepts from the scheme file). Weekly
  liability follows the regulations: yearly ÷ 365 × 7. The award is worked weekly, then yearly =
  weekly × 365/7 rounded to the penny (as the engine does), capped at the bill.
- PolicyEngine UK's published test cases for these councils (policyengine_uk/tests/policy/baseline/gov/
  local_authorities/council_tax_reduction/council_tax_reduction.yaml, snapshot c93e1a05, transcribed
  in research/councils-2026.md §3), reproduced where Townhall's inputs can express them.
"""

from __future__ import annotations

from typing import Any

import pytest

from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import Evaluation, evaluate
from townhall.tax.rules.scheme import Scheme, load_bundled_scheme, scheme_from_toml

WEEKS = 365 / 7  # the regulations' weeks in a year

MERTON = "merton-2026"
KINGSTON = "kingston-upon-thames-2026"
NEWHAM = "newham-2026"
WESTMINSTER = "westminster-2026"
OXFORD = "oxford-2026"
COUNCILS = (MERTON, KINGSTON, NEWHAM, WESTMINSTER)

CLAIM: dict[str, Any] = {"band": "D", "pensioner": False, "claimant_age": 35}


def run(
    scheme: Scheme | str,
    claim: dict[str, Any],
    non_dependants: list[dict[str, Any]] | None = None,
) -> Evaluation:
    """One claim (over CLAIM's defaults) and its non-dependants under a scheme."""
    if isinstance(scheme, str):
        scheme = load_bundled_scheme(scheme)
    records = [{**CLAIM, "claim_id": "c", **claim}]
    rows = [{"claim_id": "c", **row} for row in non_dependants or []]
    return evaluate(scheme, Caseload.from_records(records, "test", non_dependants=rows))


def yearly(scheme: Scheme | str, claim: dict[str, Any], **kwargs: Any) -> float:
    """The claim's yearly award."""
    return float(run(scheme, claim, **kwargs).award_yearly[0])


def weekly(scheme: Scheme | str, claim: dict[str, Any], **kwargs: Any) -> float:
    """The claim's award in the regulations' weeks: yearly ÷ (365/7)."""
    return yearly(scheme, claim, **kwargs) / WEEKS


def non_dependant(gross: float = 0.0, works: bool = True, **more: Any) -> dict[str, Any]:
    """A non-dependant aged 25."""
    return {"age": 25, "gross_weekly_income": gross, "works_16_hours_or_more": works, **more}


@pytest.mark.parametrize("name", COUNCILS)
def test_each_scheme_loads_for_2026_27(name: str) -> None:
    scheme = load_bundled_scheme(name)
    assert scheme.name == name
    assert scheme.year == "2026/27"
    assert scheme.working_age.applicable_amounts.child_weekly.value > 0


# ---------------------------------------------------------------------------------------------
# Merton: Band D £1,598.05 + GLA £510.51 = £2,108.56. Band A £1,405.71 (6/9), Band C £1,874.28 (8/9).
# ---------------------------------------------------------------------------------------------


def test_merton_single_earner_is_tapered_at_20_percent() -> None:
    # Single, 30, net earnings £200 a week, Band D with the 25% single person discount.
    # Liability £2,108.56 × 0.75 = £1,581.42 a year = £30.3286 a week.
    # Applicable amount £95.55 (Sch. 3 para 1(1)(b)); income £200 − £5 (Sch. 7 para 11) = £195.00;
    # excess £99.45; 20% (para 17(f)(ii), 2 6/7% a day) = £19.89 a week.
    # Award £30.3286 − £19.89 = £10.4386 a week = £1,581.42 − £19.89 × 365/7 (£1,037.12) = £544.30.
    assert yearly(MERTON, {"claimant_age": 30, "weekly_earnings": 200.0}) == 544.30


def test_merton_working_family_gets_the_additional_earnings_disregard() -> None:
    # Couple, both 35, two children, claimant works 37 hours for £450 net a week; Child Benefit
    # £45.20 a week is not income (Sch. 8). Band C, two adults: no discount, £1,874.28 = £35.9451 a week.
    # Applicable £150.15 + 2 × £87.88 = £325.91 (Sch. 3 paras 1(3), 3; family premium nil, para 4(1)(c)).
    # Earnings £450 − £10 (Sch. 7 para 8) − £17.10 (para 18: aged 25+ working 30 hours) = £422.90;
    # excess £96.99; 20% = £19.398. Award £35.9451 − £19.398 = £16.5471 a week;
    # yearly £1,874.28 − £19.398 × 365/7 (£1,011.4671) = £862.81.
    claim = {
        "band": "C",
        "partner_age": 35,
        "children": 2,
        "youngest_child_age": 5,
        "weekly_earnings": 450.0,
        "claimant_weekly_hours": 37.0,
        "weekly_child_benefit": 45.20,
    }
    assert yearly(MERTON, claim) == 862.81


def test_merton_passported_claimant_with_a_working_non_dependant() -> None:
    # Single on income-based JSA (passported: maximum reduction), Band A; the non-dependant makes two
    # adults, so no discount: £1,405.71 = £26.9589 a week. Non-dependant aged 25 working 35 hours,
    # gross £500 a week: £13.30 (para 30(2)(c), £485 to £604.99).
    # Award £26.9589 − £13.30 = £13.6589 a week; yearly £1,405.71 − £13.30 × 365/7 (£693.50) = £712.21.
    claim = {"band": "A", "passported": True}
    assert yearly(MERTON, claim, non_dependants=[non_dependant(500.0)]) == 712.21


def test_merton_second_adult_rebate_beats_the_main_award() -> None:
    # Single with £600 net earnings (excess £595 − £95.55 = £499.45, 20% = £99.89: no main award).
    # One second adult working, gross £200 a week (< £289: 15%, Sch. 4 para 1 Table (b)(i); class F,
    # para 18). Band D, two adults: £2,108.56; 15% = £316.284 → £316.28.
    claim = {"weekly_earnings": 600.0}
    assert yearly(MERTON, claim, non_dependants=[non_dependant(200.0)]) == 316.28


def test_merton_disregards_war_pensions_in_full_and_counts_tariff_income() -> None:
    # Single, 40, Band A with the discount: £1,405.71 × 0.75 = £1,054.28 = £20.2191 a week.
    # Other income £100, war disablement pension £50 (disregarded in full, Sch. 8 para 20), capital
    # £7,100: tariff income £1 for each £250 or part above £6,000 (para 72) = ceil(1,100/250) = £5.
    # Income £105; excess £105 − £95.55 = £9.45; 20% = £1.89.
    # Award £20.2191 − £1.89 = £18.3291 a week; yearly £1,054.28 − £1.89 × 365/7 (£98.55) = £955.73.
    claim = {
        "band": "A",
        "claimant_age": 40,
        "weekly_other_income": 100.0,
        "weekly_war_pension": 50.0,
        "war_pension": True,
        "capital": 7100.0,
    }
    assert yearly(MERTON, claim) == 955.73


# ---------------------------------------------------------------------------------------------
# Kingston upon Thames: Band D £1,998.96 + GLA £510.51 = £2,509.47. Band B £1,951.81 (7/9).
# ---------------------------------------------------------------------------------------------


def test_kingston_non_dependant_not_in_remunerative_work_pays_the_local_minimum() -> None:
    # Passported claimant (income-related ESA), Band B, two adults: £1,951.81 = £37.4319 a week.
    # Non-dependant works 10 hours (not remunerative work, para 10), gross £120: £5.64 (para 30A(1)(b),
    # the prescribed £5.20 + 8.5%). Award £37.4319 − £5.64 = £31.7919 a week;
    # yearly £1,951.81 − £5.64 × 365/7 (£294.0857) = £1,657.72.
    claim = {"band": "B", "passported": True}
    nd = non_dependant(120.0, works=False)
    assert yearly(KINGSTON, claim, non_dependants=[nd]) == 1657.72


def test_kingston_tariff_income_on_the_printed_allowance() -> None:
    # Single, 30, net earnings £150, capital £8,100; Band B with the discount:
    # £1,951.81 × 0.75 = £1,463.86 = £28.0740 a week.
    # Tariff ceil((8,100 − 6,000)/250) = ceil(8.4) = £9 (para 72); income £150 − £5 + £9 = £154.
    # Applicable amount as printed £90.50 (Sch. 3 para 1(1)(b), the 2024/25 rate): excess £63.50;
    # 20% = £12.70. Award £28.0740 − £12.70 = £15.3740 a week;
    # yearly £1,463.86 − £12.70 × 365/7 (£662.2143) = £801.65.
    claim = {"band": "B", "claimant_age": 30, "weekly_earnings": 150.0, "capital": 8100.0}
    assert yearly(KINGSTON, claim) == 801.65


def test_kingston_has_no_working_age_second_adult_rebate() -> None:
    # Single earning £600 net (no main award: excess £595 − £90.50 = £504.50, 20% = £100.90, more than
    # the bill), one second adult working on £200 gross. Under the default scheme that is a 15% second
    # adult rebate; Kingston removed it for working age (introduction, p.2). Award nil.
    claim = {"weekly_earnings": 600.0}
    assert yearly(KINGSTON, claim, non_dependants=[non_dependant(200.0)]) == 0.0


def test_kingston_universal_credit_claim_uses_dwp_figures() -> None:
    # Single on UC: maximum amount £800 a month, earned income £1,000, award £400 (para 28, 37).
    # Applicable £800 × 12/52 = £184.6154; income (£1,000 + £400) × 12/52 = £323.0769; excess
    # £138.4615; 20% = £27.6923. Band D with the discount: £2,509.47 × 0.75 = £1,882.10 = £36.0951 a
    # week. Award £36.0951 − £27.6923 = £8.4028 a week; yearly £1,882.10 − £27.6923 × 365/7
    # (£1,443.9560) = £438.14.
    claim = {
        "universal_credit": True,
        "uc_maximum_amount_monthly": 800.0,
        "uc_earned_income_monthly": 1000.0,
        "uc_award_monthly": 400.0,
    }
    assert yearly(KINGSTON, claim) == 438.14


# Not expressible: Kingston's exclusion of claimants aged 18 to 21 who are not care leavers (p.2-3);
# Townhall has no such rule, so a claimant aged 20 would be assessed like anyone else.

# ---------------------------------------------------------------------------------------------
# Newham: Band D £1,365.58 + GLA £510.51 = £1,876.09. Band C £1,667.64 (8/9).
# Maximum reduction 70% of liability for working age (para 29(1)); taper 25% (para 17(f)(ii)).
# ---------------------------------------------------------------------------------------------


def test_newham_passported_claimant_pays_30_percent() -> None:
    # Single on Income Support, Band C with the discount: £1,667.64 × 0.75 = £1,250.73 = £23.9866 a
    # week; 70% = £16.7906 a week = £1,250.73 × 0.7 = £875.511 → £875.51.
    assert yearly(NEWHAM, {"band": "C", "passported": True}) == 875.51


def test_newham_earner_is_tapered_at_25_percent() -> None:
    # Single, 30, net earnings £150, Band C with the discount (maximum £16.7906 a week, as above).
    # Income £150 − £5 (Sch. 7 para 11) = £145; applicable £95.55 (Sch. 3 para 1, the HB amount);
    # excess £49.45; 25% (3 4/7% a day) = £12.3625. Award £16.7906 − £12.3625 = £4.4281 a week;
    # yearly £875.511 − £12.3625 × 365/7 (£644.6161) = £230.89.
    claim = {"band": "C", "claimant_age": 30, "weekly_earnings": 150.0}
    assert yearly(NEWHAM, claim) == 230.89


def test_newham_local_non_dependant_deduction() -> None:
    # Passported claimant, Band D, two adults: £1,876.09 = £35.9798 a week; 70% = £25.1859.
    # Non-dependant working 35 hours, gross £320: £18.84 (para 30B(2)(c), £316 to £393.99).
    # Award £25.1859 − £18.84 = £6.3459 a week; yearly £1,313.263 − £18.84 × 365/7 (£982.3714) = £330.89.
    claim = {"passported": True}
    assert yearly(NEWHAM, claim, non_dependants=[non_dependant(320.0)]) == 330.89


def test_newham_capital_above_6000_means_no_reduction() -> None:
    # Working-age capital limit £6,000 (para 23(1)): £6,001 → nil, whatever the income.
    assert yearly(NEWHAM, {"capital": 6001.0}) == 0.0
    # £6,000 exactly is not above the limit (and gives no tariff income: para 72 starts above £6,000).
    # Band D, one adult: £1,876.09 × 0.75 = £1,407.07 (1,407.0675); 70% = £984.949 → £984.95.
    assert yearly(NEWHAM, {"capital": 6000.0}) == 984.95


def test_newham_non_dependant_couple_bears_one_deduction_on_joint_income() -> None:
    # Passported claimant, Band C, three adults: £1,667.64 = £31.9822 a week; 70% = £22.3875.
    # A non-dependant couple, both working, £200 gross each: one deduction on joint £400 (para
    # 30B(3),(4)): £22.61 (£394 or more), more than the maximum → nil.
    couple = [non_dependant(200.0, couple="p"), non_dependant(200.0, couple="p")]
    assert yearly(NEWHAM, {"band": "C", "passported": True}, non_dependants=couple) == 0.0


# ---------------------------------------------------------------------------------------------
# Westminster: Band D £537.34 + GLA £510.51 = £1,047.85. Band A £698.57 (6/9), Band E £1,280.71 (11/9).
# ---------------------------------------------------------------------------------------------


def test_westminster_working_family() -> None:
    # Couple, both 30, two children (new claim: no family premium, Appendix A p.7), net earnings £450,
    # claimant works 37 hours (Westminster states no additional earnings disregard: none applies).
    # Applicable £150.15 + 2 × £87.88 = £325.91 (Appendix A p.6); income £450 − £10 = £440 (the
    # default scheme's couple disregard); excess £114.09; 20% (section 4, Class 2) = £22.818.
    # Band E, two adults: £1,047.85 × 11/9 = £1,280.71 = £24.5616 a week. Award £24.5616 − £22.818 =
    # £1.7436 a week; yearly £1,280.71 − £22.818 × 365/7 (£1,189.7957) = £90.91.
    claim = {
        "band": "E",
        "claimant_age": 30,
        "partner_age": 30,
        "children": 2,
        "youngest_child_age": 3,
        "weekly_earnings": 450.0,
        "claimant_weekly_hours": 37.0,
    }
    assert yearly(WESTMINSTER, claim) == 90.91


def test_westminster_top_non_dependant_deduction() -> None:
    # Passported claimant, Band D, two adults: £1,047.85 = £20.0959 a week. Non-dependant working,
    # gross £605.00: £15.95 (Appendix A p.5). Award £20.0959 − £15.95 = £4.1459 a week;
    # yearly £1,047.85 − £15.95 × 365/7 (£831.6786) = £216.17.
    claim = {"passported": True}
    assert yearly(WESTMINSTER, claim, non_dependants=[non_dependant(605.0)]) == 216.17
    # The same non-dependant working under 16 hours and on no benefit: £5.20 (Appendix A p.5):
    # £1,047.85 − £5.20 × 365/7 (£271.1429) = £776.71.
    nd = non_dependant(605.0, works=False)
    assert yearly(WESTMINSTER, claim, non_dependants=[nd]) == 776.71


def test_westminster_second_adult_on_jsa_gives_25_percent() -> None:
    # Class 3 (section 4, p.3): single with £600 net earnings (no main award), one second adult on
    # income-based JSA (no non-dependant deduction, Appendix A p.5): 25% of the bill.
    # Band D, two adults: £1,047.85 × 25% = £261.9625 → £261.96.
    nd = non_dependant(0.0, works=False, benefit="income_support_jsa_esa")
    assert yearly(WESTMINSTER, {"weekly_earnings": 600.0}, non_dependants=[nd]) == 261.96


def test_westminster_disregards_war_pensions_in_full() -> None:
    # Single, 40, other income £90, war disablement pension £80 (disregarded in full, section 4 p.3):
    # income £90 < £95.55, full reduction. Band A with the discount: £698.57 × 0.75 = £523.93
    # (523.9275). Under the default scheme's £10 disregard £70 would count and the award would fall.
    claim = {
        "band": "A",
        "claimant_age": 40,
        "weekly_other_income": 90.0,
        "weekly_war_pension": 80.0,
        "war_pension": True,
    }
    assert yearly(WESTMINSTER, claim) == 523.93


# ---------------------------------------------------------------------------------------------
# PolicyEngine UK's published cases
# ---------------------------------------------------------------------------------------------
# PolicyEngine gives each household a yearly council tax of £1,800 and converts between weeks and
# years by 52, so its weekly liability is £1,800/52 = £34.6154. Townhall works out the liability from
# the band and converts by 365/7. So each case is rebuilt with the scheme's Band D (and no precepts)
# set so that the household's bill after discounts is £1,804.95 a year, which is £34.6155 a week
# (1,804.95 × 7/365), and the awards are compared WEEKLY: PolicyEngine's yearly figure ÷ 52 against
# Townhall's yearly award ÷ (365/7), each to the penny. Comparing yearly figures would only measure
# the two conventions (52 against 365/7 weeks), not the schemes.

PE_BILL = 1804.95  # £ a year: 1,804.95 × 7/365 = 34.6155 ≈ 1,800/52 = 34.6154


def pe_scheme(name: str, adults: int) -> Scheme:
    """The council's scheme with Band D set so that a Band D home's bill is PE_BILL: with one adult
    the 25% single person discount applies, so Band D is £2,406.60 (× 0.75 = £1,804.95)."""
    band_d = PE_BILL / 0.75 if adults == 1 else PE_BILL
    return scheme_from_toml(
        f'extends = "{name}"\nname = "{name}-pe"\n'
        "[council]\n"
        f'band_d_yearly = {{ value = {band_d:.2f}, source = "test: a bill of £1,804.95" }}\n'
        'precepts_band_d_yearly = { value = {}, source = "test: no precepts" }\n',
        f"{name}-pe.toml",
    )


def pe_weekly(pe_yearly: float) -> float:
    """PolicyEngine's weekly figure: its yearly figure ÷ 52."""
    return pe_yearly / 52


def assert_weekly_matches(
    name: str, claim: dict[str, Any], pe_yearly: float, **kwargs: Any
) -> None:
    """Townhall's weekly award equals PolicyEngine's to the penny, on a bill of PE_BILL."""
    adults = 1 + len(kwargs.get("non_dependants") or [])
    result = run(pe_scheme(name, adults), claim, **kwargs)
    assert float(result.liability_yearly[0]) == PE_BILL
    townhall_weekly = float(result.award_yearly[0]) / WEEKS
    assert round(townhall_weekly, 2) == round(pe_weekly(pe_yearly), 2)


PE_UC_CLAIM = {
    # PolicyEngine's M5/K5/X5: UC maximum £5,000 a year, award £2,500 (maximum less the £2,500
    # income reduction), earned income £6,000, unearned £0; entered monthly (÷ 12) as DWP reports.
    "universal_credit": True,
    "uc_maximum_amount_monthly": 5000 / 12,
    "uc_award_monthly": 2500 / 12,
    "uc_earned_income_monthly": 6000 / 12,
}
PE_UC_CAPITAL_CLAIM = {
    # PolicyEngine's M6/K6/N6/X6: a UC claim whose DWP-assessed capital is £0 while the household
    # reports £20,000 of savings; Townhall's capital column for a UC claim is DWP's figure (ENGINE-SPEC
    # rule 6), so it is £0. The claimant has no income, so the UC award equals the maximum amount
    # (any figure: £400 a month here) and income does not exceed the applicable amount.
    "universal_credit": True,
    "uc_maximum_amount_monthly": 400.0,
    "uc_award_monthly": 400.0,
    "capital": 0.0,
}


PE_CASES: list[tuple[str, str, dict[str, Any], list[dict[str, Any]] | None, float]] = [
    # Merton (§3.2)
    ("M1 full support", MERTON, {}, None, 1800.0),
    ("M2 capital above the limit", MERTON, {"capital": 16001.0}, None, 0.0),
    # M3: non-dependant on £15,000 a year (£288.46 a week), 16 hours → £10.60.
    ("M3 local deduction", MERTON, {}, [non_dependant(15000 / 52)], 1248.80),
    # M4: non-dependant on UC with no earnings, 16 hours → no deduction.
    (
        "M4 UC non-dependant exempt",
        MERTON,
        {},
        [non_dependant(0.0, benefit="universal_credit_no_earnings")],
        1800.0,
    ),
    ("M5 UC maximum and DWP income", MERTON, PE_UC_CLAIM, None, 1100.0),
    ("M6 UC capital from DWP", MERTON, PE_UC_CAPITAL_CLAIM, None, 1800.0),
    # Kingston upon Thames (§3.3)
    ("K1 full support", KINGSTON, {}, None, 1800.0),
    ("K2 capital above the limit", KINGSTON, {"capital": 16001.0}, None, 0.0),
    # K3: PolicyEngine sets the applicable amount and income to 0 as inputs; savings £6,001 give
    # £1 tariff income, an excess of £1, 20% = £0.20. Townhall takes the applicable amount from
    # the scheme, so the same £1 excess is built from income equal to the printed allowance
    # (£90.50) plus the £1 tariff.
    (
        "K3 tariff income on a partial £250",
        KINGSTON,
        {"weekly_other_income": 90.50, "capital": 6001.0},
        None,
        1789.60,
    ),
    ("K4 local deduction", KINGSTON, {}, [non_dependant(15000 / 52)], 1202.0),
    ("K5 UC maximum and DWP income", KINGSTON, PE_UC_CLAIM, None, 1100.0),
    ("K6 UC capital from DWP", KINGSTON, PE_UC_CAPITAL_CLAIM, None, 1800.0),
    # Newham (§3.4)
    ("N1 70 percent maximum", NEWHAM, {}, None, 1260.0),
    ("N2 capital above £6,000", NEWHAM, {"capital": 6001.0}, None, 0.0),
    # N3: PolicyEngine's applicable amount £10,000 and income £11,000 a year: an excess of
    # £1,000/52 a week. Townhall: income = the £95.55 allowance + £1,000/52.
    (
        "N3 25 percent taper",
        NEWHAM,
        {"weekly_other_income": 95.55 + 1000 / 52},
        None,
        1010.0,
    ),
    # N4: non-dependant gross (£5,200 + £11,232)/52 = £316.00 a week → £18.84 (from £316).
    ("N4 local deduction at £316", NEWHAM, {}, [non_dependant(316.0)], 280.32),
    # N5: non-dependant on £605 a week but working 15 hours → not-in-work £7.54.
    ("N5 under 16 hours", NEWHAM, {}, [non_dependant(605.0, works=False)], 867.92),
    ("N6 UC capital from DWP", NEWHAM, PE_UC_CAPITAL_CLAIM, None, 1260.0),
    # Westminster (§3.5)
    ("X1 full support", WESTMINSTER, {}, None, 1800.0),
    ("X2 capital above the limit", WESTMINSTER, {"capital": 16001.0}, None, 0.0),
    # X3: as K3, on Westminster's £95.55 allowance.
    (
        "X3 tariff income on a partial £250",
        WESTMINSTER,
        {"weekly_other_income": 95.55, "capital": 6001.0},
        None,
        1789.60,
    ),
    # X4: non-dependant gross (£5,200 + £26,260)/52 = £605.00 → £15.95.
    ("X4 local deduction at £605", WESTMINSTER, {}, [non_dependant(605.0)], 970.60),
    ("X5 UC maximum and DWP income", WESTMINSTER, PE_UC_CLAIM, None, 1100.0),
    ("X6 UC capital from DWP", WESTMINSTER, PE_UC_CAPITAL_CLAIM, None, 1800.0),
    # Oxford (§3.6), income-banded: the income PolicyEngine gives as a yearly input is entered as
    # weekly other income (÷ 52); Child Benefit in its own column, which Oxford does not count.
    ("O1 full support", OXFORD, {}, None, 1800.0),
    ("O2 75% band above £480", OXFORD, {"weekly_other_income": 25001 / 52}, None, 1350.0),
    (
        "O3 Child Benefit not counted",
        OXFORD,
        {
            "weekly_other_income": (25200 - 1000) / 52,
            "weekly_child_benefit": 1000 / 52,
            "children": 1,
            "youngest_child_age": 5,
        },
        None,
        1800.0,
    ),
    # O4: £480.00 + £1 tariff income (£6,001: one £250 block, part counting) → the 75% band.
    (
        "O4 tariff rounds up",
        OXFORD,
        {"weekly_other_income": 480.0, "capital": 6001.0},
        None,
        1350.0,
    ),
    # O5: a UC claim (maximum £24,960 a year, no reduction): DWP income £480.00 a week, no
    # tariff income added, so the 100% band (up to £480.00).
    (
        "O5 UC income without tariff income",
        OXFORD,
        {
            "universal_credit": True,
            "uc_maximum_amount_monthly": 24960 / 12,
            "uc_award_monthly": 24960 / 12,
            "capital": 6001.0,
        },
        None,
        1800.0,
    ),
    ("O6 capital above the limit", OXFORD, {"capital": 16001.0}, None, 0.0),
    # O7: a non-dependant on £605 a week gross working 16 hours → £15.95 a week.
    ("O7 local deduction", OXFORD, {}, [non_dependant(605.0)], 970.60),
    # O8: a non-dependant on Income Support is still charged the lowest £5.20 (no exemptions).
    (
        "O8 no exemption for income support",
        OXFORD,
        {},
        [non_dependant(0.0, works=False, benefit="income_support_jsa_esa")],
        1529.60,
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "claim", "non_dependants", "pe_yearly"),
    PE_CASES,
    ids=[row[0] for row in PE_CASES],
)
def test_policyengine_case_weekly(
    case: str,
    name: str,
    claim: dict[str, Any],
    non_dependants: list[dict[str, Any]] | None,
    pe_yearly: float,
) -> None:
    """PolicyEngine's yearly figure ÷ 52 equals Townhall's yearly award ÷ (365/7), to the penny.

    Weekly, because the two models convert differently (PolicyEngine: 52 weeks; Townhall, as the
    regulations: 365/7), so equal weekly awards are not equal yearly ones; the household's bill is
    set to £1,804.95 a year so that Townhall's weekly liability (£34.6155) equals PolicyEngine's
    (£1,800/52 = £34.6154) to the penny."""
    assert_weekly_matches(
        name, {"claimant_age": 35, **claim}, pe_yearly, non_dependants=non_dependants
    )


# Not reproduced: PolicyEngine's England pensioner case P1 (Maidstone, the national scheme) and P2
# (EntitledTo pensioner couple, period 2025), the generic fallback cases G1, G2 (reported survey
# benefit: Townhall has no "reported CTB" input) and the Wales cases W1, W2 (Townhall models English
# schemes only); none of them names these four councils.


def test_policyengine_pensioner_case_england() -> None:
    """PolicyEngine's England pensioner case (P1): aged 70 with no income, full support of the
    bill, under every 2026/27 scheme (the prescribed scheme applies to pensioners everywhere)."""
    for name in (*COUNCILS, OXFORD):
        result = run(pe_scheme(name, 1), {"pensioner": True, "claimant_age": 70})
        assert float(result.award_yearly[0]) == PE_BILL
