"""What follows from the claims alone: the facts each rule tests, worked out once per caseload.

These are the conditions of the regulations that need no figure from a scheme: who is a pensioner
for these purposes, which premiums a household's benefits bring, whether a non-dependant deduction
can apply at all, who counts for a council tax discount. The scheme's figures are applied to them in
`rules.means_test`; the plain statement of every rule, for comparison, is `tests/tax/specification.py`.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from townhall.tax.bands import BAND_NINTHS, BANDS, DISABLED_BAND_A_NINTHS, SINGLE_PERSON_DISCOUNT
from townhall.tax.claims.caseload_schema import (
    DISABILITY_BENEFITS,
    NON_DEPENDANT_BENEFITS,
    UC_ELEMENTS,
)
from townhall.tax.claims.claim_arrays import (
    EXEMPTION_BIT,
    NO_COMPONENT,
    SUPPORT,
    UNDER_18_BIT,
    WORK_RELATED_ACTIVITY,
    ClaimArrays,
    NonDependantUnits,
    disregard_codes,
    personal_allowance_codes,
)

NINTHS_BY_INDEX = np.array([BAND_NINTHS[band] for band in BANDS], dtype=np.int64)
UC_MONTHLY_TO_WEEKLY = 12.0 / 52.0  # SI 2012/2886 Sch. para 28(3) and para 37(2)
# Household types used by income-banded grids, in scheme.HOUSEHOLD_TYPES order.
SINGLE, COUPLE, FAMILY_ONE_CHILD, FAMILY_TWO_OR_MORE = 0, 1, 2, 3
# Benefits that qualify for the severe disability premium (SI 2012/2885 Sch. 2 para 6(2)(a)(i)).
SEVERE_DISABILITY_BENEFITS = (
    "attendance_allowance",
    "dla_care_middle",
    "dla_care_highest",
    "pip_daily_living_standard",
    "pip_daily_living_enhanced",
    "afip",
)
# Any disability benefit (DLA care at any rate counts): the £20 earnings disregard's condition,
# incapacity for child care, and, with blindness, no non-dependant deduction for the household
# (SI 2012/2885 Sch. 1 para 8, carried from CTB reg. 58(6)).
ANY_DISABILITY_BENEFIT = tuple(name for name in DISABILITY_BENEFITS if name != "none")
# Benefits that bring the enhanced disability premium (the highest care rates).
ENHANCED_DISABILITY_BENEFITS = ("dla_care_highest", "pip_daily_living_enhanced")
PASSPORTING_BENEFITS = ("pension_credit", "income_support_jsa_esa")
BORN_BEFORE = 1955  # reached pension age (66) before 1 April 2021: born before 1 April 1955
CHILD_CARE_AGE = 15  # charges count for a child under 15, or under 16 if disabled
CHILD_CARE_DISABLED_AGE = 16
HOURS_FOR_CHILD_CARE = 16.0
HOURS_FOR_ADDITIONAL_DISREGARD = 30.0
# A non-dependant's gross income less the Attendance Allowance, DLA, PIP or AFIP in it: the income
# that sets their deduction (SI 2012/2885 Sch. 1 para 8(9)(a)) and the second adult rebate (Sch. 3
# para 2(a)).
COUNTED_GROSS_INCOME = pl.col("gross_weekly_income") - pl.col("weekly_disability_benefits")


def claim_arrays(table: pl.DataFrame, non_dependants: pl.DataFrame) -> ClaimArrays:
    """The arrays the means test reads, from a validated claims table and every non-dependant."""
    column = table.get_column

    def flag(name: str) -> NDArray[np.bool_]:
        return column(name).to_numpy().astype(np.bool_, copy=False)

    def amount(name: str) -> NDArray[np.float64]:
        return column(name).to_numpy().astype(np.float64, copy=False)

    def chosen(name: str, values: tuple[str, ...]) -> NDArray[np.bool_]:
        return column(name).is_in(list(values)).to_numpy()

    size = table.height
    universal_credit = flag("universal_credit")
    pensioner = flag("pensioner") & ~universal_credit
    partner_age = column("partner_age")
    has_partner = ~partner_age.is_null().to_numpy()
    children = column("children").to_numpy().astype(np.int8)
    children_in_allowance = (
        column("children_in_child_allowance").fill_null(column("children")).to_numpy()
    ).astype(np.int8)
    has_children = children > 0
    claimant_age = column("claimant_age").to_numpy().astype(np.int64)
    elder_age = np.maximum(claimant_age, partner_age.fill_null(0).to_numpy()).astype(np.int64)
    lone_parent = ~has_partner & has_children
    disability = flag("disability_premium")
    carers = column("carers").fill_null(column("carer").cast(pl.Int64)).to_numpy().astype(np.int8)
    disabled_children = (
        column("disabled_children")
        .fill_null(column("disabled_child_premium").cast(pl.Int64))
        .to_numpy()
        .astype(np.int8)
    )
    youngest = column("youngest_child_age").fill_null(99).to_numpy().astype(np.int8)

    people = _people(non_dependants, size)
    units = _units(non_dependants)

    # A student is disregarded for discounts (LGFA 1992 Sch. 1 para 4).
    claimant_student, partner_student = flag("claimant_student"), flag("partner_student")
    claimant_disregarded = flag("claimant_disregarded_for_discount") | claimant_student
    partner_disregarded = flag("partner_disregarded_for_discount") | partner_student
    # Second adult rebate: not for a couple unless one of them is disregarded for discounts
    # (SI 2012/2885 Sch. 1 para 4(3)(c); the default scheme alike).
    couple_both_counted = has_partner & ~claimant_disregarded & ~partner_disregarded
    # Table (c): students but for the second adults (Sch. 3 para 1(1)(b): at any age).
    students_but_for_second_adults = (
        claimant_student
        & (~has_partner | partner_student)
        & ~has_children
        & (people["others_neither_student_nor_counted"] == 0)
    )
    # Liability: a 25% discount where one adult counts, 50% where none does (LGFA 1992 s.11).
    counted = (
        (~claimant_disregarded).astype(np.float64)
        + (has_partner & ~partner_disregarded)
        + people["adults_counted"]
    )
    discount_code: NDArray[np.int8] = np.where(
        counted == 0, 2, np.where(counted == 1, 1, 0)
    ).astype(np.int8)
    band = column("band").cast(pl.Enum(list(BANDS))).to_physical().to_numpy().astype(np.int8)
    lowered = np.where(band == 0, DISABLED_BAND_A_NINTHS, NINTHS_BY_INDEX[np.maximum(band - 1, 0)])
    ninths = np.where(flag("disabled_band_reduction"), lowered, NINTHS_BY_INDEX[band])

    claimant_benefit, partner_benefit = "claimant_disability_benefit", "partner_disability_benefit"
    esa = column("esa_component").replace_strict(
        {"none": NO_COMPONENT, "work_related_activity": WORK_RELATED_ACTIVITY, "support": SUPPORT},
        return_dtype=pl.Int8,
    )
    esa_component = esa.to_numpy().astype(np.int8)
    severe = severe_disability_premiums(
        claimant_qualifies=chosen(claimant_benefit, SEVERE_DISABILITY_BENEFITS),
        partner_qualifies=has_partner & chosen(partner_benefit, SEVERE_DISABILITY_BENEFITS),
        partner_blind=has_partner & flag("partner_blind"),
        has_partner=has_partner,
        adults_living_with=people["adults_not_exempt_for_severe_disability"],
        claimant_has_paid_carer=flag("claimant_has_paid_carer"),
        partner_has_paid_carer=has_partner & flag("partner_has_paid_carer"),
    )
    enhanced_adult = (
        chosen(claimant_benefit, ENHANCED_DISABILITY_BENEFITS)
        | (has_partner & chosen(partner_benefit, ENHANCED_DISABILITY_BENEFITS))
        | (esa_component == SUPPORT)
    )
    claimant_hours, partner_hours = amount("claimant_weekly_hours"), amount("partner_weekly_hours")
    partner_hours = np.where(has_partner, partner_hours, 0.0)
    # Incapacitated for child care (SI 2012/2885 Sch. 1 para 25(10)): on a disability benefit, or
    # blind; an ESA component (limited capability for work) is taken to be the one not working.
    claimant_incapacitated = chosen(claimant_benefit, ANY_DISABILITY_BENEFIT) | flag(
        "claimant_blind"
    )
    partner_incapacitated = has_partner & (
        chosen(partner_benefit, ANY_DISABILITY_BENEFIT) | flag("partner_blind")
    )
    child_care_eligible = child_care_applies(
        has_partner,
        claimant_hours,
        partner_hours,
        claimant_incapacitated,
        partner_incapacitated,
        esa_component > NO_COMPONENT,
    ) & (
        (youngest < CHILD_CARE_AGE)
        | ((disabled_children > 0) & (youngest < CHILD_CARE_DISABLED_AGE))
    )
    # The £20 earnings disregard's disability condition (Sch. 4 para 5(1)): a disability benefit,
    # blindness, an ESA award or a disability premium; or a carer (para 4).
    disabled_or_carer = (
        disability
        | (carers > 0)
        | (esa_component > NO_COMPONENT)
        | claimant_incapacitated
        | partner_incapacitated
    )
    # The additional earnings disregard (SI 2012/2885 Sch. 4 para 10; default scheme alike): one
    # of them aged 25 or over working 30 hours; or 16 hours with a child in the family, or with
    # the disability condition met (here: the household's disability premium, ESA or SDP).
    partner_age_now = column("partner_age").fill_null(0).to_numpy()
    works_30 = ((claimant_hours >= HOURS_FOR_ADDITIONAL_DISREGARD) & (claimant_age >= 25)) | (
        (partner_hours >= HOURS_FOR_ADDITIONAL_DISREGARD) & (partner_age_now >= 25)
    )
    works_16 = (claimant_hours >= HOURS_FOR_CHILD_CARE) | (partner_hours >= HOURS_FOR_CHILD_CARE)
    additional_eligible = works_30 | (
        works_16 & (has_children | disability | (esa_component > NO_COMPONENT) | (severe > 0))
    )
    waived = claimant_incapacitated | partner_incapacitated  # no non-dependant deductions
    uc_elements = uc_elements_weekly(table)
    on_disability_benefit = chosen(claimant_benefit, ANY_DISABILITY_BENEFIT) | (
        has_partner & chosen(partner_benefit, ANY_DISABILITY_BENEFIT)
    )
    before_2021 = column("reached_pension_age_before_april_2021")
    kind = np.where(has_partner, COUPLE, SINGLE)
    kind = np.where(children == 1, FAMILY_ONE_CHILD, kind)
    kind = np.where(children >= 2, FAMILY_TWO_OR_MORE, kind)
    discount = np.array([0.0, SINGLE_PERSON_DISCOUNT, 2 * SINGLE_PERSON_DISCOUNT])[discount_code]
    return ClaimArrays(
        weight=amount("weight"),
        band_index=band,
        disabled_band_reduction=flag("disabled_band_reduction"),
        pensioner=pensioner,
        pensioner_index=pensioner.astype(np.int8),
        has_partner=has_partner,
        children=children,
        children_in_allowance=children_in_allowance,
        has_children=has_children,
        youngest_child_age=youngest,
        passported=flag("passported"),
        weekly_earnings=amount("weekly_earnings"),
        weekly_other_income=amount("weekly_other_income"),
        weekly_war_pension=amount("weekly_war_pension"),
        weekly_child_benefit=amount("weekly_child_benefit"),
        weekly_child_maintenance=amount("weekly_child_maintenance"),
        capital=amount("capital"),
        disability_premium=disability,
        disabled_child_premium=flag("disabled_child_premium") | (disabled_children > 0),
        war_pension=flag("war_pension") | (amount("weekly_war_pension") > 0),
        carer=flag("carer") | (carers > 0),
        carers=carers,
        disabled_children=disabled_children,
        enhanced_disability_children=column("enhanced_disability_children")
        .to_numpy()
        .astype(np.int8),
        severe_disability=severe,
        enhanced_disability_adult=enhanced_adult,
        esa_component=esa_component,
        esa_from_april_2017=flag("esa_claim_from_april_2017"),
        family_premium_protected=flag("family_premium_protected"),
        elder_65_or_over=pensioner & (elder_age >= 65),
        pension_age_before_april_2021=pensioner & before_2021.fill_null(False).to_numpy(),
        elder_age_if_unknown=np.where(
            pensioner & before_2021.is_null().to_numpy(), elder_age, -1
        ).astype(np.int16),
        universal_credit=universal_credit,
        uc_maximum_weekly=amount("uc_maximum_amount_monthly") * UC_MONTHLY_TO_WEEKLY,
        uc_award_weekly=amount("uc_award_monthly") * UC_MONTHLY_TO_WEEKLY,
        uc_earned_weekly=amount("uc_earned_income_monthly") * UC_MONTHLY_TO_WEEKLY,
        uc_unearned_weekly=amount("uc_unearned_income_monthly") * UC_MONTHLY_TO_WEEKLY,
        uc_elements_weekly=uc_elements,
        disability_benefit=on_disability_benefit,
        uc_limited_capability_element=uc_element_received(table, "lcw_element", "lcwra_element"),
        uc_disabled_child_element=uc_element_received(table, "disabled_child_element"),
        uc_carer_element=uc_element_received(table, "carer_element"),
        additional_disregard_eligible=additional_eligible,
        child_care_weekly=np.where(child_care_eligible, amount("weekly_child_care_charges"), 0.0),
        # The limit by the children the care is paid for (default scheme para 57(3)).
        child_care_two_or_more=column("children_in_child_care")
        .fill_null(column("children"))
        .to_numpy()
        >= 2,
        non_dependant_deductions_waived=waived,
        non_dependants=np.bincount(units.claim_row[units.adult], minlength=size).astype(np.int16),
        second_adults=np.where(couple_both_counted, 0, people["adults_counted"]).astype(np.int16),
        second_adult_gross_weekly_income=people["second_adults_income"],
        second_adults_passported=people["second_adults_passported"].astype(np.int16),
        second_adults_uc_no_earnings=people["second_adults_uc_no_earnings"].astype(np.int16),
        students_but_for_second_adults=students_but_for_second_adults,
        lone_parent=lone_parent,
        effective_ninths=ninths.astype(np.float64),
        ninths_code=ninths.astype(np.int8),
        discount=discount,
        discount_code=discount_code,
        household_type=kind.astype(np.int8),
        personal_allowance_code=personal_allowance_codes(
            pensioner, has_partner, children, claimant_age, esa_component > NO_COMPONENT
        ),
        disregard_code=disregard_codes(pensioner, has_partner, lone_parent, disabled_or_carer),
        non_dependant_units=units,
    )


def uc_elements_weekly(table: pl.DataFrame) -> NDArray[np.float64]:
    """The UC elements DWP reports, × 12 ÷ 52, one column per `UC_ELEMENTS` entry. The array
    starts as zeros, one column after another in memory, and only the columns a caseload fills
    are written: the operating system maps no memory for a column never written."""
    elements = np.zeros((table.height, len(UC_ELEMENTS)), order="F")
    for index, element in enumerate(UC_ELEMENTS):
        values = table.get_column(f"uc_{element}_monthly").to_numpy()
        if values.any():
            elements[:, index] = values * UC_MONTHLY_TO_WEEKLY
    return elements


def uc_element_received(table: pl.DataFrame, *elements: str) -> NDArray[np.bool_]:
    """Claims whose UC award includes any of `elements`."""
    received = np.zeros(table.height, dtype=bool)
    for element in elements:
        received |= table.get_column(f"uc_{element}_monthly").to_numpy() > 0
    return received


def severe_disability_premiums(
    *,
    claimant_qualifies: NDArray[np.bool_],
    partner_qualifies: NDArray[np.bool_],
    partner_blind: NDArray[np.bool_],
    has_partner: NDArray[np.bool_],
    adults_living_with: NDArray[np.float64],
    claimant_has_paid_carer: NDArray[np.bool_],
    partner_has_paid_carer: NDArray[np.bool_],
) -> NDArray[np.int8]:
    """How many severe disability premiums are due (0, 1 the single rate, 2 the double rate).

    SI 2012/2885 Sch. 2 para 6(2): the claimant gets a qualifying benefit, no non-dependant aged 18
    or over lives with them (those on a qualifying benefit, or blind, aside), and nobody is paid
    Carer's Allowance (or the UC carer element) for caring for them. A couple needs both to qualify:
    the double rate when nobody is paid to care for either, the single rate when for one only. A
    partner who does not qualify but is blind is treated as no partner (para 6(3))."""
    alone = claimant_qualifies & (adults_living_with == 0)
    paid = claimant_has_paid_carer.astype(np.int8) + partner_has_paid_carer.astype(np.int8)
    as_single = ~has_partner | (partner_blind & ~partner_qualifies)
    single = alone & as_single & ~claimant_has_paid_carer
    couple = alone & has_partner & partner_qualifies
    result = np.where(single, 1, np.where(couple, np.maximum(2 - paid, 0), 0))
    return result.astype(np.int8)


def child_care_applies(
    has_partner: NDArray[np.bool_],
    claimant_hours: NDArray[np.float64],
    partner_hours: NDArray[np.float64],
    claimant_incapacitated: NDArray[np.bool_],
    partner_incapacitated: NDArray[np.bool_],
    on_esa: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    """Whether child care charges may be disregarded from earnings: a lone parent working 16 hours
    or more; a couple both working 16 hours or more, or one working and the other incapacitated
    (SI 2012/2885 Sch. 1 para 25(1), (10); default scheme alike). The household's ESA component
    (limited capability for work) makes the member who does not work incapacitated."""
    claimant_works = claimant_hours >= HOURS_FOR_CHILD_CARE
    partner_works = partner_hours >= HOURS_FOR_CHILD_CARE
    partner_out = partner_incapacitated | (on_esa & ~partner_works)
    claimant_out = claimant_incapacitated | (on_esa & ~claimant_works)
    couple = (claimant_works & (partner_works | partner_out)) | (partner_works & claimant_out)
    return np.where(has_partner, couple, claimant_works)


def _people(non_dependants: pl.DataFrame, size: int) -> dict[str, NDArray[np.float64]]:
    """Per claim: its non-dependants aged 18 or over who count for a discount (the only ones who
    can be second adults, SI 2012/2885 Sch. 1 para 4(3)(a)), how many of those are on a passporting
    benefit, the others' gross income together (Sch. 3 para 1 Table (b) disregards the income of
    those on IS, income-related ESA, pension credit or income-based JSA), and how many adults are
    not exempt from the severe disability premium's condition, and how many are neither students
    nor second adults (any breaks Table (c)). Disability benefits are left out of the income
    (Sch. 3 para 2(a))."""
    adult = non_dependants.get_column("age").fill_null(18).to_numpy() >= 18
    rows = non_dependants.get_column("claim_row").to_numpy()
    student = non_dependants.get_column("student").to_numpy()
    disregarded = student | non_dependants.get_column("disregarded_for_discount").to_numpy()
    counted = adult & ~disregarded
    income = non_dependants.select(COUNTED_GROSS_INCOME).to_series().to_numpy()
    benefit = non_dependants.get_column("benefit")
    passported = benefit.is_in(list(PASSPORTING_BENEFITS)).to_numpy()
    uc_no_earnings = (benefit == "universal_credit_no_earnings").to_numpy()
    exempt = (
        non_dependants.get_column("disability_benefit")
        .is_in(list(SEVERE_DISABILITY_BENEFITS))
        .to_numpy()
        | non_dependants.get_column("blind").to_numpy()
    )

    def per_claim(weights: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.bincount(rows, weights=weights, minlength=size).astype(np.float64)

    return {
        "adults_counted": per_claim(counted.astype(float)),
        "second_adults_income": per_claim(np.where(counted & ~passported, income, 0.0)),
        "second_adults_passported": per_claim((counted & passported).astype(float)),
        "second_adults_uc_no_earnings": per_claim((counted & uc_no_earnings).astype(float)),
        "others_neither_student_nor_counted": per_claim((~student & ~counted).astype(float)),
        "adults_not_exempt_for_severe_disability": per_claim((adult & ~exempt).astype(float)),
    }


def _units(non_dependants: pl.DataFrame) -> NonDependantUnits:
    """Non-dependants as deduction units: a couple (two rows of one claim sharing a `couple`
    label) is one unit on their joint income, in work if either works 16 hours or more. Income is
    gross income less disability benefits (Sch. 1 para 8(9)(a)); one who gives no hours is taken
    to work when that income is above nil."""
    bits = pl.col("benefit").replace_strict(
        {name: EXEMPTION_BIT.get(name, 0) for name in NON_DEPENDANT_BENEFITS},
        return_dtype=pl.Int64,
    ) + (
        pl.when(pl.col("student")).then(EXEMPTION_BIT["student"]).otherwise(0)
        + pl.when(pl.col("disregarded_for_discount"))
        .then(EXEMPTION_BIT["disregarded_for_discount"])
        .otherwise(0)
        + pl.when(pl.col("age").fill_null(18) < 18).then(UNDER_18_BIT).otherwise(0)
        + pl.when(pl.col("benefit").str.starts_with("universal_credit"))
        .then(EXEMPTION_BIT["universal_credit"])
        .otherwise(0)
        + pl.when((pl.col("benefit") == "universal_credit_no_earnings") & (pl.col("age") < 25))
        .then(EXEMPTION_BIT["universal_credit_no_earnings_under_25"])
        .otherwise(0)
    )
    people = non_dependants.with_row_index("person").select(
        "claim_row",
        pl.coalesce(pl.col("couple"), pl.format("#{}", pl.col("person"))).alias("unit"),
        pl.col("person"),
        COUNTED_GROSS_INCOME.alias("gross_weekly_income"),
        pl.col("works_16_hours_or_more").fill_null(COUNTED_GROSS_INCOME > 0).alias("works"),
        (pl.col("age").fill_null(18) >= 18).alias("adult"),
        bits.alias("bits"),
    )
    units = (
        people.group_by("claim_row", "unit")
        .agg(
            pl.col("person").min(),
            pl.col("gross_weekly_income").sum(),
            pl.col("works").any(),
            pl.col("adult").any(),
            pl.col("bits").first().alias("first"),
            pl.col("bits").last().alias("second"),
            pl.col("gross_weekly_income").first().alias("income_first"),
            pl.col("works").first().alias("works_first"),
            pl.col("works").last().alias("works_second"),
            (pl.len() > 1).alias("couple"),
        )
        .sort("person")
    )
    return NonDependantUnits(
        claim_row=units.get_column("claim_row").to_numpy().astype(np.intp),
        gross_weekly_income=units.get_column("gross_weekly_income").to_numpy().astype(float),
        in_work=units.get_column("works").to_numpy().astype(bool),
        adult=units.get_column("adult").to_numpy().astype(bool),
        exempt_bits_first=units.get_column("first").to_numpy().astype(np.int64),
        exempt_bits_second=units.get_column("second").to_numpy().astype(np.int64),
        income_first=units.get_column("income_first").to_numpy().astype(float),
        in_work_first=units.get_column("works_first").to_numpy().astype(bool),
        in_work_second=units.get_column("works_second").to_numpy().astype(bool),
        couple=units.get_column("couple").to_numpy().astype(bool),
    )
