"""One hand-worked household per rule of the fuller engine (ENGINE-SPEC.md, issue 13).

Each test states its scheme inline as TOML over `default-2013`, giving every figure it uses, and
works the expected figure by hand in its docstring or comments. Unless a test says otherwise:

- the home is Band D with a Band D charge of £1,460.00 and no precepts, so the bill is £1,460.00 a
  year, £28.00 a week (1460 ÷ 365 × 7); with the 25% single person discount £1,095.00, £21.00 a
  week; with 50%, £730.00, £14.00 a week;
- the taper is 20%; the yearly award is the weekly award × 365 ÷ 7, rounded half up to the penny;
- working-age figures are the default scheme's 2013/14 amounts (SI 2012/2886 as amended by SI
  2012/3085: /work/research/default-working-age.toml), pensioner figures the prescribed ones.

"PR" is SI 2012/2885 (pensioners), "DS" SI 2012/2886 (the default scheme); "CWaC 2026/27" is
Cheshire West and Chester's Council Tax Reduction Scheme 2026/27, which reproduces both.

The last tests compare `evaluate` with the plain specification (`specification.awards_yearly`) on
random caseloads for every bundled scheme, to the penny, and check properties every award keeps.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import polars as pl
import pytest
import specification
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scheme_kinds import other_schemes, representative_schemes

from townhall.problems import InvalidInputError
from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import Evaluation, evaluate
from townhall.tax.rules.scheme import (
    UC_ELEMENTS,
    Scheme,
    load_bundled_scheme,
    scheme_from_toml,
)

# The lines every hand-worked scheme starts with: the Band D charge and the taper named above.
COUNCIL = """
[council]
band_d_yearly = { value = 1460.0, source = "test: Band D £1,460.00 a year = £28.00 a week" }
precepts_band_d_yearly = { value = {}, source = "test: no precepts" }

[working_age.taper]
value = 0.20
source = "DS para 29(b): 20% of excess income"

[pensioner.taper]
value = 0.20
source = "PR Sch. 1 para 3: 20% of excess income"
"""

BASE_CLAIM: dict[str, Any] = {
    "band": "D",
    "pensioner": False,
    "claimant_age": 40,
    "partner_age": None,
    "children": 0,
    "youngest_child_age": None,
    "passported": False,
}


def scheme(body: str, year: str | None = None) -> Scheme:
    """A scheme over default-2013 with COUNCIL's lines and the test's own figures."""
    head = 'extends = "default-2013"\nname = "hand-worked"\n'
    if year is not None:
        head += f'year = "{year}"\n'
    return scheme_from_toml(head + COUNCIL + body, "test")


def caseload(
    households: list[dict[str, Any]], non_dependants: list[dict[str, Any]] | None = None
) -> Caseload:
    """Claims c0, c1, ... over BASE_CLAIM, with their non-dependants (rows naming claim_id)."""
    records = [{**BASE_CLAIM, "claim_id": f"c{i}", **h} for i, h in enumerate(households)]
    return Caseload.from_records(records, "test", non_dependants=non_dependants or [])


def run(
    rules: Scheme,
    households: list[dict[str, Any]],
    non_dependants: list[dict[str, Any]] | None = None,
) -> Evaluation:
    """Evaluate, and check the plain specification gives the same awards as the engine."""
    claims = caseload(households, non_dependants)
    result = evaluate(rules, claims)
    expected = specification.awards_yearly(
        rules, claims.table, specification.non_dependant_table(non_dependants or [])
    )
    np.testing.assert_allclose(
        result.award_yearly, expected, rtol=0, atol=0.001, err_msg="engine (actual) vs spec"
    )
    return result


def yearly(result: Evaluation) -> list[float]:
    return [round(float(x), 2) for x in result.award_yearly]


def weekly(values: Any) -> list[float]:
    return [round(float(x), 2) for x in values]


WORKING_AGE_ALLOWANCES = """
[working_age.applicable_amounts]
single_weekly = { value = 71.70, source = "DS internal Sch. 3 para 1(1)(b)" }
single_under_25_weekly = { value = 56.80, source = "DS internal Sch. 3 para 1(1)(c)" }
lone_parent_weekly = { value = 71.70, source = "DS internal Sch. 3 para 1(2)" }
couple_weekly = { value = 112.55, source = "DS internal Sch. 3 para 1(3)" }
child_weekly = { value = 65.62, source = "DS internal Sch. 3 para 3" }
family_premium_weekly = { value = 17.40, source = "DS internal Sch. 3 para 4(1)(b)" }
disability_premium_single_weekly = { value = 31.00, source = "DS internal Sch. 3 para 17 Table (1)(a)" }
disability_premium_couple_weekly = { value = 44.20, source = "DS internal Sch. 3 para 17 Table (1)(b)" }
disabled_child_premium_weekly = { value = 57.89, source = "DS internal Sch. 3 para 17 Table (4)" }
carer_premium_weekly = { value = 33.30, source = "DS internal Sch. 3 para 17 Table (6)" }
"""

NEW_PREMIUMS = (
    "severe_disability_premium_weekly",
    "enhanced_disability_premium_single_weekly",
    "enhanced_disability_premium_couple_weekly",
    "enhanced_disability_premium_child_weekly",
    "work_related_activity_component_weekly",
    "support_component_weekly",
)


def new_premiums(**figures: str) -> str:
    """Lines for `[working_age.applicable_amounts]`: the new premiums a test uses, as given, and
    the others stated as 0, so a figure a bundled scheme may carry does not mix in."""
    unused = '{ value = 0.0, source = "test: not the rule under test" }'
    return "".join(f"{name} = {figures.get(name, unused)}\n" for name in NEW_PREMIUMS)


EARNINGS_DISREGARDS = """
[working_age.earnings_disregards]
single_weekly = { value = 5.0, source = "DS internal Sch. 7 (HB Regs 2006 Sch. 4 para 10)" }
couple_weekly = { value = 10.0, source = "DS internal Sch. 7 (HB Regs 2006 Sch. 4 para 9)" }
lone_parent_weekly = { value = 25.0, source = "DS internal Sch. 7 (HB Regs 2006 Sch. 4 para 4)" }
disability_or_carer_weekly = { value = 20.0, source = "DS internal Sch. 7 (HB Regs 2006 Sch. 4 paras 3, 5)" }
additional_weekly = { value = 17.10, source = "DS internal Sch. 7; CWaC 2026/27 Sch. 4 para 14.10(3)(c): £17.10" }
child_care_one_child_weekly = { value = 175.0, source = "DS para 57; CWaC 2026/27 para 8.3(a): £175" }
child_care_two_or_more_weekly = { value = 300.0, source = "DS para 57; CWaC 2026/27 para 8.3(b): £300" }
"""

NON_DEPENDANT_RULES = """
[working_age]
non_dependant_deductions = { value = [
  { from_gross_weekly_income = 0.0, deduction_weekly = 3.65 },
  { from_gross_weekly_income = 186.0, deduction_weekly = 7.25 },
  { from_gross_weekly_income = 322.0, deduction_weekly = 9.15 },
  { from_gross_weekly_income = 401.0, deduction_weekly = 10.95 },
], source = "DS para 30(1)-(2) as amended by SI 2012/3085" }
non_dependant_deduction_not_in_work_weekly = { value = 3.65, source = "DS para 30(1)(b)" }
non_dependant_exemptions = { value = ["pension_credit", "income_support_jsa_esa", "universal_credit_no_earnings", "student", "disregarded_for_discount"], source = "PR Sch. 1 para 8(5)(c), 8(8)(a)-(c); CWaC 2026/27 paras 12.5, 12.8" }

[working_age.second_adult_rebate]
enabled = { value = false, source = "test: the main award alone" }
"""


# ---------------------------------------------------------------------------------------------
# Universal Credit


def test_universal_credit_default_scheme_treatment() -> None:
    """DS para 28(1),(3) and para 37: applicable amount = UC maximum × 12 ÷ 52; income = UC award
    + DWP's earned and unearned income, each × 12 ÷ 52, with no earnings disregard.

    Single claimant, 30, on UC: maximum £520 a month → 520 × 12 ÷ 52 = £120.00 a week; award £65
    → £15.00; earned £520 → £120.00; unearned 0. `weekly_earnings` (£300) is not read for a UC
    claim. Income 15.00 + 120.00 = 135.00; excess 135.00 − 120.00 = 15.00; × 20% = 3.00.
    Sole adult: £21.00 − 3.00 = £18.00 a week × 365 ÷ 7 = 938.571… → £938.57.
    (With the £5 single disregard it would have been 19.00: no disregard applies.)

    The second claim is the same household with `pensioner` true: a claim on UC is working age
    (PR reg 3(1)(b)(ii)(bb)), so the same £938.57."""
    rules = scheme(WORKING_AGE_ALLOWANCES)
    uc = {
        "universal_credit": True,
        "claimant_age": 30,
        "uc_maximum_amount_monthly": 520.0,
        "uc_award_monthly": 65.0,
        "uc_earned_income_monthly": 520.0,
        "weekly_earnings": 300.0,
    }
    result = run(rules, [uc, {**uc, "pensioner": True, "claimant_age": 70}])
    assert weekly(result.stages.applicable_weekly) == [120.00, 120.00]
    assert weekly(result.stages.income_weekly) == [135.00, 135.00]
    assert yearly(result) == [938.57, 938.57]


UC_OPTIONS = """
[working_age.universal_credit]
applicable_amount = { value = "scheme", source = "test: the scheme's own applicable amount" }
income = { value = ["earned"], source = "test: DWP's earned income only" }
earnings_disregards = { value = true, source = "test: the scheme's earnings disregards apply" }
tariff_income = { value = true, source = "test: tariff income from DWP's capital" }
passported = { value = "no_earned_income", source = "test: UC with no earned income gets maximum support" }

[working_age.capital]
upper_limit = { value = 16000.0, source = "DS para 17" }
lower_limit = { value = 6000.0, source = "DS para 38" }
tariff_step = { value = 250.0, source = "DS para 38: £1 for each £250 or part above £6,000" }
"""


def test_universal_credit_scheme_options() -> None:
    """A scheme's own UC treatment (spec: `universal_credit` table).

    Claim 0, single, 30, on UC with the scheme's applicable amount £71.70 (the UC maximum £520 a
    month is not used), income = earned only: £390 a month × 12 ÷ 52 = £90.00, less the £5 single
    disregard = £85.00 (the UC award of £65 a month is not income here); tariff income on capital
    £6,250: (6250 − 6000) ÷ 250 = 1 step → £1.00. Income 86.00; excess 86.00 − 71.70 = 14.30;
    × 20% = 2.86; award 21.00 − 2.86 = £18.14 a week × 365 ÷ 7 = 945.871… → £945.87.

    Claim 1, on UC with no earned income: passported ("no_earned_income"), so the maximum, £21.00
    a week = the whole £1,095.00 bill, whatever the £1,300 a month award."""
    rules = scheme(WORKING_AGE_ALLOWANCES + EARNINGS_DISREGARDS + UC_OPTIONS)
    base = {"universal_credit": True, "claimant_age": 30, "uc_maximum_amount_monthly": 520.0}
    result = run(
        rules,
        [
            {
                **base,
                "uc_award_monthly": 65.0,
                "uc_earned_income_monthly": 390.0,
                "capital": 6250.0,
            },
            {**base, "uc_award_monthly": 1300.0, "uc_earned_income_monthly": 0.0},
        ],
    )
    assert weekly(result.stages.applicable_weekly)[0] == 71.70
    assert weekly(result.stages.income_weekly)[0] == 86.00
    assert yearly(result) == [945.87, 1095.00]


# ---------------------------------------------------------------------------------------------
# Severe disability premium (PR Sch. 2 para 6; DS internal Sch. 3, Table para 17(2):
# £59.50 single rate, £119.00 double; CWaC 2026/27 pensioner Sch. 2 paras 7.2-7.4)

SDP = {
    "severe_disability_premium_weekly": '{ value = 59.50, source = "DS internal Sch. 3 para 17 Table (2)(a),(b)(i); double rate (2)(b)(ii) £119.00" }'
}


def test_severe_disability_premium_single() -> None:
    """Para 6(2)(a): single, attendance allowance, no non-dependant, nobody paid to care for him.

    Claim 0: applicable 71.70 + 59.50 SDP = 131.20; other income £140.00 (counts in full);
    excess 140.00 − 131.20 = 8.80 × 20% = 1.76; 21.00 − 1.76 = £19.24 a week → 1003.228… → £1,003.23.
    Claim 1, the same but someone gets carer's allowance for caring for him (para 6(2)(a)(iii)):
    no SDP; applicable 71.70; excess 68.30 × 20% = 13.66; 21.00 − 13.66 = £7.34 → 382.728… → £382.73."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums(**SDP))
    alone = {"claimant_disability_benefit": "attendance_allowance", "weekly_other_income": 140.0}
    result = run(rules, [alone, {**alone, "claimant_has_paid_carer": True}])
    assert weekly(result.stages.applicable_weekly) == [131.20, 71.70]
    assert yearly(result) == [1003.23, 382.73]


def test_severe_disability_premium_couple() -> None:
    """Para 6(2)(b) and (3): a couple, other income £240.00, bill £28.00 a week; applicable amount
    112.55 + SDP.

    0. Both on attendance allowance, nobody paid to care: double rate 2 × 59.50 = 119.00 →
       231.55; excess 8.45 × 20% = 1.69; 28.00 − 1.69 = 26.31 → 1371.878… → £1,371.88.
    1. The same, a carer paid for one of them: single rate → 172.05; excess 67.95 × 20% = 13.59;
       28.00 − 13.59 = 14.41 → 751.378… → £751.38.
    2. Carers paid for both: no SDP → 112.55; excess 127.45 × 20% = 25.49; 28.00 − 25.49 = 2.51
       → 130.878… → £130.88.
    3. Partner on no qualifying benefit but blind: treated as no partner (para 6(3)), single rate
       → 172.05 → £751.38.
    4. Partner on no qualifying benefit and not blind: no SDP → £130.88."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums(**SDP))
    both = {
        "partner_age": 40,
        "claimant_disability_benefit": "attendance_allowance",
        "partner_disability_benefit": "attendance_allowance",
        "weekly_other_income": 240.0,
    }
    neither_partner = {**both, "partner_disability_benefit": "none"}
    result = run(
        rules,
        [
            both,
            {**both, "partner_has_paid_carer": True},
            {**both, "claimant_has_paid_carer": True, "partner_has_paid_carer": True},
            {**neither_partner, "partner_blind": True},
            neither_partner,
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [231.55, 172.05, 112.55, 172.05, 112.55]
    assert yearly(result) == [1371.88, 751.38, 130.88, 751.38, 130.88]


def test_severe_disability_premium_and_non_dependants() -> None:
    """Para 6(2)(a)(ii) and (4): no non-dependant aged 18 or over, except one who gets a qualifying
    benefit or is blind. Single claimant on AA, other income £140.00; with an adult non-dependant
    the bill has no discount (£28.00 a week) and there is no non-dependant deduction (the
    claimant gets AA: PR Sch. 1 para 8(4)).

    0. Non-dependant, 30, working, £300 a week: no SDP. Applicable 71.70; excess 68.30 × 20% =
       13.66; 28.00 − 13.66 = 14.34 → 747.728… → £747.73.
    1. The non-dependant gets PIP daily living (standard): SDP kept, 131.20; excess 8.80 × 20% =
       1.76; 28.00 − 1.76 = 26.24 → 1368.228… → £1,368.23.
    2. The non-dependant is blind: SDP kept → £1,368.23.
    3. The non-dependant is 17: not an adult, SDP kept, and the claimant is the only adult
       (25% off): 21.00 − 1.76 = 19.24 → £1,003.23."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums(**SDP) + NON_DEPENDANT_RULES)
    claimant = {"claimant_disability_benefit": "attendance_allowance", "weekly_other_income": 140.0}
    adult = {"age": 30, "gross_weekly_income": 300.0, "works_16_hours_or_more": True}
    result = run(
        rules,
        [claimant] * 4,
        [
            {"claim_id": "c0", **adult},
            {"claim_id": "c1", **adult, "disability_benefit": "pip_daily_living_standard"},
            {"claim_id": "c2", **adult, "blind": True},
            {"claim_id": "c3", **adult, "age": 17},
        ],
    )
    assert weekly(result.stages.non_dependant_deduction_weekly) == [0.0, 0.0, 0.0, 0.0]
    assert yearly(result) == [747.73, 1368.23, 1368.23, 1003.23]


# ---------------------------------------------------------------------------------------------
# Enhanced disability premium, ESA components, disability premium


EDP = {
    "enhanced_disability_premium_single_weekly": '{ value = 15.15, source = "DS internal Sch. 3 para 17 Table (5)(b)" }',
    "enhanced_disability_premium_couple_weekly": '{ value = 21.75, source = "DS internal Sch. 3 para 17 Table (5)(c)" }',
    "enhanced_disability_premium_child_weekly": '{ value = 23.45, source = "DS internal Sch. 3 para 17 Table (5)(a)" }',
}


def test_enhanced_disability_premium_adult_and_child() -> None:
    """DS internal Sch. 3 (EDP, Table para 17(5)); SDP set to 0 here so it does not mix in.

    0. Single, DLA care highest rate, other income £100.00: 71.70 + 15.15 = 86.85; excess 13.15
       × 20% = 2.63; 21.00 − 2.63 = 18.37 → 957.864… → £957.86.
    1. Couple, partner on PIP daily living enhanced, other income £150.00: couple rate
       112.55 + 21.75 = 134.30; excess 15.70 × 20% = 3.14; 28.00 − 3.14 = 24.86 → 1296.271… →
       £1,296.27.
    2. Couple, two children (youngest 5), one of them disabled and on the enhanced rate, other
       income £350.00: 112.55 + 2 × 65.62 + 17.40 family + 57.89 disabled child + 23.45 child EDP
       = 342.53 (no adult EDP); excess 7.47 × 20% = 1.494; 28.00 − 1.494 = 26.506 → 1382.097… →
       £1,382.10."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums(**EDP))
    result = run(
        rules,
        [
            {"claimant_disability_benefit": "dla_care_highest", "weekly_other_income": 100.0},
            {
                "partner_age": 40,
                "partner_disability_benefit": "pip_daily_living_enhanced",
                "weekly_other_income": 150.0,
            },
            {
                "partner_age": 40,
                "children": 2,
                "youngest_child_age": 5,
                "disabled_children": 1,
                "enhanced_disability_children": 1,
                "weekly_other_income": 350.0,
            },
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [86.85, 134.30, 342.53]
    assert yearly(result) == [957.86, 1296.27, 1382.10]


ESA = {
    "work_related_activity_component_weekly": '{ value = 28.45, source = "DS internal Sch. 3 para 23" }',
    "support_component_weekly": '{ value = 34.80, source = "DS internal Sch. 3 para 24" }',
    "enhanced_disability_premium_single_weekly": '{ value = 15.15, source = "DS internal Sch. 3 para 17 Table (5)(b)" }',
}


def test_esa_components_and_no_disability_premium_with_esa() -> None:
    """Single, 35, with the disability premium flag (£31.00).

    0. No ESA: 71.70 + 31.00 = 102.70; other income £110.00: excess 7.30 × 20% = 1.46;
       21.00 − 1.46 = 19.54 → 1018.871… → £1,018.87.
    1. ESA work-related activity component: the component replaces the disability premium (DS
       internal Sch. 3 para 9; HB Regs 2006 Sch. 3 para 12(1)): 71.70 + 28.45 = 100.15; excess
       9.85 × 20% = 1.97; 21.00 − 1.97 = 19.03 → 992.278… → £992.28.
    2. ESA support component: 71.70 + 34.80 + 15.15 enhanced disability premium (the support
       component qualifies for it) = 121.65; other income £130.00: excess 8.35 × 20% = 1.67;
       21.00 − 1.67 = 19.33 → 1007.921… → £1,007.92."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums(**ESA))
    base = {"claimant_age": 35, "disability_premium": True, "weekly_other_income": 110.0}
    result = run(
        rules,
        [
            base,
            {**base, "esa_component": "work_related_activity"},
            {**base, "esa_component": "support", "weekly_other_income": 130.0},
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [102.70, 100.15, 121.65]
    assert yearly(result) == [1018.87, 992.28, 1007.92]


def test_work_related_activity_component_only_for_claims_before_april_2017() -> None:
    """Lancaster gives no work-related activity component where the ESA claim was made on or
    after 1 April 2017 (Lancaster CTR 2026/27 Sch. 1 para 18, p.112):
    `work_related_activity_component_before_april_2017 = true`, and the caseload's
    `esa_claim_from_april_2017`. Single, 35, disability premium flag, ESA work-related activity
    group, other income £110.00.

    c0 claimed before April 2017: 71.70 + 28.45 = 100.15 → £992.28 (as above).
    c1 claimed from April 2017: 71.70 (no component, and no disability premium with ESA); excess
    38.30 × 20% = 7.66; 21.00 − 7.66 = 13.34 → 695.585… → £695.59.
    Without the scheme's rule c1 too gets the component: £992.28."""
    limit = "[working_age.work_related_activity_component_before_april_2017]\n"
    limit += 'value = true\nsource = "Lancaster CTR 2026/27 Sch. 1 para 18"\n'
    base = {
        "claimant_age": 35,
        "disability_premium": True,
        "weekly_other_income": 110.0,
        "esa_component": "work_related_activity",
    }
    households = [base, {**base, "esa_claim_from_april_2017": True}]
    result = run(scheme(WORKING_AGE_ALLOWANCES + new_premiums(**ESA) + limit), households)
    assert weekly(result.stages.applicable_weekly) == [100.15, 71.70]
    assert yearly(result) == [992.28, 695.59]
    without = scheme(WORKING_AGE_ALLOWANCES + new_premiums(**ESA))
    assert yearly(run(without, households)) == [992.28, 992.28]


# ---------------------------------------------------------------------------------------------
# Earnings: the additional earnings disregard and child care charges


def test_additional_earnings_disregard() -> None:
    """CWaC 2026/27 Sch. 4 para 14.10 (PR Sch. 4; DS internal Sch. 7): £17.10 more when claimant or
    partner works 30+ hours, or 16+ hours with the disability condition. A couple, no children,
    earnings £200.00, bill £28.00 a week.

    0. Claimant works 30 hours: 200 − 10 couple − 17.10 = 172.90; excess over 112.55 = 60.35 ×
       20% = 12.07; 28.00 − 12.07 = 15.93 → 830.635… → £830.64.
    1. 29 hours: no additional disregard: 200 − 10 = 190.00; excess 77.45 × 20% = 15.49;
       28.00 − 15.49 = 12.51 → 652.307… → £652.31.
    2. 16 hours and the disability premium: 200 − 20 − 17.10 = 162.90; applicable 112.55 + 44.20
       = 156.75; excess 6.15 × 20% = 1.23; 28.00 − 1.23 = 26.77 → 1395.864… → £1,395.86."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums() + EARNINGS_DISREGARDS)
    couple = {"partner_age": 40, "weekly_earnings": 200.0}
    result = run(
        rules,
        [
            {**couple, "claimant_weekly_hours": 30},
            {**couple, "claimant_weekly_hours": 29},
            {**couple, "claimant_weekly_hours": 16, "disability_premium": True},
        ],
    )
    assert weekly(result.stages.income_weekly) == [172.90, 190.00, 162.90]
    assert yearly(result) == [830.64, 652.31, 1395.86]


def test_child_care_charges() -> None:
    """Relevant child care charges come off earnings up to £175 (one child) or £300 (two or more)
    a week, for a lone parent working 16+ hours, or a couple both working 16+ hours or one working
    and the other incapacitated (DS para 57; CWaC 2026/27 paras 8.3, 24.1).

    0. Lone parent, one child (4), 16 hours, earnings £400.00, charges £200.00 (limited to 175):
       400 − 25 lone parent − 17.10 additional (16 hours with a child) − 175 = 182.90;
       applicable 71.70 + 65.62 + 17.40 = 154.72; excess 28.18 × 20% = 5.636;
       21.00 − 5.636 = 15.364 → 801.122… → £801.12.
    1. Lone parent, two children, 16 hours, earnings £600.00, charges £350.00 (limited to 300):
       600 − 25 − 17.10 − 300 = 257.90; applicable 71.70 + 2 × 65.62 + 17.40 = 220.34; excess
       37.56 × 20% = 7.512; 21.00 − 7.512 = 13.488 → 703.302… → £703.30.
    2. Couple, one child, claimant 40 hours, partner not working and not incapacitated, earnings
       £250.00, charges £200.00: not eligible; 250 − 10 − 17.10 = 222.90; applicable
       112.55 + 65.62 + 17.40 = 195.57; excess 27.33 × 20% = 5.466; 28.00 − 5.466 = 22.534 →
       1174.988… → £1,174.99.
    3. The same couple with the partner on the DLA care component (lowest rate): incapacitated,
       and the disability condition of the £20 disregard holds (DS internal Sch. 3 para 10(1)(a),
       Sch. 7 para 3): 250 − 20 − 17.10 − 175 = 37.90, below 195.57: no excess, the whole
       £1,460.00."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums() + EARNINGS_DISREGARDS)
    lone = {"children": 1, "youngest_child_age": 4, "claimant_weekly_hours": 16}
    couple = {
        "partner_age": 40,
        "children": 1,
        "youngest_child_age": 4,
        "claimant_weekly_hours": 40,
        "weekly_earnings": 250.0,
        "weekly_child_care_charges": 200.0,
    }
    result = run(
        rules,
        [
            {**lone, "weekly_earnings": 400.0, "weekly_child_care_charges": 200.0},
            {
                **lone,
                "children": 2,
                "weekly_earnings": 600.0,
                "weekly_child_care_charges": 350.0,
            },
            couple,
            {**couple, "partner_disability_benefit": "dla_care_lowest"},
        ],
    )
    assert weekly(result.stages.income_weekly) == [182.90, 257.90, 222.90, 37.90]
    assert yearly(result) == [801.12, 703.30, 1174.99, 1460.00]


# ---------------------------------------------------------------------------------------------
# Disabled child premium and carer premium: one each


def test_disabled_child_premium_per_child() -> None:
    """One disabled child premium for each disabled child (DS internal Sch. 3 para 17 Table (4)).
    Couple, three children (youngest 2), two disabled: 112.55 + 3 × 65.62 + 17.40 + 2 × 57.89 =
    442.59; other income £450.00: excess 7.41 × 20% = 1.482; 28.00 − 1.482 = 26.518 →
    1382.723… → £1,382.72."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums())
    result = run(
        rules,
        [
            {
                "partner_age": 40,
                "children": 3,
                "youngest_child_age": 2,
                "disabled_children": 2,
                "weekly_other_income": 450.0,
            }
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [442.59]
    assert yearly(result) == [1382.72]


def test_two_child_limit_on_child_allowances() -> None:
    """Broadland applies the two-child limit to working-age applicants (Broadland CTR 2026/27
    footnote 5, p.6, and Appendix 1 footnote 38, p.44): `two_child_limit = true`, and the caseload
    says how many children keep an allowance (`children_in_child_allowance`). Couple, three
    children, other income £300.

    c0 two in the allowance: 112.55 + 2 × 65.62 + 17.40 = 261.19; excess 38.81 × 20% = 7.762;
    28.00 − 7.762 = 20.238 → 1055.267… → £1,055.27.
    c1 the column empty: every child, 112.55 + 3 × 65.62 + 17.40 = 326.81 above £300: £1,460.00.
    Without the limit c0 too counts three children: £1,460.00."""
    limit = '[working_age.two_child_limit]\nvalue = true\nsource = "Broadland CTR 2026/27 fn. 5"\n'
    family = {"partner_age": 40, "children": 3, "youngest_child_age": 2}
    households = [
        {**family, "children_in_child_allowance": 2, "weekly_other_income": 300.0},
        {**family, "weekly_other_income": 300.0},
    ]
    result = run(scheme(WORKING_AGE_ALLOWANCES + limit), households)
    assert weekly(result.stages.applicable_weekly) == [261.19, 326.81]
    assert yearly(result) == [1055.27, 1460.00]
    assert yearly(run(scheme(WORKING_AGE_ALLOWANCES), households)) == [1460.00, 1460.00]


def test_disability_income_disregard_for_named_groups() -> None:
    """Ashford disregards £40 a week of income where the applicant, partner or a dependant gets
    DLA, PIP or Carer's Allowance (Ashford CTR 2026/27 Sch. 3 para 70, p.113):
    `income_disregards.disability_weekly = 40` for `disability_for = ["disability_benefit",
    "carer", "disabled_child_premium"]`. Single, £21.00 a week bill, other income £150.

    c0 on PIP daily living with the disability premium: 71.70 + 31.00 = 102.70 needed (severe and
    enhanced premiums stated as 0 here); income 150 − 40 = 110.00; excess 7.30 × 20% = 1.46;
    21.00 − 1.46 = 19.54 → £1,018.87.
    c1 no disability benefit: 71.70; excess 78.30 × 20% = 15.66; 5.34 → £278.44.
    c2 on PIP with £30 of income: 30 − 40 counts as 0, never less: £1,095.00.
    Without the disregard c0 has excess 47.30: 21.00 − 9.46 = 11.54 → £601.73."""
    on_pip = {
        "claimant_disability_benefit": "pip_daily_living_standard",
        "disability_premium": True,
    }
    households = [
        {**on_pip, "weekly_other_income": 150.0},
        {"weekly_other_income": 150.0},
        {**on_pip, "weekly_other_income": 30.0},
    ]
    plain = scheme(WORKING_AGE_ALLOWANCES + new_premiums())
    disregard = (
        "[working_age.income_disregards]\n"
        'disability_weekly = { value = 40.0, source = "Ashford CTR 2026/27 Sch. 3 para 70" }\n'
        'disability_for = { value = ["disability_benefit", "carer", "disabled_child_premium"], '
        'source = "Ashford CTR 2026/27 Sch. 3 para 70" }\n'
    )
    result = run(scheme(WORKING_AGE_ALLOWANCES + new_premiums() + disregard), households)
    assert weekly(result.stages.income_weekly) == [110.00, 150.00, 0.00]
    assert yearly(result) == [1018.87, 278.44, 1095.00]
    assert yearly(run(plain, households))[0] == 601.73
    # The amount and its groups go together, and no group that needs a child's age.
    half = "[working_age.income_disregards]\n" + disregard.splitlines()[1] + "\n"
    aged = disregard.replace('"carer"', '"child_under_age"')
    for body in (half, aged):
        with pytest.raises(InvalidInputError):
            scheme(WORKING_AGE_ALLOWANCES + body)


def test_carer_premium_per_carer() -> None:
    """One carer premium for each of claimant and partner who is a carer (DS internal Sch. 3
    para 17 Table (6)). Couple, both carers: 112.55 + 2 × 33.30 = 179.15; other income £190.00:
    excess 10.85 × 20% = 2.17; 28.00 − 2.17 = 25.83 → 1346.85."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums())
    result = run(rules, [{"partner_age": 40, "carers": 2, "weekly_other_income": 190.0}])
    assert weekly(result.stages.applicable_weekly) == [179.15]
    assert yearly(result) == [1346.85]


# ---------------------------------------------------------------------------------------------
# Non-dependant deductions (DS para 30; PR Sch. 1 para 8; CWaC 2026/27 paras 12 and 33)

PASSPORTED_COUPLE = {"partner_age": 40, "passported": True}


def test_non_dependant_in_work_by_income_band_and_not_in_work() -> None:
    """A passported couple (no taper: the award is the maximum) with one adult non-dependant; three
    adults, so the bill is £28.00 a week.

    0. Works 16+ hours, £250 a week: band from £186 → 7.25; 28.00 − 7.25 = 20.75 → 1081.964… →
       £1,081.96.
    1. Not in work, £400 a week (say contributory benefits): the not-in-work amount 3.65,
       whatever the income; 24.35 → 1269.678… → £1,269.68.
    2. Works, £150 a week: the lowest band, 3.65 → £1,269.68.
    3. Works, £450 a week: top band 10.95; 17.05 → 889.035… → £889.04."""
    rules = scheme(WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES)
    result = run(
        rules,
        [PASSPORTED_COUPLE] * 4,
        [
            {"claim_id": "c0", "gross_weekly_income": 250.0, "works_16_hours_or_more": True},
            {"claim_id": "c1", "gross_weekly_income": 400.0, "works_16_hours_or_more": False},
            {"claim_id": "c2", "gross_weekly_income": 150.0, "works_16_hours_or_more": True},
            {"claim_id": "c3", "gross_weekly_income": 450.0, "works_16_hours_or_more": True},
        ],
    )
    assert weekly(result.stages.non_dependant_deduction_weekly) == [7.25, 3.65, 3.65, 10.95]
    assert yearly(result) == [1081.96, 1269.68, 1269.68, 889.04]


def test_no_deductions_when_claimant_or_partner_is_disabled_or_blind() -> None:
    """No deduction for any non-dependant when the claimant or partner is blind or gets AA, DLA care
    (any rate), PIP daily living or AFIP (PR Sch. 1 para 8(4); CWaC 2026/27 para 33.4). The
    non-dependant works and earns £450 (otherwise 10.95 a week): every award is the whole
    £1,460.00."""
    rules = scheme(WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES)
    households = [
        {**PASSPORTED_COUPLE, "claimant_disability_benefit": "dla_care_lowest"},
        {**PASSPORTED_COUPLE, "claimant_blind": True},
        {**PASSPORTED_COUPLE, "partner_disability_benefit": "pip_daily_living_standard"},
        {**PASSPORTED_COUPLE, "partner_disability_benefit": "afip"},
        {**PASSPORTED_COUPLE, "partner_blind": True},
    ]
    earner = {"gross_weekly_income": 450.0, "works_16_hours_or_more": True}
    result = run(rules, households, [{"claim_id": f"c{i}", **earner} for i in range(5)])
    assert weekly(result.stages.non_dependant_deduction_weekly) == [0.0] * 5
    assert yearly(result) == [1460.00] * 5


def test_non_dependant_exemptions() -> None:
    """No deduction for a non-dependant on pension credit or IS/JSA(IB)/ESA(IR) (PR Sch. 1 para
    8(8)(a)), on UC without earned income (8(8)(c)), a full-time student (8(5)(c)), or under 18
    (para 8(1): "aged 18 or over"), or disregarded for council tax discounts, say as a carer
    (para 8(8)(b); CWaC 2026/27 para 12.8(b)): each earns £450 and works, and each award is the
    whole £1,460.00 (claimant and partner count for discounts, so no discount). Claim c5: a
    non-dependant on UC with earnings is not exempt: 7.25 on £250 → 20.75 → £1,081.96."""
    rules = scheme(WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES)
    earner = {"gross_weekly_income": 450.0, "works_16_hours_or_more": True}
    rows = [
        {"claim_id": "c0", **earner, "benefit": "pension_credit"},
        {"claim_id": "c1", **earner, "benefit": "income_support_jsa_esa"},
        {"claim_id": "c2", **earner, "benefit": "universal_credit_no_earnings"},
        {"claim_id": "c3", **earner, "student": True},
        {"claim_id": "c4", **earner, "age": 17},
        {"claim_id": "c6", **earner, "disregarded_for_discount": True},
        {
            "claim_id": "c5",
            "gross_weekly_income": 250.0,
            "works_16_hours_or_more": True,
            "benefit": "universal_credit_with_earnings",
        },
    ]
    result = run(rules, [PASSPORTED_COUPLE] * 7, rows)
    assert weekly(result.stages.non_dependant_deduction_weekly) == [0.0] * 5 + [7.25, 0.0]
    assert yearly(result) == [1460.00] * 5 + [1081.96, 1460.00]


def test_non_dependant_exemption_for_universal_credit_by_age_or_for_any_award() -> None:
    """Chorley exempts a non-dependant on UC without earned income only when aged under 25
    (Chorley CTR 2026/27 para 58.8(c), p.72): `universal_credit_no_earnings_under_25` in place of
    `universal_credit_no_earnings`. Not in work, no income: otherwise the not-in-work 3.65.

    c0 aged 24: exempt, £1,460.00. c1 aged 25: 3.65; 28.00 − 3.65 = 24.35 → £1,269.68.
    c2 age not given: not known to be under 25, so 3.65 → £1,269.68.
    Arun exempts a non-dependant on any UC award (Arun CTR 2026/27 section 22.0, as PolicyEngine
    UK reads it): `universal_credit`. c3 on UC with earnings, working, £250 a week (else 7.25):
    exempt, £1,460.00."""
    under_25 = NON_DEPENDANT_RULES.replace(
        '"universal_credit_no_earnings", "student"',
        '"universal_credit_no_earnings_under_25", "student"',
    )
    uc = {"benefit": "universal_credit_no_earnings"}
    result = run(
        scheme(WORKING_AGE_ALLOWANCES + under_25),
        [PASSPORTED_COUPLE] * 3,
        [
            {"claim_id": "c0", **uc, "age": 24},
            {"claim_id": "c1", **uc, "age": 25},
            {"claim_id": "c2", **uc},
        ],
    )
    assert weekly(result.stages.non_dependant_deduction_weekly) == [0.0, 3.65, 3.65]
    assert yearly(result) == [1460.00, 1269.68, 1269.68]
    any_uc = NON_DEPENDANT_RULES.replace(
        '"universal_credit_no_earnings", "student"', '"universal_credit", "student"'
    )
    earner = {"gross_weekly_income": 250.0, "works_16_hours_or_more": True}
    result = run(
        scheme(WORKING_AGE_ALLOWANCES + any_uc),
        [PASSPORTED_COUPLE] * 2,
        [
            {"claim_id": "c0", **earner, "benefit": "universal_credit_with_earnings"},
            {"claim_id": "c1", **earner},
        ],
    )
    assert yearly(result) == [1460.00, 1081.96]


def test_non_dependant_waiver_is_a_scheme_choice() -> None:
    """The non-dependant works and earns £450 (10.95 a week unless waived).

    `non_dependant_waiver = "none"`: Folkestone & Hythe reduce any award by £10 for each
    non-dependant with no waiver for a blind or disabled claimant (F&H CTR 2026/27 paras
    39.5-39.7, p.41): c0 (claimant blind) bears 10.95; 17.05 → £889.04.
    `"disability_premium"`: Solihull waives deductions where the applicant would have received a
    disability premium (Solihull CTR 2026/27 para 48.6, p.44): c1 with the disability premium flag
    bears none (£1,460.00); c2 on DLA care without the flag bears 10.95 (£889.04)."""

    def with_waiver(waiver: str) -> Scheme:
        line = f'non_dependant_waiver = {{ value = "{waiver}", source = "test" }}\n'
        rules = NON_DEPENDANT_RULES.replace("[working_age]\n", "[working_age]\n" + line)
        return scheme(WORKING_AGE_ALLOWANCES + rules)

    earner = {"gross_weekly_income": 450.0, "works_16_hours_or_more": True}
    blind = {**PASSPORTED_COUPLE, "claimant_blind": True}
    result = run(with_waiver("none"), [blind], [{"claim_id": "c0", **earner}])
    assert yearly(result) == [889.04]
    households = [
        {**PASSPORTED_COUPLE, "disability_premium": True},
        {**PASSPORTED_COUPLE, "claimant_disability_benefit": "dla_care_lowest"},
    ]
    earners = [{"claim_id": f"c{i}", **earner} for i in range(2)]
    result = run(with_waiver("disability_premium"), households, earners)
    assert yearly(result) == [1460.00, 889.04]


def test_non_dependant_not_in_work_charged_by_income_band() -> None:
    """Broxbourne charges by gross income whether or not the non-dependant works: £5.00 up to
    £150.00 a week, £11.55 above (Broxbourne CTR 2026/27 para 58.1(a),(b), p.71-72), with
    `non_dependant_not_in_work_banded = true`. Neither non-dependant works.

    c0 £200 a week: 11.55 (the not-in-work amount would be 5.00); 28.00 − 11.55 = 16.45 →
    857.75. c1 £100 a week: 5.00; 23.00 → 1199.285… → £1,199.29."""
    rules = scheme(
        WORKING_AGE_ALLOWANCES
        + """
[working_age]
non_dependant_deductions = { value = [
  { from_gross_weekly_income = 0.0, deduction_weekly = 5.00 },
  { from_gross_weekly_income = 150.01, deduction_weekly = 11.55 },
], source = "Broxbourne CTR 2026/27 para 58.1(a),(b)" }
non_dependant_deduction_not_in_work_weekly = { value = 5.00, source = "Broxbourne para 58.1(a)" }
non_dependant_not_in_work_banded = { value = true, source = "Broxbourne para 58.1" }

[working_age.second_adult_rebate]
enabled = { value = false, source = "test: the main award alone" }
"""
    )
    idle = {"works_16_hours_or_more": False}
    result = run(
        rules,
        [PASSPORTED_COUPLE] * 2,
        [
            {"claim_id": "c0", **idle, "gross_weekly_income": 200.0},
            {"claim_id": "c1", **idle, "gross_weekly_income": 100.0},
        ],
    )
    assert weekly(result.stages.non_dependant_deduction_weekly) == [11.55, 5.00]
    assert yearly(result) == [857.75, 1199.29]


def test_non_dependant_couple_pays_one_deduction_on_joint_income() -> None:
    """A non-dependant couple: one deduction, on their joint income (HB Regs 2006 reg 74(3)-(4),
    which PR Sch. 1 para 8 follows). Both work: £200 + £150 = £350 joint → band from £322: 9.15;
    28.00 − 9.15 = 18.85 → 982.892… → £982.89. The same two people, not a couple: 7.25 (£200) +
    3.65 (£150) = 10.90; 28.00 − 10.90 = 17.10 → 891.642… → £891.64."""
    rules = scheme(WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES)
    works = {"works_16_hours_or_more": True}
    result = run(
        rules,
        [PASSPORTED_COUPLE, PASSPORTED_COUPLE],
        [
            {"claim_id": "c0", "gross_weekly_income": 200.0, "couple": "a", **works},
            {"claim_id": "c0", "gross_weekly_income": 150.0, "couple": "a", **works},
            {"claim_id": "c1", "gross_weekly_income": 200.0, **works},
            {"claim_id": "c1", "gross_weekly_income": 150.0, **works},
        ],
    )
    assert weekly(result.stages.non_dependant_deduction_weekly) == [9.15, 10.90]
    assert yearly(result) == [982.89, 891.64]


def test_non_dependant_couple_charged_each() -> None:
    """Salford makes a deduction for each non-dependant, couples included (Salford CTR 2026/27
    para 58A.1(c), p.97): `non_dependant_couple_each = true`, each member on their own income and
    work. A couple who earn £200 (in work: 7.25) and £150 (not in work: 3.65): 10.90; 28.00 −
    10.90 = 17.10 → 891.642… → £891.64, where one deduction on their joint £350 is 9.15
    (£982.89). A couple with a member on pension credit: the other's 7.25 alone, £1,081.96."""
    each = NON_DEPENDANT_RULES.replace(
        "[working_age]\n",
        '[working_age]\nnon_dependant_couple_each = { value = true, source = "Salford 58A.1(c)" }\n',
    )
    earner = {"gross_weekly_income": 200.0, "works_16_hours_or_more": True, "couple": "p"}
    idle = {"gross_weekly_income": 150.0, "works_16_hours_or_more": False, "couple": "p"}
    rows = [
        {"claim_id": "c0", **earner},
        {"claim_id": "c0", **idle},
        {"claim_id": "c1", **earner},
        {"claim_id": "c1", **idle, "benefit": "pension_credit"},
    ]
    couples = [PASSPORTED_COUPLE] * 2
    result = run(scheme(WORKING_AGE_ALLOWANCES + each), couples, rows)
    assert weekly(result.stages.non_dependant_deduction_weekly) == [10.90, 7.25]
    assert yearly(result) == [891.64, 1081.96]
    one = run(scheme(WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES), couples, rows)
    assert weekly(one.stages.non_dependant_deduction_weekly) == [9.15, 9.15]


def test_non_dependant_couple_with_a_member_under_18_and_an_exempt_member() -> None:
    """A deduction is "in respect of a non-dependant aged 18 or over" (PR Sch. 1 para 8(1)), and a
    couple bears one deduction, the higher of its members' (HB Regs 2006 reg 74(3)): a couple of a
    17-year-old and a full-time student (para 8(5)(c)) bears none. Passported couple claimant,
    the non-dependant couple's joint income £300 (the student's, in work): no deduction, the whole
    £1,460.00. (Were the couple deducted on £300: 7.25; 20.75 → £1,081.96.)"""
    rules = scheme(WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES)
    result = run(
        rules,
        [PASSPORTED_COUPLE],
        [
            {"claim_id": "c0", "age": 17, "couple": "a"},
            {
                "claim_id": "c0",
                "gross_weekly_income": 300.0,
                "works_16_hours_or_more": True,
                "student": True,
                "couple": "a",
            },
        ],
    )
    assert weekly(result.stages.non_dependant_deduction_weekly) == [0.0]
    assert yearly(result) == [1460.00]


# ---------------------------------------------------------------------------------------------
# Discount disregards (LGFA 1992 s.11(1),(2))


def test_discounts_count_only_adults_not_disregarded() -> None:
    """Passported claims (award = the bill; non-dependant students give no deduction):

    0. Single claimant and a student non-dependant: one adult not disregarded → 25%:
       1460 × 0.75 = £1,095.00.
    1. Claimant disregarded for discount (say a carer) and the student: none → 50%: £730.00.
    2. Couple, partner disregarded: one → 25%: £1,095.00.
    3. Couple, neither disregarded: no discount: £1,460.00."""
    rules = scheme(WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES)
    result = run(
        rules,
        [
            {"passported": True},
            {"passported": True, "claimant_disregarded_for_discount": True},
            {**PASSPORTED_COUPLE, "partner_disregarded_for_discount": True},
            PASSPORTED_COUPLE,
        ],
        [{"claim_id": "c0", "student": True}, {"claim_id": "c1", "student": True}],
    )
    assert weekly(result.stages.liability_yearly) == [1095.00, 730.00, 1095.00, 1460.00]
    assert yearly(result) == [1095.00, 730.00, 1095.00, 1460.00]


# ---------------------------------------------------------------------------------------------
# Pensioner personal allowances (PR Sch. 2 para 1)

PENSIONERS_2013 = """
[pensioner.applicable_amounts]
single_weekly = { value = 163.50, source = "SI 2012/3085 reg 4(a)(ii): PR Sch. 2 para 1 (1)(b), 65 or over" }
single_under_65_weekly = { value = 145.40, source = "SI 2012/3085 reg 4(a)(i): PR Sch. 2 para 1 (1)(a), under 65" }
couple_weekly = { value = 244.95, source = "SI 2012/3085 reg 4(a)(iv): PR Sch. 2 para 1 (2)(b), one or both 65 or over" }
couple_under_65_weekly = { value = 222.05, source = "SI 2012/3085 reg 4(a)(iii): PR Sch. 2 para 1 (2)(a), both under 65" }
"""


def test_pensioner_allowances_by_age_65_before_december_2018() -> None:
    """2013/14: 65 or over vs under 65; a couple gets the higher rate when one or both are 65+
    (PR Sch. 2 para 1 as made, amounts by SI 2012/3085). Applicable amounts: single 66 → 163.50;
    single 63 → 145.40; couple 66 and 62 → 244.95; couple 64 and 63 → 222.05."""
    rules = scheme(PENSIONERS_2013)
    pensioner = {"pensioner": True}
    result = run(
        rules,
        [
            {**pensioner, "claimant_age": 66},
            {**pensioner, "claimant_age": 63},
            {**pensioner, "claimant_age": 62, "partner_age": 66},
            {**pensioner, "claimant_age": 64, "partner_age": 63},
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [163.50, 145.40, 244.95, 222.05]


def test_pensioner_allowance_single_rate_from_december_2018() -> None:
    """2020/21: one rate for everyone over pension age (SI 2017/1305 reg 12(a), Table 2): £187.75
    single, £280.85 couple (the figures SI 2021/29 reg 7(2) replaced); the under-65 figures, still
    in the file, are not used. Single 63 → 187.75; couple 64 and 63 → 280.85."""
    rules = scheme(
        """
[pensioner.applicable_amounts]
single_weekly = { value = 187.75, source = "PR Sch. 2 para 1 Table 2 (1), 2020/21 (SI 2021/29 reg 7(2)(a)(ii))" }
single_under_65_weekly = { value = 163.00, source = "SI 2017/1305 reg 12(a) Table 1: only before 6 Dec 2018" }
couple_weekly = { value = 280.85, source = "PR Sch. 2 para 1 Table 2 (2), 2020/21 (SI 2021/29 reg 7(2)(b)(ii))" }
couple_under_65_weekly = { value = 248.80, source = "SI 2017/1305 reg 12(a) Table 1: only before 6 Dec 2018" }
disabled_child_premium_weekly = { value = 65.52, source = "test: not used here" }
carer_premium_weekly = { value = 37.50, source = "test: not used here" }

[pensioner.earnings_disregards]
single_weekly = { value = 5.0, source = "PR Sch. 4 para 8(a)" }
couple_weekly = { value = 10.0, source = "PR Sch. 4 para 8(b)" }

[pensioner.second_adult_rebate]
passported_rate = { value = 0.25, source = "PR Sch. 3 para 1 Table (a)" }
bands = { value = [{ below_gross_weekly_income = 183.0, rate = 0.15 }, { below_gross_weekly_income = 239.0, rate = 0.075 }], source = "test: not used here" }
""",
        year="2020/21",
    )
    result = run(
        rules,
        [
            {"pensioner": True, "claimant_age": 63},
            {"pensioner": True, "claimant_age": 64, "partner_age": 63},
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [187.75, 280.85]


def test_pensioner_allowances_before_and_after_april_2021() -> None:
    """2026/27 (CWaC 2026/27 pensioner Sch. 2 paras 3.1-3.5; SI 2021/29 reg 7(2)): reached pension
    age before 1 April 2021 £256.00 single / £383.35 couple (one or both before); on or after
    £238.00 / £363.25 (both after). With the flag empty the elder's age decides: at least
    2026 − 1955 = 71 → before.

    Applicable amounts: single 72, flag empty → 256.00; single 68, empty → 238.00; single 68,
    flag true → 256.00; couple 67 and 75, empty → 383.35 (one before); couple 69 and 67, empty →
    363.25 (both after); the same couple with the flag true → 383.35.
    Award for the single 68-year-old after April 2021 with other income £250.00: excess
    250.00 − 238.00 = 12.00 × 20% = 2.40; 21.00 − 2.40 = 18.60 → 969.857… → £969.86."""
    rules = scheme(
        """
[pensioner.applicable_amounts]
single_weekly = { value = 256.00, source = "PR Sch. 2 para 1 (1): before 1 April 2021; CWaC 2026/27 para 3.1" }
couple_weekly = { value = 383.35, source = "PR Sch. 2 para 1 (2): one or both before 1 April 2021; CWaC 2026/27 para 3.2" }
single_pension_age_from_april_2021_weekly = { value = 238.00, source = "PR Sch. 2 para 1 (4); CWaC 2026/27 para 3.4" }
couple_pension_age_from_april_2021_weekly = { value = 363.25, source = "PR Sch. 2 para 1 (5); CWaC 2026/27 para 3.5" }
""",
        year="2026/27",
    )
    pensioner = {"pensioner": True}
    result = run(
        rules,
        [
            {**pensioner, "claimant_age": 72},
            {**pensioner, "claimant_age": 68, "weekly_other_income": 250.0},
            {**pensioner, "claimant_age": 68, "reached_pension_age_before_april_2021": True},
            {**pensioner, "claimant_age": 67, "partner_age": 75},
            {**pensioner, "claimant_age": 69, "partner_age": 67},
            {
                **pensioner,
                "claimant_age": 69,
                "partner_age": 67,
                "reached_pension_age_before_april_2021": True,
            },
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [
        256.00,
        238.00,
        256.00,
        383.35,
        363.25,
        383.35,
    ]
    assert yearly(result)[1] == 969.86


# ---------------------------------------------------------------------------------------------
# The prescribed figures of a year, taken from the dated series (tax/rules/figures): these schemes
# name a year and state no pensioner figure of their own (a parent of another year passes none on).


def test_pensioner_figures_of_2014_15_from_the_dated_series() -> None:
    """2014/15 (SI 2012/2885 as amended by SI 2013/3181 and SI 2014/448; figures as read in
    prescribed-pensioner.toml): personal allowances Sch. 2 para 1 £165.15 single 65 or over,
    £226.50 couple both under 65; child Sch. 2 para 2 £66.33; family premium para 3 £17.45;
    severe disability premium Part 4 (1)(a) £61.10.

    0. Single, 70, on attendance allowance, living alone (SDP, para 6(2)(a)), other income £250.00:
       applicable 165.15 + 61.10 = 226.25; excess 23.75 × 20% = 4.75; 21.00 − 4.75 = 16.25 →
       847.321… → £847.32.
    1. Couple, 64 and 63 (both under 65), other income £240.00: applicable 226.50; excess
       13.50 × 20% = 2.70; 28.00 − 2.70 = 25.30 → 1319.214… → £1,319.21.
    2. Lone parent, 66, one child of 8, other income £260.00: applicable 165.15 + 66.33 + 17.45 =
       248.93; excess 11.07 × 20% = 2.214; 21.00 − 2.214 = 18.786 → 979.555… → £979.56."""
    rules = scheme("", year="2014/15")
    pensioner = {"pensioner": True}
    result = run(
        rules,
        [
            {
                **pensioner,
                "claimant_age": 70,
                "claimant_disability_benefit": "attendance_allowance",
                "weekly_other_income": 250.0,
            },
            {**pensioner, "claimant_age": 64, "partner_age": 63, "weekly_other_income": 240.0},
            {
                **pensioner,
                "claimant_age": 66,
                "children": 1,
                "youngest_child_age": 8,
                "weekly_other_income": 260.0,
            },
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [226.25, 226.50, 248.93]
    assert yearly(result) == [847.32, 1319.21, 979.56]


def test_pensioner_figures_of_2016_17_from_the_dated_series() -> None:
    """2016/17 (SI 2012/2885 as amended by SI 2015/2041): personal allowances £168.70 single 65
    or over, £155.60 under 65, £252.30 couple 65 or over; non-dependant deductions Sch. 1 para 8
    (reg. 2(3)(a)): £11.45 from £420 a week, £9.56 from £338, £7.58 from £195, else (and not in
    remunerative work, para 8(1)(b)) £3.77. The scheme states no figure of its own. With a
    non-dependant there is no discount: £28.00 a week.

    0. Couple, 70 and 68, other income £260.00; non-dependant 30 in work on £300 a week (£195 to
       £337.99: £7.58): applicable 252.30; excess 7.70 × 20% = 1.54; 28.00 − 7.58 − 1.54 = 18.88
       → 984.457… → £984.46.
    1. Single, 63 (under 65), other income £150.00 (below 155.60: no taper); non-dependant 20,
       not in work: £3.77; 28.00 − 3.77 = 24.23 → 1263.421… → £1,263.42.
    2. Single, 66, other income £200.00; non-dependant 40 in work on £450 a week: £11.45;
       applicable 168.70; excess 31.30 × 20% = 6.26; 28.00 − 11.45 − 6.26 = 10.29 → 536.55 →
       £536.55."""
    rules = scheme("", year="2016/17")
    pensioner = {"pensioner": True}
    result = run(
        rules,
        [
            {**pensioner, "claimant_age": 70, "partner_age": 68, "weekly_other_income": 260.0},
            {**pensioner, "claimant_age": 63, "weekly_other_income": 150.0},
            {**pensioner, "claimant_age": 66, "weekly_other_income": 200.0},
        ],
        [
            {
                "claim_id": "c0",
                "age": 30,
                "gross_weekly_income": 300.0,
                "works_16_hours_or_more": True,
            },
            {
                "claim_id": "c1",
                "age": 20,
                "gross_weekly_income": 0.0,
                "works_16_hours_or_more": False,
            },
            {
                "claim_id": "c2",
                "age": 40,
                "gross_weekly_income": 450.0,
                "works_16_hours_or_more": True,
            },
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [252.30, 155.60, 168.70]
    assert weekly(result.stages.non_dependant_deduction_weekly) == [7.58, 3.77, 11.45]
    assert yearly(result) == [984.46, 1263.42, 536.55]


def test_pensioner_figures_of_2017_18_from_the_dated_series() -> None:
    """2017/18 (SI 2012/2885 as amended by SI 2016/1262), a year whose child amount was missing
    until the dated series gained it: a scheme of that year loads with no figure of its own.
    Personal allowances Sch. 2 para 1 £172.55 single 65 or over, £243.25 couple both under 65;
    child para 2 £66.90; family premium para 3(a) £17.45 (claims protected by SI 2015/2041
    reg. 3, in payment since before May 2016: both families here are, `family_premium_protected`);
    Part 4 premiums: enhanced disability (child) £24.78,
    disabled child £60.90, carer £34.95; non-dependant deductions Sch. 1 para 8: £9.65 from
    £341.40 a week.

    0. Lone parent, 67, two children (youngest 9), one disabled on the highest care rate (disabled
       child premium, para 8, and enhanced disability premium, para 7), other income £420.00:
       applicable 172.55 + 2 × 66.90 + 17.45 + 60.90 + 24.78 = 409.48; excess 10.52 × 20% = 2.104;
       21.00 − 2.104 = 18.896 → 985.291… → £985.29.
    1. Couple, 64 and 62 (both under 65), one child of 4, the claimant a carer (para 9), other
       income £380.00: applicable 243.25 + 66.90 + 17.45 + 34.95 = 362.55; excess 17.45 × 20% =
       3.49; no discount (two adults), 28.00 − 3.49 = 24.51 → 1278.021… → £1,278.02.
    2. Single, 70, other income £180.00; non-dependant 35 in work on £350 a week (£341.40 to
       £424.19: £9.65): applicable 172.55; excess 7.45 × 20% = 1.49; 28.00 − 9.65 − 1.49 = 16.86 →
       879.128… → £879.13."""
    rules = scheme("", year="2017/18")
    assert rules.pensioner.applicable_amounts.child_weekly.value == 66.90
    pensioner = {"pensioner": True}
    protected = {"family_premium_protected": True}
    result = run(
        rules,
        [
            {
                **pensioner,
                **protected,
                "claimant_age": 67,
                "children": 2,
                "youngest_child_age": 9,
                "disabled_children": 1,
                "enhanced_disability_children": 1,
                "weekly_other_income": 420.0,
            },
            {
                **pensioner,
                **protected,
                "claimant_age": 64,
                "partner_age": 62,
                "children": 1,
                "youngest_child_age": 4,
                "carers": 1,
                "weekly_other_income": 380.0,
            },
            {**pensioner, "claimant_age": 70, "weekly_other_income": 180.0},
        ],
        [
            {
                "claim_id": "c2",
                "age": 35,
                "gross_weekly_income": 350.0,
                "works_16_hours_or_more": True,
            }
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [409.48, 362.55, 172.55]
    assert weekly(result.stages.non_dependant_deduction_weekly) == [0.0, 0.0, 9.65]
    assert yearly(result) == [985.29, 1278.02, 879.13]


def test_pensioner_family_premium_before_and_after_may_2016() -> None:
    """The pensioner family premium (SI 2012/2885 Sch. 2 para 3): for 2015/16, before SI 2015/2041,
    every family with a child gets it, protected or not; from 2016/17 only a claim protected by
    SI 2015/2041 reg. 3 (reg. 2(4)(b): nil for reduction weeks beginning after 1 May 2016; a
    scheme year is taken whole from 1 April). Band D £28.00 a week less 25% = £21.00.

    2015/16: single, 66 (Sch. 2 para 1 £166.05, aged 65 or over), a grandchild of 10 (para 2
    £66.90), family premium para 3 £17.45: £250.40; other income £270: 20% × £19.60 = £3.92;
    £1,095.00 − £3.92 × 365 ÷ 7 = £890.60, for the new claim (0) and the protected one (1) alike.
    2017/18: the same household (£172.55 + £66.90, + £17.45 only when protected); other income
    £270: new claim (0) 20% × £30.55 = £6.11, £1,095.00 − £318.59 = £776.41; protected (1) 20% ×
    £13.10 = £2.62, £1,095.00 − £136.61 = £958.39."""
    household = {
        "pensioner": True,
        "claimant_age": 66,
        "children": 1,
        "youngest_child_age": 10,
        "weekly_other_income": 270.0,
    }
    new, protected = household, {**household, "family_premium_protected": True}
    before = run(scheme("", year="2015/16"), [new, protected])
    assert weekly(before.stages.applicable_weekly) == [250.40, 250.40]
    assert yearly(before) == [890.60, 890.60]
    after = run(scheme("", year="2017/18"), [new, protected])
    assert weekly(after.stages.applicable_weekly) == [239.45, 256.90]
    assert yearly(after) == [776.41, 958.39]


def test_a_working_age_family_premium_for_protected_claims_only() -> None:
    """A council scheme may keep its working-age family premium only for claims protected since
    before 1 May 2016 (as the prescribed scheme does for pensioners, SI 2015/2041 reg. 3) by stating
    `family_premium_protected_only`. Default scheme 2013/14 (DS internal Sch. 3 paras 1(2), 3,
    4(1)(b)): lone parent £71.70, a child £65.62, family premium £17.40. Other income £200; Band D
    £28.00 less 25% = £21.00 a week (£1,095.00 a year). New claim (0): £137.32, 20% × £62.68 =
    £12.536, £1,095.00 − £653.66 = £441.34; protected (1): £154.72, 20% × £45.28 = £9.056,
    £1,095.00 − £472.21 = £622.79."""
    rules = scheme(
        """
[working_age.applicable_amounts.family_premium_protected_only]
value = true
source = "test: the family premium only for claims in payment since before 1 May 2016"
"""
    )
    household = {"children": 1, "youngest_child_age": 5, "weekly_other_income": 200.0}
    result = run(rules, [household, {**household, "family_premium_protected": True}])
    assert weekly(result.stages.applicable_weekly) == [137.32, 154.72]
    assert yearly(result) == [441.34, 622.79]


def test_pensioner_figures_of_2025_26_from_the_dated_series() -> None:
    """2025/26 (SI 2012/2885 as amended by SI 2025/39): a scheme of that year loads with no
    pensioner figure of its own. Personal allowance £244.40 (reached pension age before April
    2021); severe disability premium £82.90; family premium (protected rate, para 3(a)) £19.48.

    Single, 75, on attendance allowance, living alone, other income £340.00: applicable
    244.40 + 82.90 = 327.30; excess 12.70 × 20% = 2.54; 21.00 − 2.54 = 18.46 → 962.557… →
    £962.56."""
    rules = scheme("", year="2025/26")
    assert rules.pensioner.applicable_amounts.family_premium_weekly.value == 19.48
    result = run(
        rules,
        [
            {
                "pensioner": True,
                "claimant_age": 75,
                "claimant_disability_benefit": "attendance_allowance",
                "weekly_other_income": 340.0,
            }
        ],
    )
    assert weekly(result.stages.applicable_weekly) == [327.30]
    assert yearly(result) == [962.56]


SECOND_ADULT_BANDS_2019 = """
[pensioner.second_adult_rebate]
bands = { value = [{ below_gross_weekly_income = 206.0, rate = 0.15 }, { below_gross_weekly_income = 266.0, rate = 0.075 }], source = "test: a council's 2019/20 scheme, Sch. 3 para 1 Table (b)" }
"""


def test_a_2019_20_scheme_states_its_own_second_adult_bands() -> None:
    """2019/20: the prescribed second adult bands (PR Sch. 3 para 1 Table (b), as uprated by
    SI 2018/1346 reg. 5) have no sourced figure in the dated series, so a 2019/20 scheme that does
    not state them is refused, naming them; one that states its council's bands loads. £206/£266
    here are test figures standing for the council's own. Every other pensioner figure is the
    series' 2019/20 one: allowance £181.00.

    Single, 70, other income £400.00: excess 219.00 × 20% = 43.80 > £28.00, no main award; one
    non-dependant, so no discount (£28.00 a week), and the rebate goes by the non-dependant's gross
    income (Table (b)(i), (ii)):
    0. £200.00 (below £206): 15% × 28.00 = 4.20 → £219.00 a year.
    1. £210.00 (£206 to below £266): 7.5% × 28.00 = 2.10 → £109.50.
    2. £266.00 (not below £266): nil."""
    with pytest.raises(InvalidInputError, match=r"pensioner\.second_adult_rebate\.bands"):
        scheme("", year="2019/20")
    rules = scheme(SECOND_ADULT_BANDS_2019, year="2019/20")
    assert rules.pensioner.applicable_amounts.single_weekly.value == 181.00
    incomes = [200.0, 210.0, 266.0]
    result = run(
        rules,
        [{"pensioner": True, "claimant_age": 70, "weekly_other_income": 400.0}] * 3,
        [
            {"claim_id": f"c{i}", "age": 30, "gross_weekly_income": income}
            for i, income in enumerate(incomes)
        ],
    )
    assert yearly(result) == [219.00, 109.50, 0.0]
    assert list(result.is_second_adult_rebate[:2]) == [True, True]


# ---------------------------------------------------------------------------------------------
# Income disregards


INCOME_DISREGARDS = """
[working_age.income_disregards]
war_pension_weekly = { value = 10.0, source = "DS internal Sch. 8 para 20; CWaC 2026/27 para 15.1: £10 of a war pension" }
child_benefit_counts = { value = false, source = "DS internal Sch. 8: child benefit disregarded" }
child_maintenance_counts = { value = false, source = "DS internal Sch. 8: child maintenance disregarded" }
"""


def test_income_disregards() -> None:
    """Lone parent, one child (8), no earnings; applicable 71.70 + 65.62 + 17.40 = 154.72.
    Other income £150.00 (counts), child benefit £26.05 and maintenance £50.00 (ignored), war
    pension £30.00 (counts less £10 = 20.00), DLA £80.00 (never income: PR Sch. 1 para 16(1)(j)).
    Income 150 + 20 = 170.00; excess 15.28 × 20% = 3.056; 21.00 − 3.056 = 17.944 → 935.648… →
    £935.65. Under a scheme that counts child benefit and maintenance: 170 + 26.05 + 50 = 246.05;
    excess 91.33 × 20% = 18.266; 21.00 − 18.266 = 2.734 → 142.555… → £142.56."""
    household = {
        "children": 1,
        "youngest_child_age": 8,
        "weekly_other_income": 150.0,
        "weekly_child_benefit": 26.05,
        "weekly_child_maintenance": 50.0,
        "weekly_war_pension": 30.0,
        "weekly_disability_benefits": 80.0,
    }
    ignored = run(scheme(WORKING_AGE_ALLOWANCES + new_premiums() + INCOME_DISREGARDS), [household])
    counted = run(
        scheme(
            WORKING_AGE_ALLOWANCES
            + new_premiums()
            + INCOME_DISREGARDS.replace("counts = { value = false", "counts = { value = true")
        ),
        [household],
    )
    assert weekly(ignored.stages.income_weekly) == [170.00]
    assert yearly(ignored) == [935.65]
    assert weekly(counted.stages.income_weekly) == [246.05]
    assert yearly(counted) == [142.56]


def test_war_pension_amount_puts_a_claim_in_the_war_pension_group() -> None:
    """`war_pension` is true also when `weekly_war_pension` > 0 (spec). A 24% minimum
    contribution with war pensioners protected; passported single claimants (no taper): with a
    £5 war pension, the whole £21.00 → £1,095.00; without, 21.00 × 76% = 15.96 → 832.199… →
    £832.20."""
    rules = scheme(
        WORKING_AGE_ALLOWANCES
        + """
[levers]
minimum_contribution = { value = 0.24, source = "test: Birmingham's 24%" }
protected_groups = { value = ["war_pension"], source = "test: war pensioners protected" }
"""
    )
    result = run(rules, [{"passported": True, "weekly_war_pension": 5.0}, {"passported": True}])
    assert yearly(result) == [1095.00, 832.20]


def test_lone_parent_keeps_the_25_pound_earnings_disregard() -> None:
    """A lone parent who also has the disability premium keeps £25, not £20: the £20 applies "in a
    case to which ... paragraph 4 [lone parent] does not apply" (DS internal Sch. 7 para 3(1);
    Wigan 2026/27 working-age Sch. para 3(1)). One child (4), no hours given, earnings £300.00:
    300 − 25 = 275.00; applicable 71.70 + 65.62 + 17.40 + 31.00 = 185.72; excess 89.28 × 20% =
    17.856; 21.00 − 17.856 = 3.144 → 163.937… → £163.94 (with £20 it would be £111.79)."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums() + EARNINGS_DISREGARDS)
    result = run(
        rules,
        [
            {
                "children": 1,
                "youngest_child_age": 4,
                "disability_premium": True,
                "weekly_earnings": 300.0,
            }
        ],
    )
    assert weekly(result.stages.income_weekly) == [275.00]
    assert yearly(result) == [163.94]


def test_additional_disregard_needs_earnings_that_cover_it() -> None:
    """PR Sch. 4 para 10(1) (CWaC 2026/27 Sch. 4 para 14.10(1)): the £17.10 is added only where
    "his net earnings equal or exceed the total" of the other disregards, the child care charges
    and £17.10 (otherwise the regulations take it from working tax credit, not modelled). A couple,
    no children, the claimant working 30 hours, applicable amount 112.55:

    0. Earnings £137.09, above 10 + 17.10 = 27.10: 137.09 − 27.10 = 109.99, below 112.55: no
       excess, the whole £1,460.00.
    1. Earnings £27.09, below 27.10: only the £10 comes off: 17.09 counted (no excess either:
       £1,460.00).
    2. Earnings £27.10, which cover it: 27.10 − 27.10 = 0.00 counted.
    So counted income is 17.09 at £27.09 and 0.00 at £27.10: the one place where more earnings
    count for less."""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums() + EARNINGS_DISREGARDS)
    couple = {"partner_age": 40, "claimant_weekly_hours": 30}
    result = run(
        rules,
        [
            {**couple, "weekly_earnings": 137.09},
            {**couple, "weekly_earnings": 27.09},
            {**couple, "weekly_earnings": 27.10},
        ],
    )
    assert weekly(result.stages.income_weekly) == [109.99, 17.09, 0.00]
    assert yearly(result) == [1460.00, 1460.00, 1460.00]


# ---------------------------------------------------------------------------------------------
# Details the spec leaves open, settled by the regulations (the engine first read them otherwise)


def test_disability_earnings_disregard_for_a_pensioner_on_a_disability_benefit() -> None:
    """PR Sch. 4 para 5(1)(a) (CWaC 2026/27 pensioner Sch. 4 para 14.5(1)): "£20 is disregarded if
    the applicant or, if he has a partner, his partner ... is in receipt of ... Attendance
    Allowance ... Disability Living Allowance ... Personal Independence Payment ... an AFIP", or
    is blind (b). The spec says only "disabled/carer £20".

    Pensioner, 70, on attendance allowance (SDP stated as 0 here), earnings £50.00, other income
    £150.00: 50 − 20 = 30 + 150 = 180.00; excess over 163.50 = 16.50 × 20% = 3.30;
    21.00 − 3.30 = 17.70 → 922.928… → £922.93. (With £5 only: 195.00; 14.70 → £766.50.)"""
    rules = scheme(
        """
[pensioner.applicable_amounts]
single_weekly = { value = 163.50, source = "SI 2012/3085 reg 4(a)(ii): PR Sch. 2 para 1 (1)(b)" }
severe_disability_premium_weekly = { value = 0.0, source = "test: not the rule under test" }

[pensioner.earnings_disregards]
single_weekly = { value = 5.0, source = "PR Sch. 4 para 8(a)" }
disability_or_carer_weekly = { value = 20.0, source = "PR Sch. 4 para 5(1); CWaC 2026/27 para 14.5(1)" }
"""
    )
    pensioner = {
        "pensioner": True,
        "claimant_age": 70,
        "claimant_disability_benefit": "attendance_allowance",
        "weekly_earnings": 50.0,
        "weekly_other_income": 150.0,
    }
    result = run(rules, [pensioner])
    assert weekly(result.stages.income_weekly) == [180.00]
    assert yearly(result) == [922.93]


def test_disability_earnings_disregard_with_an_esa_component() -> None:
    """DS internal Sch. 7 para 3(2) (Wigan 2026/27 working-age Sch. para 3(2)): the £20 applies
    "where the applicant's applicable amount includes an amount by way of the disability premium,
    severe disability premium, work-related activity component or support component".

    Single, 35, ESA work-related activity component, earnings £50.00, other income £100.00:
    applicable 71.70 + 28.45 = 100.15; income 50 − 20 = 30 + 100 = 130.00; excess 29.85 × 20% =
    5.97; 21.00 − 5.97 = 15.03 → 783.707… → £783.71. (With £5 only: 145.00; excess 44.85;
    12.03 → £627.28.)"""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums(**ESA) + EARNINGS_DISREGARDS)
    result = run(
        rules,
        [
            {
                "claimant_age": 35,
                "esa_component": "work_related_activity",
                "weekly_earnings": 50.0,
                "weekly_other_income": 100.0,
            }
        ],
    )
    assert weekly(result.stages.income_weekly) == [130.00]
    assert yearly(result) == [783.71]


def test_child_care_when_the_partner_works_and_the_claimant_is_incapacitated() -> None:
    """CWaC 2026/27 para 24.1(c) (PR Sch. 1 para 25(1)(c); DS alike): child care charges count for
    "a member of a couple where one member is engaged in remunerative work and the other ... is
    incapacitated" — either way round.

    Couple, one child (4); the partner works 20 hours, the claimant is on the DLA care component
    (lowest rate), which also meets the £20 disregard's disability condition; earnings £250.00,
    child care £100.00: 250 − 20 − 17.10 additional (16+ hours with a child) − 100 = 112.90,
    below the applicable amount 112.55 + 65.62 + 17.40 = 195.57: no excess, the whole £1,460.00.
    (Without the child care: 212.90; excess 17.33 × 20% = 3.466; 24.534 → £1,279.27.)"""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums() + EARNINGS_DISREGARDS)
    result = run(
        rules,
        [
            {
                "partner_age": 40,
                "children": 1,
                "youngest_child_age": 4,
                "partner_weekly_hours": 20,
                "claimant_disability_benefit": "dla_care_lowest",
                "weekly_earnings": 250.0,
                "weekly_child_care_charges": 100.0,
            }
        ],
    )
    assert weekly(result.stages.income_weekly) == [112.90]
    assert yearly(result) == [1460.00]


def test_child_care_when_the_other_member_has_an_esa_component() -> None:
    """Spec rule 4: child care charges count for a couple where "one [works] 16+ and the other
    gets a disability benefit or an ESA component"; the regulations likewise treat as
    incapacitated a member who "has limited capability for work" (PR Sch. 1 para 25(10)(c) as
    amended by SI 2017/204 Sch. 1 para 8; CWaC 2026/27 para 24). The ESA component is the claim's,
    read as the member's who does not work.

    Couple, one child (4); the partner works 20 hours, the claimant gets the ESA work-related
    activity component; earnings £400.00, child care £150.00: 400 − 20 (ESA: Sch. 7 para 3(2)) −
    17.10 additional (16+ hours with a child; 400 covers 20 + 150 + 17.10) − 150 = 212.90; applicable
    112.55 + 65.62 + 17.40 + 28.45 = 224.02: no excess, the whole £1,460.00. (Without the child
    care: 362.90; excess 138.88 × 20% = 27.776; 28.00 − 27.776 = 0.224 → £11.68.)"""
    rules = scheme(WORKING_AGE_ALLOWANCES + new_premiums(**ESA) + EARNINGS_DISREGARDS)
    result = run(
        rules,
        [
            {
                "partner_age": 40,
                "children": 1,
                "youngest_child_age": 4,
                "partner_weekly_hours": 20,
                "esa_component": "work_related_activity",
                "weekly_earnings": 400.0,
                "weekly_child_care_charges": 150.0,
            }
        ],
    )
    assert weekly(result.stages.income_weekly) == [212.90]
    assert yearly(result) == [1460.00]


# ---------------------------------------------------------------------------------------------
# The wider vocabulary (issue 14 item 3): band caps as a share of a band or on its undiscounted
# charge, income grids with child increments and a protected grid, UC elements disregarded and an
# earnings contribution, a protected capital limit. Band A is £973.33 a year (6/9 of £1,460.00),
# Band B £1,135.56 (7/9). Figures not from a council are test figures, said so.


def test_band_cap_as_a_share_of_a_band_after_or_before_discounts() -> None:
    """ "The maximum reduction is 80% of the Band B charge" (test figures), passported singles.

    After discounts (`band_cap_after_discounts = true`): the cap is £1,135.56 × 0.8 × 0.75 =
    £681.336 → £681.34, below both homes' bills (Band D £1,095.00; Band A £973.33 × 0.75 =
    £729.9975 → £730.00), so each gets £681.34 (£13.0668 a week). A whole-band cap (share 1)
    would leave the Band A home uncapped.

    Before discounts (`false`, as Dover CTR 2026/27 para 35.1(a) reads for its Band D cap): the
    cap is £1,135.56 × 0.8 = £908.448 → £908.45, the lower of that and the bill: Band D
    £908.45, Band A its whole bill £730.00."""
    homes = [{"band": "D", "passported": True}, {"band": "A", "passported": True}]
    levers = """
[levers]
band_cap = { value = "B", source = "test" }
band_cap_share = { value = 0.8, source = "test: 80% of the Band B charge" }
"""
    after = run(scheme(levers), homes)
    assert yearly(after) == [681.34, 681.34]
    assert after.is_band_capped.tolist() == [True, True]
    before = scheme(levers + 'band_cap_after_discounts = { value = false, source = "test" }\n')
    result = run(before, homes)
    assert yearly(result) == [908.45, 730.00]
    assert result.is_band_capped.tolist() == [True, False]


def test_band_cap_spares_the_protected_groups() -> None:
    """Hertsmere caps support at Band D "for someone who is not protected" (Hertsmere Borough
    Council, 'Council Tax Support banded scheme', hertsmere.gov.uk/benefits/council-tax-support/
    council-tax-support-banded-scheme: "we will still base any CTS award on no higher than a Band
    D property for someone who is not protected"); figures here are the test's £1,460.00 Band D.

    Passported couples in Band E (£1,460.00 × 11/9 = £1,784.444… → £1,784.44): c0 on PIP is
    protected and keeps the whole bill, £1,784.44; c1 is capped at Band D, £1,460.00."""
    rules = scheme(
        """
[levers]
band_cap = { value = "D", source = "Hertsmere: no higher than a Band D property" }
band_cap_exempts_protected = { value = true, source = "Hertsmere: for someone who is not protected" }
protected_groups = { value = ["disability_benefit"], source = "test: one protected group" }
"""
    )
    couple = {"band": "E", "partner_age": 40, "passported": True}
    result = run(
        rules, [{**couple, "claimant_disability_benefit": "pip_daily_living_standard"}, couple]
    )
    assert yearly(result) == [1784.44, 1460.00]
    assert result.is_band_capped.tolist() == [False, True]


GRID = """
[levers.income_grid]
bands = { value = [
  { up_to_weekly_income = 100.0, discount = { single = 1.0, couple = 1.0, family_one_child = 1.0, family_two_or_more_children = 1.0 } },
  { up_to_weekly_income = 200.0, discount = { single = 0.5, couple = 0.5, family_one_child = 0.5, family_two_or_more_children = 0.5 } },
  { up_to_weekly_income = inf, discount = { single = 0.0, couple = 0.0, family_one_child = 0.0, family_two_or_more_children = 0.0 } },
], source = "test: 100% to £100, 50% to £200, nothing above" }
"""


def test_award_reduction_after_the_taper_and_deductions() -> None:
    """Blackpool takes its 27.11% standard deduction "at the end of the assessment", from the
    award worked out with the taper and non-dependant deductions, and 13.56% for listed groups,
    among them a war pension (Blackpool CTR 2026/27 paras 59A.1-59A.2, p.72):
    `award_reduction = 0.2711`, `protected_award_reduction = 0.1356`.

    c0 single, £121.70 other income: excess 50.00 × 20% = 10.00; 21.00 − 10.00 = 11.00;
    × 0.7289 = 8.0179 → 418.076… → £418.08.
    c1 the same with a war pension (protected): 11.00 × 0.8644 = 9.5084 → 495.795… → £495.80.
    c2 passported couple with a non-dependant earning £250 (7.25): (28.00 − 7.25) × 0.7289 =
    15.124675 → 788.643… → £788.64 (a minimum contribution would give 28.00 × 0.7289 − 7.25)."""
    rules = scheme(
        WORKING_AGE_ALLOWANCES
        + NON_DEPENDANT_RULES
        + """
[levers]
award_reduction = { value = 0.2711, source = "Blackpool CTR 2026/27 para 59A.1" }
protected_award_reduction = { value = 0.1356, source = "Blackpool CTR 2026/27 para 59A.2" }
protected_groups = { value = ["war_pension"], source = "Blackpool CTR 2026/27 para 59A.2" }
"""
    )
    result = run(
        rules,
        [
            {"weekly_other_income": 121.70},
            {"weekly_other_income": 121.70, "war_pension": True},
            PASSPORTED_COUPLE,
        ],
        [{"claim_id": "c2", "gross_weekly_income": 250.0, "works_16_hours_or_more": True}],
    )
    assert yearly(result) == [418.08, 495.80, 788.64]


def test_protected_minimum_contribution() -> None:
    """Wolverhampton's maximum is 78% of liability, 88% for some groups (Wolverhampton CTR
    2026/27 para 57.1, p.71): `minimum_contribution = 0.22`, `protected_minimum_contribution =
    0.12` (the group here a war pension, a test choice). Passported singles, £21.00 a week:
    c0 21.00 × 0.78 = 16.38 → £854.10; c1 protected, 21.00 × 0.88 = 18.48 → £963.60."""
    rules = scheme(
        """
[levers]
minimum_contribution = { value = 0.22, source = "Wolverhampton CTR 2026/27 para 57.1" }
protected_minimum_contribution = { value = 0.12, source = "Wolverhampton CTR 2026/27 para 57.1" }
protected_groups = { value = ["war_pension"], source = "test" }
"""
    )
    result = run(rules, [{"passported": True}, {"passported": True, "war_pension": True}])
    assert yearly(result) == [854.10, 963.60]


def test_income_grid_share_after_deductions() -> None:
    """Arun takes the non-dependant deduction off liability before the band percentage (Arun CTR
    2026/27 section 22.0, as PolicyEngine UK models it): `income_grid_after_deductions = true`.
    A couple on £150 (the 50% band) with a non-dependant not in work (3.65); three adults, £28.00:
    (28.00 − 3.65) × 50% = 12.175 → 634.839… → £634.84, where the default order gives
    28.00 × 50% − 3.65 = 10.35 → £539.68."""
    body = WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES + GRID
    couple = [{"partner_age": 40, "weekly_other_income": 150.0}]
    idle = [{"claim_id": "c0", "works_16_hours_or_more": False}]
    assert yearly(run(scheme(body), couple, idle)) == [539.68]
    lever = '[levers]\nincome_grid_after_deductions = { value = true, source = "Arun s. 22.0" }\n'
    after = WORKING_AGE_ALLOWANCES + NON_DEPENDANT_RULES + lever + GRID
    assert yearly(run(scheme(after), couple, idle)) == [634.84]


def test_income_grid_limits_rise_for_each_child_up_to_a_number() -> None:
    """Limits rise £60 a week for each child, up to two (test figures). Other income counts in
    full.

    c0 single, £150: limits £100/£200, band 2, 50% of £1,095.00 = £547.50.
    c1 lone parent, one child, £150: limits £160/£260, band 1, 100%: £1,095.00.
    c2 couple, three children, £330: two children count, limits £220/£320: nothing (with all
    three, £280/£380, it would be 50%).
    c3 the same couple on £310: band 2, 50% of £1,460.00 = £730.00."""
    rules = scheme(
        GRID
        + 'child_increment_weekly = { value = 60.0, source = "test: £60 a week a child" }\n'
        + 'child_increment_children = { value = 2, source = "test: up to two children" }\n'
    )
    family = {"partner_age": 40, "children": 3, "youngest_child_age": 6}
    result = run(
        rules,
        [
            {"weekly_other_income": 150.0},
            {"weekly_other_income": 150.0, "children": 1, "youngest_child_age": 6},
            {**family, "weekly_other_income": 330.0},
            {**family, "weekly_other_income": 310.0},
        ],
    )
    assert yearly(result) == [547.50, 1095.00, 0.00, 730.00]


def test_income_grid_limits_rise_for_a_partner_and_each_child() -> None:
    """Bath and North East Somerset's banded scheme as its page explains it (B&NES, 'How we
    currently calculate Council Tax Support', bathnes.gov.uk/consultation-changes-council-tax-
    support/how-we-currently-calculate-council-tax-support): a single person's bands 90% to
    £110.09, 85% to £220.19, 80% to £330.29, 70% to £385.34, 50% to £440.39, nothing above;
    "+ £25, if you live with a partner; + £50, per child ... Up to a maximum of £125 (if you live
    with a partner and two or more children)". Other income stands in for the UC income the
    scheme counts.

    c0, the page's first example: a single person with two children, income £345: limits +£100,
    "the 80% reduction band (£320.20 to £430.29)": 80% of £1,095.00 = £876.00.
    c1, its second: a couple with one child, £210: +£75, "an 85% reduction (... £185.10 to
    £295.19)": 85% of £1,460.00 = £1,241.00.
    c2: a couple with three children, £440: +£125 at most, 80% to £455.29: £1,168.00."""
    rules = scheme(
        """
[levers.income_grid]
bands = { value = [
  { up_to_weekly_income = 110.09, discount = { single = 0.9, couple = 0.9, family_one_child = 0.9, family_two_or_more_children = 0.9 } },
  { up_to_weekly_income = 220.19, discount = { single = 0.85, couple = 0.85, family_one_child = 0.85, family_two_or_more_children = 0.85 } },
  { up_to_weekly_income = 330.29, discount = { single = 0.8, couple = 0.8, family_one_child = 0.8, family_two_or_more_children = 0.8 } },
  { up_to_weekly_income = 385.34, discount = { single = 0.7, couple = 0.7, family_one_child = 0.7, family_two_or_more_children = 0.7 } },
  { up_to_weekly_income = 440.39, discount = { single = 0.5, couple = 0.5, family_one_child = 0.5, family_two_or_more_children = 0.5 } },
  { up_to_weekly_income = inf, discount = { single = 0.0, couple = 0.0, family_one_child = 0.0, family_two_or_more_children = 0.0 } },
], source = "B&NES, 'How we currently calculate Council Tax Support': weekly income allowance table" }
child_increment_weekly = { value = 50.0, source = "B&NES: + £50, per child who lives with you" }
child_increment_children = { value = 2, source = "B&NES: up to a maximum of £125 (a partner and two or more children)" }
partner_increment_weekly = { value = 25.0, source = "B&NES: + £25, if you live with a partner" }
"""
    )
    couple = {"partner_age": 40, "youngest_child_age": 6}
    result = run(
        rules,
        [
            {"children": 2, "youngest_child_age": 6, "weekly_other_income": 345.0},
            {**couple, "children": 1, "weekly_other_income": 210.0},
            {**couple, "children": 3, "weekly_other_income": 440.0},
        ],
    )
    assert yearly(result) == [876.00, 1241.00, 1168.00]


# Solihull's income limits for a lone parent and a couple with one child (Solihull Council Tax
# Reduction Scheme 2026/27, Sch. 1 para 1 Table 1, p.60: 85% to £220.00 / £240.00, 75% to £270.00 /
# £290.00, 50% to £320.00 / £340.00, 25% to £370.00 / £390.00), on one set of limits; the single,
# couple and two-or-more-children columns are test figures, and so is the three-or-more column.
FINER_GRID = """
[levers.income_grid]
bands = { value = [
  { up_to_weekly_income = 220.0, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.85, couple_one_child = 0.85, family_two_or_more_children = 0.5, family_three_or_more_children = 1.0 } },
  { up_to_weekly_income = 240.0, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.75, couple_one_child = 0.85, family_two_or_more_children = 0.5, family_three_or_more_children = 1.0 } },
  { up_to_weekly_income = 270.0, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.75, couple_one_child = 0.75, family_two_or_more_children = 0.5, family_three_or_more_children = 1.0 } },
  { up_to_weekly_income = 290.0, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.50, couple_one_child = 0.75, family_two_or_more_children = 0.0, family_three_or_more_children = 1.0 } },
  { up_to_weekly_income = 320.0, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.50, couple_one_child = 0.50, family_two_or_more_children = 0.0, family_three_or_more_children = 1.0 } },
  { up_to_weekly_income = 340.0, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.25, couple_one_child = 0.50, family_two_or_more_children = 0.0, family_three_or_more_children = 1.0 } },
  { up_to_weekly_income = 370.0, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.25, couple_one_child = 0.25, family_two_or_more_children = 0.0, family_three_or_more_children = 1.0 } },
  { up_to_weekly_income = 390.0, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.0, couple_one_child = 0.25, family_two_or_more_children = 0.0, family_three_or_more_children = 1.0 } },
  { up_to_weekly_income = inf, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.0, couple_one_child = 0.0, family_two_or_more_children = 0.0, family_three_or_more_children = 0.0 } },
], source = "Solihull CTR 2026/27 Sch. 1 para 1 Table 1 (p.60) for one child; test figures else" }
"""


def test_income_grid_columns_for_lone_parents_couples_and_three_children() -> None:
    """A grid may part lone parents from couples with children, and give three or more children
    their own column; a household without its own column takes the next in `GRID_HOUSEHOLDS`.
    Other income counts in full.

    c0 lone parent, one child, £230: lone_parent_one_child, to £240 75% of £1,095.00 = £821.25.
    c1 couple, one child, £230: couple_one_child, to £240 85% of £1,460.00 = £1,241.00.
    c2 couple, one child, £380: to £390 25% of £1,460.00 = £365.00 (a lone parent: nothing).
    c3 couple, two children, £230: no couple_two_or_more_children column, so
    family_two_or_more_children: 50% of £1,460.00 = £730.00.
    c4 lone parent, three children, £300: no lone_parent_three_or_more_children nor
    lone_parent_two_or_more_children column, so family_three_or_more_children: 100%, £1,095.00.
    c5 couple, three children, £400: the open band, nothing."""
    one = {"children": 1, "youngest_child_age": 6}
    couple = {"partner_age": 40}
    three = {"children": 3, "youngest_child_age": 6}
    result = run(
        scheme(FINER_GRID),
        [
            {**one, "weekly_other_income": 230.0},
            {**one, **couple, "weekly_other_income": 230.0},
            {**one, **couple, "weekly_other_income": 380.0},
            {**couple, "children": 2, "youngest_child_age": 6, "weekly_other_income": 230.0},
            {**three, "weekly_other_income": 300.0},
            {**three, **couple, "weekly_other_income": 400.0},
        ],
    )
    assert yearly(result) == [821.25, 1241.00, 365.00, 730.00, 1095.00, 0.00]


def test_income_grid_needs_a_column_for_every_household() -> None:
    """Without family_one_child, both lone_parent_one_child and couple_one_child are needed."""
    text = FINER_GRID.replace("couple_one_child", "couple_three_or_more_children")
    with pytest.raises(InvalidInputError) as caught:
        scheme(text)
    assert "no column for a couple with one child" in str(caught.value)
    assert "couple_one_child or family_one_child" in str(caught.value)


def test_universal_credit_earnings_contribution() -> None:
    """Of DWP's earned income only 45% of what is above £50 a week counts (test figures).

    Single on UC: maximum £400 a month (£92.3077 a week, the applicable amount), award £200 a
    month (£46.1538), earned £1,300 a month (£300.00). Earned income counted (£300 − £50) × 0.45 =
    £112.50; income £158.6538; excess £66.3462; × 20% = £13.2692; award £21.00 − £13.2692 =
    £7.7308 a week × 365 ÷ 7 = £403.104… → £403.10."""
    rules = scheme(
        """
[working_age.universal_credit]
earned_income_above_weekly = { value = 50.0, source = "test" }
earned_income_share = { value = 0.45, source = "test" }
"""
    )
    claim = {
        "universal_credit": True,
        "uc_maximum_amount_monthly": 400.0,
        "uc_award_monthly": 200.0,
        "uc_earned_income_monthly": 1300.0,
    }
    result = run(rules, [claim])
    assert weekly(result.stages.income_weekly) == [158.65]
    assert yearly(result) == [403.10]


def test_universal_credit_elements_disregarded_from_the_award() -> None:
    """The housing and child care elements are taken off the award before it counts, never
    below nothing (Dover CTR 2026/27 para 13.2(a); test figures otherwise).

    c0: award £700 a month less housing £300 and child care £100 = £300 (£69.2308 a week), under
    the £400 UC maximum (£92.3077): no excess, the whole £21.00 a week, £1,095.00.
    c1: award £700, no elements: £161.5385 a week, excess £69.2308, × 20% = £13.8462; award
    £7.1538 a week × 365 ÷ 7 = £373.022… → £373.02.
    c2: award £300 less housing £500: £0 counted, not less: £1,095.00."""
    rules = scheme(
        """
[working_age.universal_credit]
disregarded_elements = { value = ["housing_element", "child_care_element"], source = "test" }
"""
    )
    base = {"universal_credit": True, "uc_maximum_amount_monthly": 400.0}
    result = run(
        rules,
        [
            {
                **base,
                "uc_award_monthly": 700.0,
                "uc_housing_element_monthly": 300.0,
                "uc_child_care_element_monthly": 100.0,
            },
            {**base, "uc_award_monthly": 700.0},
            {**base, "uc_award_monthly": 300.0, "uc_housing_element_monthly": 500.0},
        ],
    )
    assert yearly(result) == [1095.00, 373.02, 1095.00]


def test_protected_capital_limit() -> None:
    """Capital limit £6,000, £10,000 for households on a disability benefit (test figures);
    singles with no income (tariff income from capital, £8 a week on £8,000, stays below the
    £71.70 allowance), so £1,095.00 each when not excluded. (A passported claim is never excluded
    for capital: its benefit already tested it.)

    c0 on PIP with £8,000: protected, under £10,000: £1,095.00. c1 the same without PIP: above
    £6,000, nothing. c2 on PIP with £10,001: above £10,000, nothing."""
    rules = scheme(
        """
[working_age.capital]
upper_limit = { value = 6000.0, source = "test" }
lower_limit = { value = 6000.0, source = "test" }
tariff_step = { value = 250.0, source = "test" }

[levers]
protected_groups = { value = ["disability_benefit"], source = "test" }
protected_capital_upper_limit = { value = 10000.0, source = "test" }
"""
    )
    pip = {"claimant_disability_benefit": "pip_daily_living_standard"}
    result = run(
        rules,
        [
            {**pip, "capital": 8000.0},
            {**pip, "capital": 8000.0, "claimant_disability_benefit": "none"},
            {**pip, "capital": 10001.0},
        ],
    )
    assert yearly(result) == [1095.00, 0.00, 0.00]
    assert result.is_capital_excluded.tolist() == [False, True, True]


def test_capital_of_the_upper_limit_or_more_excludes() -> None:
    """North East Lincolnshire gives no reduction "where the applicant has capital of £6,000 or
    more" (NEL CTR 2026/27 para 26.1, p.33, and Sch. 1 para 5, p.61): `upper_limit_inclusive`.
    Singles with no income (£21.00 a week), limits £6,000: c0 £6,000.00 of capital, excluded;
    c1 £5,999.99, the whole £1,095.00. Without the flag c0 too gets £1,095.00 ("exceeds")."""
    capital = """
[working_age.capital]
upper_limit = { value = 6000.0, source = "NEL CTR 2026/27 para 26.1" }
lower_limit = { value = 6000.0, source = "test: no tariff income" }
tariff_step = { value = 250.0, source = "DS para 37" }
"""
    households = [{"capital": 6000.0}, {"capital": 5999.99}]
    assert yearly(run(scheme(capital), households)) == [1095.00, 1095.00]
    inclusive = capital + 'upper_limit_inclusive = { value = true, source = "NEL para 26.1" }\n'
    assert yearly(run(scheme(inclusive), households)) == [0.00, 1095.00]


def test_income_band_for_no_income() -> None:
    """Slough's first band is for those not working (Slough CTS 2026/27 Sch. 1 para 1 table,
    p.93: 70% not working, 50% with earnings below £115.38): a band up to £0.00. The rest of the
    grid is test figures. Singles, £1,095.00: c0 no income, 70%, £766.50; c1 £50 other income,
    50%, £547.50; c2 £200, nothing."""
    rules = scheme(
        """
[levers.income_grid]
bands = { value = [
  { up_to_weekly_income = 0.0, discount = { single = 0.7, couple = 0.7, family_one_child = 0.7, family_two_or_more_children = 0.7 } },
  { up_to_weekly_income = 115.38, discount = { single = 0.5, couple = 0.5, family_one_child = 0.5, family_two_or_more_children = 0.5 } },
  { up_to_weekly_income = inf, discount = { single = 0.0, couple = 0.0, family_one_child = 0.0, family_two_or_more_children = 0.0 } },
], source = "Slough CTS 2026/27 Sch. 1 para 1 (p.93) for the first two bands; test figures" }
"""
    )
    incomes = [0.0, 50.0, 200.0]
    result = run(rules, [{"weekly_other_income": income} for income in incomes])
    assert yearly(result) == [766.50, 547.50, 0.00]


def test_protected_groups_named_as_data() -> None:
    """Each new protected group exempts its household from a 20% minimum contribution (test
    figure): protected singles get £21.00 a week (£1,095.00), others 80%, £876.00. Passported.

    c0 lone parent, child aged 4 (under 5): protected; c1 child aged 5: not. c2 on DLA care
    (lowest): a disability benefit. c3 ESA support component. c4-c6 on UC (no income counted:
    maximum £1,000, award £0) with an LCWRA, disabled child or carer element; c7 on UC with
    none."""
    rules = scheme(
        """
[levers]
minimum_contribution = { value = 0.2, source = "test" }
protected_groups = { value = ["lone_parent_child_under_age", "disability_benefit", "esa_component", "uc_limited_capability_element", "uc_disabled_child_element", "uc_carer_element"], source = "test" }
protected_child_under_age = { value = 5, source = "test" }
"""
    )
    lone = {"passported": True, "children": 1}
    uc = {"universal_credit": True, "uc_maximum_amount_monthly": 1000.0}
    result = run(
        rules,
        [
            {**lone, "youngest_child_age": 4},
            {**lone, "youngest_child_age": 5},
            {"passported": True, "claimant_disability_benefit": "dla_care_lowest"},
            {"passported": True, "esa_component": "support"},
            {**uc, "uc_lcwra_element_monthly": 423.27},
            {**uc, "uc_disabled_child_element_monthly": 158.76},
            {**uc, "uc_carer_element_monthly": 201.68},
            uc,
        ],
    )
    assert result.is_protected.tolist() == [True, False, True, True, True, True, True, False]
    assert yearly(result) == [1095.00, 876.00, 1095.00, 1095.00, 1095.00, 1095.00, 1095.00, 876.00]


# ---------------------------------------------------------------------------------------------
# The engine against the specification, on random caseloads

FULL_2026 = """
extends = "default-2013"
name = "every-rule-2026"
year = "2026/27"

[pensioner.applicable_amounts]
single_pension_age_from_april_2021_weekly = { value = 238.00, source = "CWaC 2026/27 para 3.4" }
couple_pension_age_from_april_2021_weekly = { value = 363.25, source = "CWaC 2026/27 para 3.5" }
severe_disability_premium_weekly = { value = 86.05, source = "test figure" }
enhanced_disability_premium_child_weekly = { value = 34.00, source = "test figure" }

[pensioner.earnings_disregards]
additional_weekly = { value = 17.10, source = "CWaC 2026/27 Sch. 4 para 14.10(3)(c)" }
child_care_one_child_weekly = { value = 175.0, source = "CWaC 2026/27 para 23.3(a)" }
child_care_two_or_more_weekly = { value = 300.0, source = "CWaC 2026/27 para 23.3(b)" }

[pensioner.income_disregards]
war_pension_weekly = { value = 10.0, source = "CWaC 2026/27 para 21.21" }

[working_age.applicable_amounts]
severe_disability_premium_weekly = { value = 59.50, source = "DS internal Sch. 3 para 17 Table (2)" }
enhanced_disability_premium_single_weekly = { value = 15.15, source = "DS internal Sch. 3 para 17 Table (5)(b)" }
enhanced_disability_premium_couple_weekly = { value = 21.75, source = "DS internal Sch. 3 para 17 Table (5)(c)" }
enhanced_disability_premium_child_weekly = { value = 23.45, source = "DS internal Sch. 3 para 17 Table (5)(a)" }
work_related_activity_component_weekly = { value = 28.45, source = "DS internal Sch. 3 para 23" }
support_component_weekly = { value = 34.80, source = "DS internal Sch. 3 para 24" }

[working_age.earnings_disregards]
additional_weekly = { value = 17.10, source = "DS internal Sch. 7" }
child_care_one_child_weekly = { value = 175.0, source = "DS para 57" }
child_care_two_or_more_weekly = { value = 300.0, source = "DS para 57" }

[working_age.income_disregards]
war_pension_weekly = { value = 10.0, source = "DS internal Sch. 8 para 20" }
child_benefit_counts = { value = false, source = "DS internal Sch. 8" }
child_maintenance_counts = { value = true, source = "test: maintenance counted" }

[working_age]
non_dependant_deduction_not_in_work_weekly = { value = 4.00, source = "test figure" }
non_dependant_exemptions = { value = ["pension_credit", "income_support_jsa_esa", "student"], source = "test: UC without earnings not exempt" }
"""

UC_OPTIONS_2026 = """
extends = "oxford-2026"
name = "uc-options-2026"

[working_age.universal_credit]
applicable_amount = { value = "scheme", source = "test" }
income = { value = ["award", "earned"], source = "test" }
earnings_disregards = { value = true, source = "test" }
tariff_income = { value = true, source = "test" }
passported = { value = "no_earned_income", source = "test" }

[levers]
minimum_contribution = { value = 0.2, source = "test" }
minimum_award_weekly = { value = 2.0, source = "test" }
protected_groups = { value = ["disabled_child_premium", "carer", "war_pension"], source = "test" }
band_cap = { value = "C", source = "test" }
"""

# Every lever of the wider vocabulary at once, over Dover's grid and means test (test figures).
VOCABULARY_2026 = """
extends = "dover-2026"
name = "vocabulary-2026"

[working_age.universal_credit]
disregarded_elements = { value = ["housing_element", "child_element", "lcwra_element", "transitional_protection"], source = "test" }
earned_income_above_weekly = { value = 20.0, source = "test" }
earned_income_share = { value = 0.45, source = "test" }

[working_age]
two_child_limit = { value = true, source = "test" }
work_related_activity_component_before_april_2017 = { value = true, source = "test" }
non_dependant_exemptions = { value = ["pension_credit", "universal_credit", "student"], source = "test" }
non_dependant_waiver = { value = "disability_premium", source = "test" }

[levers]
minimum_contribution = { value = 0.1, source = "test" }
protected_minimum_contribution = { value = 0.05, source = "test" }
income_grid_after_deductions = { value = true, source = "test" }
band_cap = { value = "C", source = "test" }
band_cap_share = { value = 0.8, source = "test" }
band_cap_after_discounts = { value = true, source = "test" }
band_cap_exempts_protected = { value = true, source = "test" }
protected_groups = { value = ["lone_parent_child_under_age", "disability_benefit", "esa_component", "uc_limited_capability_element", "uc_disabled_child_element", "uc_carer_element"], source = "test" }
protected_child_under_age = { value = 5, source = "test" }
protected_capital_upper_limit = { value = 16000.0, source = "test" }

[levers.income_grid]
child_increment_weekly = { value = 60.0, source = "test" }
child_increment_children = { value = 2, source = "test" }

[levers.protected_income_grid]
bands = { value = [
  { up_to_weekly_income = 150.0, discount = { single = 1.0, couple = 1.0, lone_parent_one_child = 1.0, couple_one_child = 1.0, family_two_or_more_children = 1.0, lone_parent_three_or_more_children = 1.0, couple_two_or_more_children = 1.0 } },
  { up_to_weekly_income = 250.0, discount = { single = 0.6, couple = 0.7, lone_parent_one_child = 0.8, couple_one_child = 0.75, family_two_or_more_children = 0.9, lone_parent_three_or_more_children = 0.95, couple_two_or_more_children = 0.85 } },
  { up_to_weekly_income = inf, discount = { single = 0.0, couple = 0.0, lone_parent_one_child = 0.0, couple_one_child = 0.0, family_two_or_more_children = 0.0, lone_parent_three_or_more_children = 0.0, couple_two_or_more_children = 0.0 } },
], source = "test" }
child_increment_weekly = { value = 35.5, source = "test" }
partner_increment_weekly = { value = 12.5, source = "test" }
"""

# A band cap on a share of a band's undiscounted charge, over a means-tested scheme.
CAP_SHARE_2026 = """
extends = "merton-2026"
name = "cap-share-2026"

[levers]
band_cap = { value = "B", source = "test" }
band_cap_share = { value = 0.8, source = "test" }
band_cap_after_discounts = { value = false, source = "test" }
"""

# The non-dependant options and the award reductions after the taper over a means test with
# banded deductions (test figures).
NON_DEPENDANTS_2026 = """
extends = "chorley-2026"
name = "non-dependants-2026"

[working_age]
non_dependant_exemptions = { value = ["income_support_jsa_esa", "universal_credit_no_earnings_under_25", "disregarded_for_discount"], source = "test" }
non_dependant_not_in_work_banded = { value = true, source = "test" }
non_dependant_couple_each = { value = true, source = "test" }
non_dependant_waiver = { value = "none", source = "test" }

[working_age.capital]
upper_limit_inclusive = { value = true, source = "test" }

[levers]
minimum_contribution = { value = 0.1, source = "test" }
protected_minimum_contribution = { value = 0.04, source = "test" }
protected_groups = { value = ["disability_benefit", "war_pension"], source = "test" }
award_reduction = { value = 0.2711, source = "test" }
protected_award_reduction = { value = 0.1356, source = "test" }
"""

# A grid with a band for no income, and capital "of £X or more" for a protected limit too (test
# figures, over Dover).
NO_INCOME_BAND_2026 = """
extends = "dover-2026"
name = "no-income-band-2026"

[working_age.capital]
upper_limit_inclusive = { value = true, source = "test" }

[levers]
protected_groups = { value = ["disability_benefit"], source = "test" }
protected_capital_upper_limit = { value = 16000.0, source = "test" }

[levers.income_grid]
bands = { value = [
  { up_to_weekly_income = 0.0, discount = { single = 1.0, couple = 1.0, family_one_child = 1.0, family_two_or_more_children = 1.0 } },
  { up_to_weekly_income = 150.0, discount = { single = 0.6, couple = 0.7, family_one_child = 0.8, family_two_or_more_children = 0.9 } },
  { up_to_weekly_income = inf, discount = { single = 0.0, couple = 0.0, family_one_child = 0.0, family_two_or_more_children = 0.0 } },
], source = "test" }
"""

INLINE_SCHEMES = {
    "every-rule-2026": FULL_2026,
    "uc-options-2026": UC_OPTIONS_2026,
    "vocabulary-2026": VOCABULARY_2026,
    "cap-share-2026": CAP_SHARE_2026,
    "non-dependants-2026": NON_DEPENDANTS_2026,
    "no-income-band-2026": NO_INCOME_BAND_2026,
}
# The hypothesis searches below run on a representative set (scheme_kinds.py explains the choice);
# every other bundled scheme is checked on large drawn caseloads at the end of this file.
SCHEME_NAMES = sorted([*representative_schemes(), *INLINE_SCHEMES])


@cache
def scheme_named(name: str) -> Scheme:
    """A bundled scheme, or one of the two above (read when first used, so that a scheme the
    engine cannot read fails its own tests, not the collection of this file)."""
    if name in INLINE_SCHEMES:
        return scheme_from_toml(INLINE_SCHEMES[name], name)
    return load_bundled_scheme(name)


DISABILITY_BENEFITS = [
    "none",
    "attendance_allowance",
    "dla_care_lowest",
    "dla_care_middle",
    "dla_care_highest",
    "pip_daily_living_standard",
    "pip_daily_living_enhanced",
    "afip",
]
NON_DEPENDANT_BENEFITS = [
    "none",
    "pension_credit",
    "income_support_jsa_esa",
    "universal_credit_no_earnings",
    "universal_credit_with_earnings",
]

pounds = st.integers(0, 60_000).map(lambda pence: pence / 100)  # £0 to £600.00, whole pence
monthly = st.integers(0, 250_000).map(lambda pence: pence / 100)
hours = st.sampled_from([0, 10, 16, 29, 30, 40])


@st.composite
def claims_with_non_dependants(draw: st.DrawFn, index: int) -> tuple[dict[str, Any], list]:
    """One claim using every column, and its non-dependants (as rows, or the legacy counts)."""
    claim_id = f"c{index}"
    pensioner = draw(st.booleans())
    universal_credit = draw(st.booleans())
    partner = draw(st.booleans())
    children = draw(st.integers(0, 3))
    disabled = draw(st.integers(0, children))
    claim: dict[str, Any] = {
        "claim_id": claim_id,
        "band": draw(st.sampled_from("ABCDEFGH")),
        "disabled_band_reduction": draw(st.booleans()),
        "pensioner": pensioner,
        "claimant_age": draw(st.integers(60, 95) if pensioner else st.integers(18, 64)),
        "partner_age": draw(st.integers(18, 95)) if partner else None,
        "children": children,
        "youngest_child_age": draw(st.integers(0, 17)) if children else None,
        "children_in_child_allowance": draw(st.none() | st.integers(0, children)),
        "esa_claim_from_april_2017": draw(st.booleans()),
        "passported": (not universal_credit) and draw(st.booleans()),
        "weekly_earnings": draw(pounds),
        "weekly_other_income": draw(pounds),
        "capital": float(draw(st.sampled_from([0, 3000, 6100, 10_250, 12_000, 16_500]))),
        "disability_premium": draw(st.booleans()),
        "war_pension": draw(st.booleans()),
        "universal_credit": universal_credit,
        # DWP's figures only with the flag, and a UC maximum above 0 (the caseload's rules).
        "uc_maximum_amount_monthly": draw(monthly.filter(bool)) if universal_credit else 0.0,
        "uc_award_monthly": draw(monthly) if universal_credit else 0.0,
        "uc_earned_income_monthly": draw(st.just(0.0) | monthly) if universal_credit else 0.0,
        "uc_unearned_income_monthly": draw(st.just(0.0) | monthly) if universal_credit else 0.0,
        **{
            f"uc_{element}_monthly": draw(st.just(0.0) | monthly) if universal_credit else 0.0
            for element in UC_ELEMENTS
        },
        "reached_pension_age_before_april_2021": draw(st.none() | st.booleans()),
        "claimant_disability_benefit": draw(st.sampled_from(DISABILITY_BENEFITS)),
        "partner_disability_benefit": draw(st.sampled_from(DISABILITY_BENEFITS))
        if partner
        else "none",
        "claimant_blind": draw(st.booleans()),
        "partner_blind": partner and draw(st.booleans()),
        "claimant_has_paid_carer": draw(st.booleans()),
        "partner_has_paid_carer": partner and draw(st.booleans()),
        "esa_component": "none"
        if pensioner
        else draw(st.sampled_from(["none", "work_related_activity", "support"])),
        "carers": draw(st.integers(0, 2 if partner else 1)),
        "disabled_children": disabled,
        "enhanced_disability_children": draw(st.integers(0, disabled)),
        "claimant_weekly_hours": draw(hours),
        "partner_weekly_hours": draw(hours) if partner else 0,
        "weekly_child_care_charges": draw(pounds) if children else 0.0,
        "children_in_child_care": draw(st.none() | st.integers(1, children)) if children else None,
        "weekly_child_benefit": draw(pounds) if children else 0.0,
        "weekly_child_maintenance": draw(pounds) if children else 0.0,
        "weekly_war_pension": draw(st.just(0.0) | pounds),
        "weekly_disability_benefits": draw(pounds),
        "claimant_disregarded_for_discount": draw(st.booleans()),
        "partner_disregarded_for_discount": partner and draw(st.booleans()),
        "claimant_student": draw(st.booleans()),
        "partner_student": partner and draw(st.booleans()),
    }
    if claim["weekly_earnings"] == 0 and claim["uc_earned_income_monthly"] == 0:
        claim["claimant_weekly_hours"] = claim["partner_weekly_hours"] = 0  # no hours without pay
    rows: list[dict[str, Any]] = []
    if draw(st.booleans()):  # the legacy count columns
        claim["non_dependants"] = draw(st.integers(0, 2))
        claim["non_dependant_gross_weekly_income"] = draw(pounds)
        claim["non_dependants_passported"] = draw(st.booleans())
    else:
        count = draw(st.integers(0, 3))
        couple = count >= 2 and draw(st.booleans())
        for row in range(count):
            gross = draw(pounds)
            rows.append(
                {
                    "claim_id": claim_id,
                    "age": draw(st.none() | st.integers(16, 80)),
                    "gross_weekly_income": gross,
                    "weekly_disability_benefits": draw(
                        st.integers(0, round(gross * 100)).map(lambda pence: pence / 100)
                    ),
                    "works_16_hours_or_more": draw(st.none() | st.booleans()),
                    "benefit": draw(st.sampled_from(NON_DEPENDANT_BENEFITS)),
                    "student": draw(st.booleans()),
                    "disregarded_for_discount": draw(st.booleans()),
                    "disability_benefit": draw(st.sampled_from(DISABILITY_BENEFITS)),
                    "blind": draw(st.booleans()),
                    "couple": "p" if couple and row < 2 else None,
                }
            )
    return claim, rows


@st.composite
def random_caseloads(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    size = draw(st.integers(1, 8))
    drawn = [draw(claims_with_non_dependants(index)) for index in range(size)]
    return [claim for claim, _ in drawn], [row for _, rows in drawn for row in rows]


def specification_awards(
    rules: Scheme, claims: Caseload, records: list[dict[str, Any]], rows: list[dict[str, Any]]
) -> np.ndarray:
    """The specification's awards: the explicit rows plus the legacy count columns as rows."""
    legacy = specification.legacy_non_dependants(
        pl.DataFrame(
            [
                {
                    "claim_id": r["claim_id"],
                    "non_dependants": r.get("non_dependants", 0),
                    "non_dependant_gross_weekly_income": r.get(
                        "non_dependant_gross_weekly_income", 0.0
                    ),
                    "non_dependants_passported": r.get("non_dependants_passported", False),
                }
                for r in records
            ]
        )
    )
    table = pl.concat([specification.non_dependant_table(rows), legacy], how="vertical")
    return specification.awards_yearly(rules, claims.table, table)


@pytest.mark.parametrize("name", SCHEME_NAMES)
@settings(max_examples=30, deadline=None)
@given(drawn=random_caseloads())
def test_evaluate_matches_the_specification_to_the_penny_and_stays_within_the_bill(
    name: str, drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]]
) -> None:
    """The engine gives the specification's award to the penny, and every award lies between
    nothing and the bill. 30 drawn caseloads of 1 to 8 claims a scheme (over 1,200 a run, new
    ones each run): the whole suite must keep within its 20 minutes on 2 cores."""
    records, rows = drawn
    rules = scheme_named(name)
    claims = Caseload.from_records(records, "test", non_dependants=rows)
    result = evaluate(rules, claims)
    plain = specification_awards(rules, claims, records, rows)
    differ = np.flatnonzero(np.abs(result.award_yearly - plain) >= 0.005)
    assert differ.size == 0, [
        (records[i]["claim_id"], float(result.award_yearly[i]), float(plain[i])) for i in differ
    ]
    assert np.all(result.award_yearly >= 0)
    assert np.all(result.award_yearly <= result.liability_yearly)


@pytest.mark.parametrize("name", SCHEME_NAMES)
@settings(max_examples=40, deadline=None)
@given(drawn=claims_with_non_dependants(0), extra=st.integers(1, 40_000).map(lambda p: p / 100))
def test_more_earnings_or_more_universal_credit_never_raise_the_award(
    name: str, drawn: tuple[dict[str, Any], list[dict[str, Any]]], extra: float
) -> None:
    """Claim 0 as drawn; 1 with more earnings (weekly, and DWP's UC earned income); 2 with a
    larger UC award. Neither 1 nor 2 may get more than 0.

    No hours of work: the additional earnings disregard, which needs 16 or 30 hours, applies only
    once earnings cover it (PR Sch. 4 para 10(1)), so just there more earnings can mean less
    counted income (see `test_additional_disregard_needs_earnings_that_cover_it`)."""
    claim, rows = drawn
    claim = {**claim, "claimant_weekly_hours": 0, "partner_weekly_hours": 0}
    uc = 1.0 if claim["universal_credit"] else 0.0  # DWP's figures only for UC claims
    richer = {
        **claim,
        "claim_id": "c1",
        "weekly_earnings": round(claim["weekly_earnings"] + extra, 2),
        "uc_earned_income_monthly": round(claim["uc_earned_income_monthly"] + extra * uc, 2),
    }
    more_uc = {
        **claim,
        "claim_id": "c2",
        "uc_award_monthly": round(claim["uc_award_monthly"] + extra * uc, 2),
    }
    rows_for_all = [
        {**row, "claim_id": claim_id} for claim_id in ("c0", "c1", "c2") for row in rows
    ]
    result = evaluate(
        scheme_named(name),
        Caseload.from_records([claim, richer, more_uc], "test", non_dependants=rows_for_all),
    )
    assert result.award_yearly[1] <= result.award_yearly[0]
    assert result.award_yearly[2] <= result.award_yearly[0]


@st.composite
def large_caseloads(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Sixty drawn claims with their non-dependants, for schemes checked a few times each."""
    drawn = [draw(claims_with_non_dependants(index)) for index in range(60)]
    return [claim for claim, _ in drawn], [row for _, rows in drawn for row in rows]


@pytest.mark.parametrize("name", other_schemes())
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(drawn=large_caseloads(), extra=st.integers(1, 40_000).map(lambda p: p / 100))
def test_every_other_scheme_meets_the_specification_and_the_invariants(
    name: str, drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]], extra: float
) -> None:
    """Each bundled scheme not searched above: the specification to the penny, awards between 0
    and the bill, and no award raised by more earnings (hours held at 0, as in the search above)."""
    records, rows = drawn
    rules = scheme_named(name)
    claims = Caseload.from_records(records, "test", non_dependants=rows)
    result = evaluate(rules, claims)
    plain = specification_awards(rules, claims, records, rows)
    differ = np.flatnonzero(np.abs(result.award_yearly - plain) >= 0.005)
    assert differ.size == 0, [
        (records[i]["claim_id"], float(result.award_yearly[i]), float(plain[i])) for i in differ
    ]
    assert np.all(result.award_yearly >= 0)
    assert np.all(result.award_yearly <= result.liability_yearly)
    idle = [{**r, "claimant_weekly_hours": 0, "partner_weekly_hours": 0} for r in records]
    richer = [
        {
            **r,
            "weekly_earnings": round(r["weekly_earnings"] + extra, 2),
            "uc_earned_income_monthly": round(
                r["uc_earned_income_monthly"] + (extra if r["universal_credit"] else 0.0), 2
            ),
        }
        for r in idle
    ]
    before = evaluate(rules, Caseload.from_records(idle, "test", non_dependants=rows))
    after = evaluate(rules, Caseload.from_records(richer, "test", non_dependants=rows))
    raised = np.flatnonzero(after.award_yearly > before.award_yearly)
    assert raised.size == 0, [records[i]["claim_id"] for i in raised]
