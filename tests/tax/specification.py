"""The executable specification of Council Tax Support: every rule once, the plain way.

DESIGN.md §4: the fast engine (`townhall.tax.rules.evaluate`) works per kind of claim, in blocks
and in place, which is hard to read as law. This module states the same rules as whole-array numpy,
one small function per rule, with no caching and no blocks. It is the oracle the tests compare
`evaluate` with on random caseloads, to the penny, and the benchmark's same-run reference.

The rules are those of `/work/research/ENGINE-SPEC.md` (issue 13). Paragraph references: "PR" is
the Council Tax Reduction Schemes (Prescribed Requirements) (England) Regulations 2012, SI 2012/2885
(pensioners); "DS" is the Default Scheme Regulations, SI 2012/2886 (working age, the Schedule's
paragraphs, with its internal Schedules 3, 7 and 8). Where the specification leaves a detail open the
choice made here is written beside it, with its source. Money is in pounds; weekly figures follow
the regulations' convention (weekly = yearly ÷ 365 × 7) and monthly Universal Credit figures become
weekly × 12 ÷ 52 (DS para 28(3), para 37).

Entry point: `awards_yearly(scheme, claims, non_dependants)`, with `claims` the validated caseload
table (`Caseload.table`, every column present, defaults filled) and `non_dependants` one row per
non-dependant (see `NON_DEPENDANT_COLUMNS`; `legacy_non_dependants` turns the old count columns into
rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from townhall.tax.bands import BAND_NINTHS, BANDS, DISABLED_BAND_A_NINTHS
from townhall.tax.rules.scheme import GRID_HOUSEHOLDS, UC_ELEMENTS, IncomeGrid, MeansTest, Scheme

Floats = NDArray[np.float64]
Flags = NDArray[np.bool_]

WEEKS_PER_YEAR = 365.0 / 7.0  # weekly = yearly ÷ 365 × 7 (PR Sch. 1 para 7(1): a day's share × 7)
MONTHLY_TO_WEEKLY = 12.0 / 52.0  # DS para 28(3): "multiply ... by 12 and divide the product by 52"

# PR Sch. 2 para 6(2)(a)(i) / DS internal Sch. 3 (SDP): the benefits that qualify for the severe
# disability premium (Cheshire West and Chester CTR scheme 2026/27, pensioner Sch. 2 para 7.2).
SDP_QUALIFYING = frozenset(
    {
        "attendance_allowance",
        "dla_care_middle",
        "dla_care_highest",
        "pip_daily_living_standard",
        "pip_daily_living_enhanced",
        "afip",
    }
)
# PR Sch. 1 para 8(4)(b) / DS para 30: no non-dependant deduction when the claimant or partner gets
# AA, the DLA care component at any rate, PIP daily living or AFIP (or is blind).
NO_DEDUCTION_BENEFITS = SDP_QUALIFYING | {"dla_care_lowest"}
# The spec's adult enhanced disability premium: DLA care highest, PIP daily living enhanced (or
# the ESA support component). The regulations' list also has AFIP (HB Regs 2006 Sch. 3 para 15,
# which DS internal Sch. 3 copies); the spec leaves it out, so it is left out here too.
EDP_BENEFITS = frozenset({"dla_care_highest", "pip_daily_living_enhanced"})
# The spec's second adult rebate passport: every second adult on IS/JSA(IB)/ESA(IR) or pension credit.
SECOND_ADULT_PASSPORTING = frozenset({"income_support_jsa_esa", "pension_credit"})
# With no `non_dependant_exemptions` in the scheme: the regulations' own list (PR Sch. 1 para
# 8(5)(c) full-time students, 8(8)(a) IS/SPC/JSA(IB)/ESA(IR), 8(8)(b) persons disregarded for
# discount (students aside), 8(8)(c) UC without earned income; Cheshire West and Chester 2026/27
# paras 12.5 and 12.8). It must hold income_support_jsa_esa at
# least, so the legacy `non_dependants_passported` flag still gives no deduction.
REGULATION_EXEMPTIONS = (
    "pension_credit",
    "income_support_jsa_esa",
    "universal_credit_no_earnings",
    "student",
    "disregarded_for_discount",
)
# Statuses that are flags of the non-dependant, or a benefit with an age, rather than a benefit.
FLAG_EXEMPTIONS = (
    "student",
    "disregarded_for_discount",
    "universal_credit_no_earnings_under_25",
    "universal_credit",
)

NON_DEPENDANT_COLUMNS: dict[str, Any] = {
    "claim_id": pl.String,
    "age": pl.Int64,
    "gross_weekly_income": pl.Float64,
    "weekly_disability_benefits": pl.Float64,
    "works_16_hours_or_more": pl.Boolean,
    "benefit": pl.String,
    "student": pl.Boolean,
    "disregarded_for_discount": pl.Boolean,
    "disability_benefit": pl.String,
    "blind": pl.Boolean,
    "couple": pl.String,
}
NON_DEPENDANT_DEFAULTS: dict[str, Any] = {
    "age": None,
    "gross_weekly_income": 0.0,
    "weekly_disability_benefits": 0.0,
    "works_16_hours_or_more": None,  # empty: works when income besides AA/DLA/PIP/AFIP > 0
    "benefit": "none",
    "student": False,
    "disregarded_for_discount": False,
    "disability_benefit": "none",
    "blind": False,
    "couple": None,
}


def round_pence(amount: Any) -> Floats:
    """To the nearest penny, halves up (the epsilon absorbs binary float error)."""
    return np.floor(np.asarray(amount, dtype=np.float64) * 100.0 + 0.5 + 1e-7) / 100.0


# ---------------------------------------------------------------------------------------------
# Reading the tables and the scheme


def non_dependant_table(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Non-dependant rows as a typed table, missing columns given their defaults."""
    filled = [{**NON_DEPENDANT_DEFAULTS, **row} for row in rows]
    return pl.DataFrame(filled, schema=NON_DEPENDANT_COLUMNS, strict=False)


def legacy_non_dependants(claims: pl.DataFrame) -> pl.DataFrame:
    """The legacy claim columns as rows (spec: "Non-dependants"): `non_dependants` rows each with
    `non_dependant_gross_weekly_income`, working when that income is above 0, on
    income_support_jsa_esa when `non_dependants_passported`."""
    rows: list[dict[str, Any]] = []
    if "non_dependants" not in claims.columns:
        return non_dependant_table(rows)
    for claim in claims.iter_rows(named=True):
        count = int(claim.get("non_dependants") or 0)
        income = float(claim.get("non_dependant_gross_weekly_income") or 0.0)
        passported = bool(claim.get("non_dependants_passported"))
        rows.extend(
            {
                "claim_id": str(claim["claim_id"]),
                "gross_weekly_income": income,
                "works_16_hours_or_more": income > 0,
                "benefit": "income_support_jsa_esa" if passported else "none",
            }
            for _ in range(count)
        )
    return non_dependant_table(rows)


def figure(holder: Any, name: str) -> Any:
    """A scheme figure's value, or None where the scheme does not state it."""
    if holder is None:
        return None
    item = getattr(holder, name, None)
    return getattr(item, "value", item)


def amount(holder: Any, name: str) -> float:
    """A weekly amount; one the scheme does not state is not applied (0)."""
    value = figure(holder, name)
    return 0.0 if value is None else float(value)


def amount_or(holder: Any, name: str, fallback: str) -> float:
    """A figure, or another figure of the same table where the scheme does not state it."""
    value = figure(holder, name)
    return float(figure(holder, fallback) if value is None else value)


def scheme_first_year(scheme: Scheme) -> int:
    """The calendar year in which the scheme year starts (1 April): 2026 for "2026/27"."""
    return int(scheme.year[:4])


@dataclass(frozen=True)
class Claims:
    """The claim columns the rules read, as numpy arrays."""

    table: pl.DataFrame

    def values(self, name: str) -> NDArray[Any]:
        return self.table.get_column(name).to_numpy()

    def number(self, name: str) -> Floats:
        return self.table.get_column(name).fill_null(0).cast(pl.Float64).to_numpy()

    def flag(self, name: str) -> Flags:
        return self.table.get_column(name).fill_null(False).cast(pl.Boolean).to_numpy()

    def text(self, name: str) -> NDArray[Any]:
        return self.table.get_column(name).fill_null("none").cast(pl.String).to_numpy()

    def isin(self, name: str, values: frozenset[str] | set[str]) -> Flags:
        return np.isin(self.text(name), sorted(values))

    def __len__(self) -> int:
        return self.table.height


@dataclass(frozen=True)
class NonDependants:
    """The non-dependant rows, each with the position of its claim."""

    claim: NDArray[np.int64]
    age: Floats
    age_given: Flags
    adult: Flags
    income: Floats
    works: Flags
    benefit: NDArray[Any]
    student: Flags
    disregarded: Flags
    disability_benefit: NDArray[Any]
    blind: Flags
    couple: NDArray[Any]

    @classmethod
    def of(cls, claims: Claims, table: pl.DataFrame) -> NonDependants:
        table = non_dependant_table(table.to_dicts()) if table.height else non_dependant_table([])
        position = {str(c): i for i, c in enumerate(claims.values("claim_id"))}
        # Gross income less Attendance Allowance, DLA, PIP and AFIP, which neither the deduction's
        # income bands (PR Sch. 1 para 8(9)(a)) nor the second adult rebate (Sch. 3 para 2(a))
        # count.
        income = (
            table.get_column("gross_weekly_income").fill_null(0.0).to_numpy()
            - table.get_column("weekly_disability_benefits").fill_null(0.0).to_numpy()
        )
        works = table.get_column("works_16_hours_or_more").to_numpy()
        works = np.where(is_empty(table, "works_16_hours_or_more"), income > 0, works)
        age = table.get_column("age").fill_null(18).cast(pl.Float64).to_numpy()
        return cls(
            claim=np.array(
                [position[str(c)] for c in table.get_column("claim_id")], dtype=np.int64
            ),
            age=age,
            age_given=table.get_column("age").is_not_null().to_numpy(),
            adult=age >= 18,  # an empty age is an adult (spec: "empty = adult 18+")
            income=income.astype(np.float64),
            works=works.astype(bool),
            benefit=table.get_column("benefit").fill_null("none").to_numpy(),
            student=table.get_column("student").fill_null(False).to_numpy().astype(bool),
            disregarded=table.get_column("disregarded_for_discount")
            .fill_null(False)
            .to_numpy()
            .astype(bool),
            disability_benefit=table.get_column("disability_benefit").fill_null("none").to_numpy(),
            blind=table.get_column("blind").fill_null(False).to_numpy().astype(bool),
            couple=table.get_column("couple").to_numpy(),
        )

    def per_claim(self, values: NDArray[Any], size: int) -> Floats:
        """The sum of `values` over each claim's non-dependants."""
        return np.bincount(self.claim, weights=np.asarray(values, dtype=np.float64), minlength=size)


def is_empty(table: pl.DataFrame, name: str) -> Flags:
    """Where a column is empty."""
    return table.get_column(name).is_null().to_numpy()


# ---------------------------------------------------------------------------------------------
# Who the household is


def has_partner(claims: Claims) -> Flags:
    return ~claims.table.get_column("partner_age").is_null().to_numpy()


def is_pensioner(claims: Claims) -> Flags:
    """Pension credit age and not on UC: a claim on UC is working age (PR reg 3(1)(b)(ii)(bb))."""
    return claims.flag("pensioner") & ~claims.flag("universal_credit")


def elder_age(claims: Claims) -> Floats:
    return np.maximum(claims.number("claimant_age"), claims.number("partner_age"))


def is_lone_parent(claims: Claims) -> Flags:
    return ~has_partner(claims) & (claims.number("children") > 0)


def partner_text(claims: Claims, name: str) -> NDArray[Any]:
    """A partner column, "none" where there is no partner."""
    return np.where(has_partner(claims), claims.text(name), "none")


def partner_flag(claims: Claims, name: str) -> Flags:
    return has_partner(claims) & claims.flag(name)


def count_or_legacy(claims: Claims, name: str, legacy: str) -> Floats:
    """A count column; empty: 1 where the legacy true/false column is true, else 0 (spec:
    `carers` = `carer`, `disabled_children` = `disabled_child_premium` ? 1 : 0)."""
    column = claims.table.get_column(name)
    old = claims.flag(legacy) if legacy in claims.table.columns else np.zeros(len(claims), bool)
    return np.where(column.is_null().to_numpy(), old.astype(np.float64), claims.number(name))


def carers(claims: Claims) -> Floats:
    return count_or_legacy(claims, "carers", "carer")


def disabled_children(claims: Claims) -> Floats:
    return count_or_legacy(claims, "disabled_children", "disabled_child_premium")


def rules_pick(scheme: Scheme, claims: Claims, read: Any) -> Floats:
    """A figure per claim: the pensioner scheme's for pensioners, the working-age one's otherwise."""
    return np.where(is_pensioner(claims), read(scheme.pensioner), read(scheme.working_age))


# ---------------------------------------------------------------------------------------------
# Rule 1: liability and discounts (LGFA 1992 s.11(1),(2))


def effective_ninths(claims: Claims) -> Floats:
    """The band's ninths of Band D, one band lower with the disabled band reduction (A: 5/9)."""
    band = np.array([BANDS.index(b) for b in claims.values("band")], dtype=np.int64)
    ninths = np.array([BAND_NINTHS[b] for b in BANDS], dtype=np.float64)
    lowered = np.where(band == 0, float(DISABLED_BAND_A_NINTHS), ninths[np.maximum(band - 1, 0)])
    return np.where(claims.flag("disabled_band_reduction"), lowered, ninths[band])


def disregarded(claims: Claims, who: str) -> Flags:
    """The claimant or partner (`who`) is disregarded for discounts: flagged so, or a student
    (LGFA 1992 Sch. 1 para 4)."""
    return claims.flag(f"{who}_disregarded_for_discount") | claims.flag(f"{who}_student")


def adults_not_disregarded(claims: Claims, people: NonDependants) -> Floats:
    """Residents aged 18+ who count for discounts: claimant, partner, adult non-dependants, less
    those disregarded (the flags; students are disregarded, LGFA 1992 Sch. 1 para 4)."""
    claimant = ~disregarded(claims, "claimant")
    partner = has_partner(claims) & ~disregarded(claims, "partner")
    counted = people.adult & ~people.disregarded & ~people.student
    return claimant.astype(np.float64) + partner + people.per_claim(counted, len(claims))


def discount(claims: Claims, people: NonDependants) -> Floats:
    """25% when exactly one adult is not disregarded; 50% when none is (s.11(1),(2))."""
    adults = adults_not_disregarded(claims, people)
    return np.where(adults == 0, 0.5, np.where(adults == 1, 0.25, 0.0))


def charge_yearly(scheme: Scheme, ninths: Floats) -> Floats:
    """The band's charge to the penny, in the engine's order (Band D ÷ 9 × ninths)."""
    return round_pence(scheme.council.band_d_total_yearly() / 9.0 * ninths)


def liability_yearly(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """The bill: the charge, then less the discount, each rounded to the penny."""
    return round_pence(
        charge_yearly(scheme, effective_ninths(claims)) * (1.0 - discount(claims, people))
    )


# ---------------------------------------------------------------------------------------------
# Rule 2: the applicable amount


def working_age_personal_allowance(scheme: Scheme, claims: Claims) -> Floats:
    """DS internal Sch. 3 para 1: couple; lone parent; single under 25 (not on main phase ESA,
    para 1(1)(b): an ESA group given); single 25 or over or on main phase ESA."""
    a = scheme.working_age.applicable_amounts
    single = a.single_weekly.value
    main_phase_esa = claims.text("esa_component") != "none"
    return np.where(
        has_partner(claims),
        a.couple_weekly.value,
        np.where(
            is_lone_parent(claims),
            amount_or(a, "lone_parent_weekly", "single_weekly"),
            np.where(
                (claims.number("claimant_age") < 25) & ~main_phase_esa,
                amount_or(a, "single_under_25_weekly", "single_weekly"),
                single,
            ),
        ),
    )


def reached_pension_age_before_april_2021(scheme: Scheme, claims: Claims) -> Flags:
    """As given; empty: the elder of claimant and partner was aged at least Y − 1955 on 1 April Y
    of the scheme year (born before 1 April 1955), as the spec works it out."""
    given = claims.table.get_column("reached_pension_age_before_april_2021")
    worked_out = elder_age(claims) >= scheme_first_year(scheme) - 1955
    return np.where(given.is_null().to_numpy(), worked_out, given.fill_null(False).to_numpy())


def pensioner_personal_allowance(scheme: Scheme, claims: Claims) -> Floats:
    """PR Sch. 2 para 1, by the scheme's year.

    - to 2018/19: 65 or over (the elder of a couple: "one or both members aged 65 or over") vs
      under 65 (SI 2012/2885 as made; SI 2017/1305 reg 12(a) Table 1 "prior to 6th December 2018").
      A 2018/19 scheme starts on 1 April 2018, before the 6 December change, so it keeps the split;
    - 2019/20 and 2020/21: one rate (SI 2017/1305 reg 12(a) Table 2);
    - from 2021/22: reached pension age before 1 April 2021 (a couple: one or both) vs on or after
      (a couple: both) (SI 2021/29 reg 7(2); Cheshire West and Chester 2026/27, Sch. 2 paras
      3.1-3.5: £256.00 / £383.35 before, £238.00 / £363.25 on or after).
    A rate the scheme does not state falls back to the higher (65 or over, before 2021) rate."""
    a = scheme.pensioner.applicable_amounts
    partner = has_partner(claims)
    single, couple = a.single_weekly.value, a.couple_weekly.value
    year = scheme_first_year(scheme)
    if year <= 2018:
        older = elder_age(claims) >= 65
        return np.where(
            partner,
            np.where(older, couple, amount_or(a, "couple_under_65_weekly", "couple_weekly")),
            np.where(older, single, amount_or(a, "single_under_65_weekly", "single_weekly")),
        )
    if year <= 2020:
        return np.where(partner, couple, single)
    before = reached_pension_age_before_april_2021(scheme, claims)
    return np.where(
        partner,
        np.where(
            before,
            couple,
            amount_or(a, "couple_pension_age_from_april_2021_weekly", "couple_weekly"),
        ),
        np.where(
            before,
            single,
            amount_or(a, "single_pension_age_from_april_2021_weekly", "single_weekly"),
        ),
    )


def personal_allowance(scheme: Scheme, claims: Claims) -> Floats:
    return np.where(
        is_pensioner(claims),
        pensioner_personal_allowance(scheme, claims),
        working_age_personal_allowance(scheme, claims),
    )


def esa_component(claims: Claims) -> NDArray[Any]:
    """The ESA component of a working-age claim ("none" for pensioners)."""
    return np.where(is_pensioner(claims), "none", claims.text("esa_component"))


def disability_premium_applies(claims: Claims) -> Flags:
    """Working age, the flag, and no ESA component: an ESA claimant gets the work-related activity
    or support component instead (DS internal Sch. 3 para 9; HB Regs 2006 Sch. 3 para 12(1))."""
    return (
        ~is_pensioner(claims)
        & claims.flag("disability_premium")
        & (esa_component(claims) == "none")
    )


def disability_premium(scheme: Scheme, claims: Claims) -> Floats:
    def rate(rules: MeansTest) -> Floats:
        a = rules.applicable_amounts
        return np.where(
            has_partner(claims),
            a.disability_premium_couple_weekly.value,
            a.disability_premium_single_weekly.value,
        )

    return np.where(disability_premium_applies(claims), rate(scheme.working_age), 0.0)


def non_dependants_blocking_sdp(claims: Claims, people: NonDependants) -> Floats:
    """Non-dependants aged 18+ who stop the SDP: all but those who themselves get a qualifying
    benefit or are blind (PR Sch. 2 para 6(4); Cheshire West and Chester 2026/27 para 7.4)."""
    exempt = np.isin(people.disability_benefit, sorted(SDP_QUALIFYING)) | people.blind
    return people.per_claim(people.adult & ~exempt, len(claims))


def severe_disability_premiums(claims: Claims, people: NonDependants) -> Floats:
    """How many single rates of SDP (0, 1 or 2: the double rate is twice the single).

    PR Sch. 2 para 6(2) (Cheshire West and Chester 2026/27, pensioner Sch. 2 paras 7.2-7.3; DS
    internal Sch. 3 the same for working age, Table para 17(2)): single (or a partner who does not
    qualify but is blind, treated as no partner, para 6(3)): a qualifying benefit, no non-dependant
    18+, nobody paid to care for the claimant → single rate. Couple, both qualifying, no
    non-dependant 18+: double rate if nobody is paid to care for either, single if for one only,
    none if for both (para 6(2)(b)(iii) and the Table's (2)(b)(i)/(ii))."""
    partner = has_partner(claims)
    claimant_qualifies = claims.isin("claimant_disability_benefit", SDP_QUALIFYING)
    partner_qualifies = partner & np.isin(
        partner_text(claims, "partner_disability_benefit"), sorted(SDP_QUALIFYING)
    )
    treated_single = ~partner | (~partner_qualifies & partner_flag(claims, "partner_blind"))
    alone = non_dependants_blocking_sdp(claims, people) == 0
    claimant_cared = claims.flag("claimant_has_paid_carer")
    partner_cared = partner_flag(claims, "partner_has_paid_carer")
    single_rate = treated_single & claimant_qualifies & alone & ~claimant_cared
    couple_rates = (
        partner & partner_qualifies & claimant_qualifies & alone & ~(claimant_cared & partner_cared)
    ) * (2.0 - claimant_cared - partner_cared)
    return np.where(single_rate, 1.0, np.where(treated_single, 0.0, couple_rates))


def severe_disability_premium(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    rate = rules_pick(
        scheme, claims, lambda r: amount(r.applicable_amounts, "severe_disability_premium_weekly")
    )
    return severe_disability_premiums(claims, people) * rate


def adult_enhanced_disability_premium_applies(claims: Claims) -> Flags:
    """Working age; claimant or partner on DLA care highest / PIP daily living enhanced, or the
    ESA support component (DS internal Sch. 3, EDP; HB Regs 2006 Sch. 3 para 15)."""
    on_benefit = claims.isin("claimant_disability_benefit", EDP_BENEFITS) | np.isin(
        partner_text(claims, "partner_disability_benefit"), sorted(EDP_BENEFITS)
    )
    return ~is_pensioner(claims) & (on_benefit | (esa_component(claims) == "support"))


def enhanced_disability_premium(scheme: Scheme, claims: Claims) -> Floats:
    """The adult EDP at the couple rate with a partner (DS internal Sch. 3 para 17 Table (5)(b),(c)),
    plus one child EDP per child on DLA care highest / PIP DL enhanced (Table (5)(a))."""
    a = scheme.working_age.applicable_amounts
    adult = np.where(
        has_partner(claims),
        amount(a, "enhanced_disability_premium_couple_weekly"),
        amount(a, "enhanced_disability_premium_single_weekly"),
    )
    child = rules_pick(
        scheme,
        claims,
        lambda r: amount(r.applicable_amounts, "enhanced_disability_premium_child_weekly"),
    )
    return np.where(adult_enhanced_disability_premium_applies(claims), adult, 0.0) + child * (
        claims.number("enhanced_disability_children")
    )


def esa_component_amount(scheme: Scheme, claims: Claims) -> Floats:
    """DS internal Sch. 3 paras 23-24: the work-related activity or support component."""
    a = scheme.working_age.applicable_amounts
    component = esa_component(claims)
    # A scheme may give the work-related activity component only to claims made before April 2017.
    too_late = (
        scheme.working_age.work_related_activity_component_before_april_2017.value
        & claims.flag("esa_claim_from_april_2017")
    )
    return np.where(
        component == "work_related_activity",
        np.where(too_late, 0.0, amount(a, "work_related_activity_component_weekly")),
        np.where(component == "support", amount(a, "support_component_weekly"), 0.0),
    )


# PR Sch. 2 para 3 as amended by SI 2015/2041 reg. 2(4)(b): nil for a reduction week beginning after
# 1 May 2016. A scheme year is taken whole from 1 April, so the first year without it is 2016/17.
FAMILY_PREMIUM_CLOSED_FROM = 2016


def family_premium_due(scheme: Scheme, claims: Claims) -> Flags:
    """Whether a family with a child gets the family premium: a pensioner claim from 2016/17 only
    when protected by SI 2015/2041 reg. 3 (a reduction on 30 April 2016 as a family with a child, no
    new application since: `family_premium_protected`); a working-age claim unless the scheme
    restricts it to protected claims."""
    protected = claims.flag("family_premium_protected")
    pensioner_closed = scheme_first_year(scheme) >= FAMILY_PREMIUM_CLOSED_FROM
    working_closed = scheme.working_age.applicable_amounts.family_premium_protected_only.value
    closed = np.where(is_pensioner(claims), pensioner_closed, working_closed)
    return ~closed | protected


def children_amounts(scheme: Scheme, claims: Claims) -> Floats:
    """Each child's allowance, the family premium, one disabled child premium per disabled child."""
    children = claims.number("children")
    # Under a two-child limit, the children the caseload says get an allowance (empty: all).
    allowed = (
        claims.table.get_column("children_in_child_allowance")
        .fill_null(claims.table.get_column("children"))
        .cast(pl.Float64)
        .to_numpy()
    )
    limited = rules_pick(scheme, claims, lambda r: float(r.two_child_limit.value)) > 0
    counted = np.where(limited, allowed, children)
    return (
        counted * rules_pick(scheme, claims, lambda r: r.applicable_amounts.child_weekly.value)
        + np.where(
            (children > 0) & family_premium_due(scheme, claims),
            rules_pick(scheme, claims, lambda r: r.applicable_amounts.family_premium_weekly.value),
            0.0,
        )
        + disabled_children(claims)
        * rules_pick(
            scheme, claims, lambda r: r.applicable_amounts.disabled_child_premium_weekly.value
        )
    )


def carer_premiums(scheme: Scheme, claims: Claims) -> Floats:
    """One carer premium for each of claimant and partner who is a carer (`carers`, 0-2)."""
    return carers(claims) * rules_pick(
        scheme, claims, lambda r: r.applicable_amounts.carer_premium_weekly.value
    )


def scheme_applicable_amount(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """Personal allowance plus premiums, by the scheme's figures."""
    return (
        personal_allowance(scheme, claims)
        + children_amounts(scheme, claims)
        + disability_premium(scheme, claims)
        + severe_disability_premium(scheme, claims, people)
        + enhanced_disability_premium(scheme, claims)
        + carer_premiums(scheme, claims)
        + esa_component_amount(scheme, claims)
    )


@dataclass(frozen=True)
class UniversalCreditTreatment:
    """How a working-age scheme treats UC claims. Absent: the default scheme's (DS para 28, 37):
    applicable amount = UC maximum, income = award + earned + unearned, no earnings disregards,
    no tariff income, not passported."""

    applicable_amount: str = "uc_maximum"
    income: tuple[str, ...] = ("award", "earned", "unearned")
    earnings_disregards: bool = False
    tariff_income: bool = False
    passported: str = "none"
    disregarded_elements: tuple[str, ...] = ()
    earned_income_above_weekly: float = 0.0
    earned_income_share: float = 1.0

    @classmethod
    def of(cls, scheme: Scheme) -> UniversalCreditTreatment:
        table = getattr(scheme.working_age, "universal_credit", None)
        if table is None:
            return cls()
        default = cls()

        def read(name: str) -> Any:
            value = figure(table, name)
            return getattr(default, name) if value is None else value

        return cls(
            applicable_amount=str(read("applicable_amount")),
            income=tuple(read("income")),
            earnings_disregards=bool(read("earnings_disregards")),
            tariff_income=bool(read("tariff_income")),
            passported=str(read("passported")),
            disregarded_elements=tuple(read("disregarded_elements")),
            earned_income_above_weekly=float(read("earned_income_above_weekly")),
            earned_income_share=float(read("earned_income_share")),
        )


def on_universal_credit(claims: Claims) -> Flags:
    """UC claims (all working age: see `is_pensioner`)."""
    return claims.flag("universal_credit")


def applicable_amount_weekly(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """Rule 2; a UC claim's applicable amount is the UC maximum × 12 ÷ 52 unless the scheme says
    "scheme" (DS para 28(1),(3)). Not rounded: the spec gives no rounding of the weekly figure."""
    treatment = UniversalCreditTreatment.of(scheme)
    ordinary = scheme_applicable_amount(scheme, claims, people)
    if treatment.applicable_amount != "uc_maximum":
        return ordinary
    uc_maximum = claims.number("uc_maximum_amount_monthly") * MONTHLY_TO_WEEKLY
    return np.where(on_universal_credit(claims), uc_maximum, ordinary)


# ---------------------------------------------------------------------------------------------
# Rule 4: income


def disability_condition(claims: Claims, people: NonDependants) -> Flags:
    """The spec's disability condition for the additional earnings disregard: the disability
    premium (the flag), an ESA component or the SDP applies."""
    return (
        claims.flag("disability_premium")
        | (esa_component(claims) != "none")
        | (severe_disability_premiums(claims, people) > 0)
    )


def disabled_for_earnings_disregard(claims: Claims, people: NonDependants) -> Flags:
    """The £20 disregard's disability condition, which the spec leaves open ("disabled/carer £20"):

    - pensioners: claimant or partner receives AA, DLA, PIP or AFIP (any rate) or is registered
      blind (PR Sch. 4 para 5(1)(a)(ii)-(v), (b); CWaC 2026/27 Sch. 4 para 14.5(1));
    - working age: the applicable amount includes the disability premium, the SDP, or the
      work-related activity or support component (DS internal Sch. 7 para 3(2); Wigan CTR scheme
      2026/27, working-age Sch. para 3(2)); the disability premium's own condition is met by the
      same benefits or blindness (DS internal Sch. 3 para 10(1)(a),(b); CWaC 2026/27 "additional
      condition for the disability premiums"), so the same test serves, with an ESA component;
    - either: the disability premium flag as given."""
    on_benefit = (
        (claims.text("claimant_disability_benefit") != "none")
        | (partner_text(claims, "partner_disability_benefit") != "none")
        | claims.flag("claimant_blind")
        | partner_flag(claims, "partner_blind")
    )
    return disability_condition(claims, people) | on_benefit


def standard_earnings_disregard(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """£25 lone parent; else £20 disabled or carer; else £10 couple, £5 single (by the scheme).
    A lone parent who is also disabled or a carer keeps the £25: the £20 applies "in a case to
    which ... paragraph 4 [lone parent] does not apply" (DS internal Sch. 7 para 3(1); Wigan
    2026/27 working-age Sch. para 3(1)), and PR Sch. 4 para 1 caps the total at £25 for a lone
    parent, £20 otherwise."""

    def by_household(rules: MeansTest) -> Floats:
        d = rules.earnings_disregards
        return np.where(
            is_lone_parent(claims),
            d.lone_parent_weekly.value,
            np.where(
                disabled_for_earnings_disregard(claims, people) | (carers(claims) > 0),
                d.disability_or_carer_weekly.value,
                np.where(has_partner(claims), d.couple_weekly.value, d.single_weekly.value),
            ),
        )

    return rules_pick(scheme, claims, by_household)


def weekly_hours(claims: Claims) -> tuple[Floats, Floats]:
    """Hours of paid work of claimant and partner (0 with no partner)."""
    partner = np.where(has_partner(claims), claims.number("partner_weekly_hours"), 0.0)
    return claims.number("claimant_weekly_hours"), partner


def additional_earnings_disregard(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """The additional disregard when claimant or partner works 30+ hours, or 16+ hours and the
    household has a child or the disability condition (disability premium, ESA component, SDP)
    holds (PR Sch. 4 para 10(2)(b) / DS internal Sch. 7; Cheshire West and Chester 2026/27 Sch. 4
    (b)(i)-(iv), £17.10)."""
    claimant, partner = weekly_hours(claims)
    most = np.maximum(claimant, partner)
    # The 30-hour limb: "is, or any partner of his is, aged at least 25 and is engaged in
    # remunerative work for on average not less than 30 hours" (CWaC 2026/27 Sch. 4 para
    # 14.10(2)(b)(i)); the age, which the spec leaves out, is that of the one who works 30 hours.
    partner_age = claims.number("partner_age")
    works_30 = ((claimant >= 30) & (claims.number("claimant_age") >= 25)) | (
        (partner >= 30) & (partner_age >= 25)
    )
    eligible = works_30 | (
        (most >= 16) & ((claims.number("children") > 0) | disability_condition(claims, people))
    )
    rate = rules_pick(scheme, claims, lambda r: amount(r.earnings_disregards, "additional_weekly"))
    return np.where(eligible, rate, 0.0)


def child_care_deduction(scheme: Scheme, claims: Claims) -> Floats:
    """Relevant child care charges up to £175 (one child) / £300 (two or more) a week (DS para 57,
    PR Sch. 1 para 25; CWaC 2026/27 paras 8.3 and 24.1) when: a lone parent works 16+ hours; a
    couple both work 16+; or one member works 16+ and the other is incapacitated (either way round:
    para 24.1(c) "one member is engaged in remunerative work and the other ... is incapacitated"),
    read as getting a disability benefit or an ESA component (spec), or being blind (the disability
    premium's condition, one of the regulations' tests of incapacity).

    Charges are relevant only for a child under 15, or under 16 if disabled (PR Sch. 1 para
    25(2); "until the first Monday in September following the 15th/16th birthday"), which the
    spec leaves open; the caseload knows only the youngest child, so: the youngest under 15, or a
    disabled child and the youngest under 16."""
    partner = has_partner(claims)
    claimant, partner_hours = weekly_hours(claims)
    esa = esa_component(claims) != "none"
    claimant_incapacitated = (
        (claims.text("claimant_disability_benefit") != "none") | claims.flag("claimant_blind") | esa
    )
    partner_incapacitated = (
        (partner_text(claims, "partner_disability_benefit") != "none")
        | partner_flag(claims, "partner_blind")
        | esa
    )
    couple_eligible = partner & (
        ((claimant >= 16) & (partner_hours >= 16))
        | ((claimant >= 16) & partner_incapacitated)
        | ((partner_hours >= 16) & claimant_incapacitated)
    )
    youngest = claims.table.get_column("youngest_child_age").fill_null(99).to_numpy()
    young_enough = (youngest < 15) | ((disabled_children(claims) > 0) & (youngest < 16))
    eligible = ((is_lone_parent(claims) & (claimant >= 16)) | couple_eligible) & young_enough
    children = claims.number("children")
    # The limit goes by the children the charges are paid for (DS para 57(3); PR Sch. 1 para
    # 24(3)): £175 for one, £300 for two or more; empty `children_in_child_care` is every child.
    paid_for = (
        claims.table.get_column("children_in_child_care")
        .fill_null(claims.table.get_column("children"))
        .cast(pl.Float64)
        .to_numpy()
    )
    limit = np.where(
        paid_for >= 2,
        rules_pick(
            scheme, claims, lambda r: amount(r.earnings_disregards, "child_care_two_or_more_weekly")
        ),
        rules_pick(
            scheme, claims, lambda r: amount(r.earnings_disregards, "child_care_one_child_weekly")
        ),
    )
    charges = np.minimum(claims.number("weekly_child_care_charges"), limit)
    return np.where(eligible & (children > 0), charges, 0.0)


def earned_income_weekly(
    scheme: Scheme, claims: Claims, people: NonDependants, earnings: Floats
) -> Floats:
    """Earnings less the disregard, child care and the additional disregard, never below 0. The
    additional £17.10 applies only where the "net earnings equal or exceed the total" of the other
    disregards, the child care charges and the £17.10 itself (PR Sch. 4 para 10(1); CWaC 2026/27
    Sch. 4 para 14.10(1)); below that the regulations take it from working tax credit, which the
    caseload does not hold."""
    standard = standard_earnings_disregard(scheme, claims, people)
    child_care = child_care_deduction(scheme, claims)
    additional = additional_earnings_disregard(scheme, claims, people)
    additional = np.where(earnings >= standard + child_care + additional, additional, 0.0)
    return np.maximum(earnings - standard - additional - child_care, 0.0)


def unearned_income_weekly(scheme: Scheme, claims: Claims) -> Floats:
    """Other income in full; war pension less its disregard (£10: DS internal Sch. 8 para 20, PR
    Sch. 5; Cheshire West and Chester 2026/27 para 15.1) not below 0; child benefit and maintenance
    only where the scheme counts them; disability benefits (DLA, PIP, AA, AFIP) never (PR Sch. 1
    para 16(1)(j)). A scheme without `income_disregards` disregards no war pension (not stated,
    not applied)."""

    def disregards(rules: MeansTest) -> Any:
        return getattr(rules, "income_disregards", None)

    war_disregard = rules_pick(
        scheme, claims, lambda r: amount(disregards(r), "war_pension_weekly")
    )
    child_benefit_counts = rules_pick(
        scheme, claims, lambda r: bool(figure(disregards(r), "child_benefit_counts"))
    )
    maintenance_counts = rules_pick(
        scheme, claims, lambda r: bool(figure(disregards(r), "child_maintenance_counts"))
    )
    return (
        claims.number("weekly_other_income")
        + np.maximum(claims.number("weekly_war_pension") - war_disregard, 0.0)
        + claims.number("weekly_child_benefit") * child_benefit_counts
        + claims.number("weekly_child_maintenance") * maintenance_counts
    )


def tariff_income_weekly(scheme: Scheme, claims: Claims) -> Floats:
    """£1 a week for each tariff step of capital, or part of one, above the lower limit."""
    lower = rules_pick(scheme, claims, lambda r: r.capital.lower_limit.value)
    step = rules_pick(scheme, claims, lambda r: r.capital.tariff_step.value)
    return np.ceil(np.maximum(claims.number("capital") - lower, 0.0) / step)


def universal_credit_income_weekly(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """A UC claim's income: the components the scheme names, each monthly × 12 ÷ 52 (DS para 37);
    earnings disregards (the whole earnings stage: standard, additional, child care) on the UC
    earned income only when the scheme says so; tariff income only when the scheme says so. The
    claim's other income columns are not read (the authority uses DWP's figures)."""
    treatment = UniversalCreditTreatment.of(scheme)
    earned = claims.number("uc_earned_income_monthly") * MONTHLY_TO_WEEKLY
    if treatment.earnings_disregards:
        earned = earned_income_weekly(scheme, claims, people, earned)
    # The earnings contribution: only the share of earned income above the threshold counts.
    earned = (
        np.maximum(earned - treatment.earned_income_above_weekly, 0.0)
        * treatment.earned_income_share
    )
    income = np.zeros(len(claims))
    if "award" in treatment.income:
        income = income + universal_credit_award_counted_weekly(treatment, claims)
    if "earned" in treatment.income:
        income = income + earned
    if "unearned" in treatment.income:
        income = income + claims.number("uc_unearned_income_monthly") * MONTHLY_TO_WEEKLY
    if treatment.tariff_income:
        income = income + tariff_income_weekly(scheme, claims)
    return income


def universal_credit_award_counted_weekly(
    treatment: UniversalCreditTreatment, claims: Claims
) -> Floats:
    """The UC award × 12 ÷ 52 less the elements the scheme disregards (each × 12 ÷ 52, added in
    the caseload's order of elements); the disregard cannot exceed the award (Dover CTR 2026/27
    para 13.2(a): "the amount of the disregard cannot exceed the level of Universal Credit")."""
    award = claims.number("uc_award_monthly") * MONTHLY_TO_WEEKLY
    if not treatment.disregarded_elements:
        return award
    disregarded = np.zeros(len(claims))
    for element in UC_ELEMENTS:
        if element in treatment.disregarded_elements:
            disregarded = disregarded + claims.number(f"uc_{element}_monthly") * MONTHLY_TO_WEEKLY
    return np.maximum(award - disregarded, 0.0)


def income_weekly(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """Rule 4: what counts as income each week; then, for working-age claims in the groups a
    scheme's disability disregard names, that many pounds less, never below 0 (Ashford CTR
    2026/27 Sch. 3 para 70: £40 where the applicant, partner or a dependant gets DLA, PIP or
    Carer's Allowance)."""
    ordinary = (
        earned_income_weekly(scheme, claims, people, claims.number("weekly_earnings"))
        + unearned_income_weekly(scheme, claims)
        + tariff_income_weekly(scheme, claims)
    )
    income = np.where(
        on_universal_credit(claims),
        universal_credit_income_weekly(scheme, claims, people),
        ordinary,
    )
    disregards = scheme.working_age.income_disregards
    if disregards.disability_weekly is None or disregards.disability_for is None:
        return income
    members = in_groups(set(disregards.disability_for.value), None, claims)
    return np.where(members, np.maximum(income - disregards.disability_weekly.value, 0.0), income)


def passported(scheme: Scheme, claims: Claims) -> Flags:
    """Maximum support without a means test: the passported column, and UC claims the scheme
    passports ("all", or "no_earned_income" when DWP assessed no earned income)."""
    treatment = UniversalCreditTreatment.of(scheme)
    no_earnings = claims.number("uc_earned_income_monthly") == 0
    uc = on_universal_credit(claims) & (
        (treatment.passported == "all")
        | ((treatment.passported == "no_earned_income") & no_earnings)
    )
    return claims.flag("passported") | uc


def excess_income_weekly(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """Income above the applicable amount; none for passported claims."""
    excess = np.maximum(
        income_weekly(scheme, claims, people) - applicable_amount_weekly(scheme, claims, people),
        0.0,
    )
    return np.where(passported(scheme, claims), 0.0, excess)


# ---------------------------------------------------------------------------------------------
# Rule 5: non-dependant deductions


def household_exempt_from_deductions(claims: Claims) -> Flags:
    """No deduction at all when claimant or partner is blind or gets AA, DLA care (any rate), PIP
    daily living or AFIP (PR Sch. 1 para 8(4); Cheshire West and Chester 2026/27 para 33.4)."""
    return (
        claims.flag("claimant_blind")
        | partner_flag(claims, "partner_blind")
        | claims.isin("claimant_disability_benefit", NO_DEDUCTION_BENEFITS)
        | np.isin(partner_text(claims, "partner_disability_benefit"), sorted(NO_DEDUCTION_BENEFITS))
    )


def exemptions(rules: MeansTest) -> tuple[str, ...]:
    value = figure(rules, "non_dependant_exemptions")
    return REGULATION_EXEMPTIONS if value is None else tuple(value)


def deduction_tables(rules: MeansTest) -> tuple[Floats, Floats, float]:
    """Band starts, in-work amounts by band, and the not-in-work amount (default: lowest band)."""
    bands = rules.non_dependant_deductions.value
    starts = np.array([b.from_gross_weekly_income for b in bands], dtype=np.float64)
    amounts = np.array([b.deduction_weekly for b in bands], dtype=np.float64)
    not_in_work = figure(rules, "non_dependant_deduction_not_in_work_weekly")
    return starts, amounts, float(amounts[0] if not_in_work is None else not_in_work)


def non_dependant_exempt(rules: MeansTest, people: NonDependants) -> Flags:
    """Under 18, or in a status the scheme exempts: a benefit, or the flags `student` (PR Sch. 1
    para 8(5)(c)) and `disregarded_for_discount` (para 8(8)(b); CWaC 2026/27 para 12.8(b))."""
    listed = exemptions(rules)
    status = np.isin(people.benefit, sorted(set(listed) - set(FLAG_EXEMPTIONS)))
    return (
        ~people.adult
        | status
        | (people.student & ("student" in listed))
        | (people.disregarded & ("disregarded_for_discount" in listed))
        | (
            (people.benefit == "universal_credit_no_earnings")
            & people.age_given
            & (people.age < 25)
            & ("universal_credit_no_earnings_under_25" in listed)
        )
        | (
            np.isin(
                people.benefit, ["universal_credit_no_earnings", "universal_credit_with_earnings"]
            )
            & ("universal_credit" in listed)
        )
    )


def non_dependant_deduction_weekly(scheme: Scheme, claims: Claims, people: NonDependants) -> Floats:
    """Each non-dependant's deduction; a couple's once, on joint income, in work if either works
    16+ hours (HB Regs 2006 reg 74(3)-(4): one deduction, the higher of the two members', judged on
    joint income). A member who is exempt contributes no deduction; the couple pays the other's."""
    size = len(claims)
    if len(people.claim) == 0:
        return np.zeros(size)
    labels = np.array(
        [
            f"{claim}\x00{couple}" if couple is not None else f"{claim}\x00#{row}"
            for row, (claim, couple) in enumerate(zip(people.claim, people.couple, strict=True))
        ]
    )
    units, unit_of = np.unique(labels, return_inverse=True)
    joint_income = np.bincount(unit_of, weights=people.income, minlength=len(units))
    in_work = np.bincount(unit_of, weights=people.works, minlength=len(units)) > 0
    unit_claim = np.zeros(len(units), dtype=np.int64)
    unit_claim[unit_of] = people.claim
    pensioner = is_pensioner(claims)[people.claim]

    def member_deduction(rules: MeansTest) -> Floats:
        starts, amounts, not_in_work = deduction_tables(rules)
        # A scheme may charge each member of a couple on their own income and work.
        alone = rules.non_dependant_couple_each.value
        income = people.income if alone else joint_income[unit_of]
        working = people.works if alone else in_work[unit_of]
        banded = amounts[np.searchsorted(starts, income, side="right") - 1]
        banded_too = rules.non_dependant_not_in_work_banded.value
        each = np.where(working | banded_too, banded, not_in_work)
        return np.where(non_dependant_exempt(rules, people), 0.0, each)

    member = np.where(
        pensioner, member_deduction(scheme.pensioner), member_deduction(scheme.working_age)
    )
    unit = np.zeros(len(units))
    np.maximum.at(unit, unit_of, member)
    # Charged each: the members' deductions added up, not the higher one.
    each = np.bincount(unit_of, weights=member, minlength=len(units))
    charged_each = np.zeros(len(units), dtype=bool)
    charged_each[unit_of] = np.where(
        pensioner,
        scheme.pensioner.non_dependant_couple_each.value,
        scheme.working_age.non_dependant_couple_each.value,
    )
    unit = np.where(charged_each, each, unit)
    total = np.bincount(unit_claim, weights=unit, minlength=size)
    return np.where(deductions_waived(scheme, claims), 0.0, total)


def deductions_waived(scheme: Scheme, claims: Claims) -> Flags:
    """Claims that bear no non-dependant deduction at all, as the scheme's waiver for their rule
    set says: claimant or partner blind or on a care benefit (the prescribed rule), the claim's
    disability premium flag, or none."""

    def waived(rules: MeansTest) -> Flags:
        waiver = rules.non_dependant_waiver.value
        if waiver == "blind_or_care_benefit":
            return household_exempt_from_deductions(claims)
        if waiver == "disability_premium":
            return claims.flag("disability_premium")
        return np.zeros(len(claims), dtype=bool)

    return np.where(is_pensioner(claims), waived(scheme.pensioner), waived(scheme.working_age))


# ---------------------------------------------------------------------------------------------
# Rule 6: capital


def capital_excluded(scheme: Scheme, claims: Claims) -> Flags:
    """Capital above the upper limit: no support, passported claims excepted. "Passported" here is
    the claim's passporting benefit (IS/JSA(IB)/ESA(IR)/guarantee credit), whose award already
    tested capital; a UC claim is tested on DWP's capital as given (spec rule 6) even where the
    scheme passports it for income. (UC's own limit is also £16,000, so DWP's figure is rarely
    above a scheme's limit.)"""
    upper = rules_pick(scheme, claims, lambda r: r.capital.upper_limit.value)
    inclusive = rules_pick(scheme, claims, lambda r: float(r.capital.upper_limit_inclusive.value))
    capital = claims.number("capital")
    over = np.where(inclusive > 0, capital >= upper, capital > upper)  # "of £X or more"
    return over & ~claims.flag("passported")


# ---------------------------------------------------------------------------------------------
# Rule 7: second adult rebate


def second_adult_rebate_weekly(
    scheme: Scheme, claims: Claims, people: NonDependants, liability: Floats
) -> Floats:
    """Second adults are the non-dependants aged 18+ not disregarded for discounts (students are
    disregarded, rule 1), and only for a claimant with no partner or a couple one of whom is
    disregarded (PR Sch. 1 para 4(3)(a),(c)). The passported rate when every one gets
    IS/JSA(IB)/ESA(IR) or pension credit; else the rate for their combined gross income, leaving
    out the income of those on such a benefit (PR Sch. 3 para 1 Table (a),(b); DS internal
    Sch. 4). Table (c): 100% of the bill after its discount (para 1(2)(b)) where the claimant
    (and partner) are students of any age (para 1(1)(b)) and everyone else living there is a
    student or a second adult, every second adult on IS/JSA(IB)/ESA(IR) or pension credit (not
    UC: the Table names none); children living there are not students. The share is of the
    council tax due (para 1(2)): the charge before its discount in Tables (a) and (b), the bill
    after it in Table (c)."""
    size = len(claims)
    second = people.adult & ~people.disregarded & ~people.student
    passporting = np.isin(people.benefit, sorted(SECOND_ADULT_PASSPORTING))
    adults = people.per_claim(second, size)
    combined = people.per_claim(np.where(second & ~passporting, people.income, 0.0), size)

    def rate(rules: MeansTest) -> Floats:
        rebate = rules.second_adult_rebate
        on_benefit = passporting
        if rebate.universal_credit_no_earnings_passported.value:  # the scheme's Table (a) adds it
            on_benefit = on_benefit | (people.benefit == "universal_credit_no_earnings")
        passported_adults = people.per_claim(second & on_benefit, size)
        below = np.array([b.below_gross_weekly_income for b in rebate.bands.value] + [np.inf])
        rates = np.array([b.rate for b in rebate.bands.value] + [0.0])
        by_income = rates[np.searchsorted(below, combined, side="right")]
        chosen = np.where(passported_adults == adults, rebate.passported_rate.value, by_income)
        return chosen * float(rebate.enabled.value)

    rates = np.where(is_pensioner(claims), rate(scheme.pensioner), rate(scheme.working_age))
    others = people.per_claim(~second & ~people.student, size)
    all_students = (
        claims.flag("claimant_student")
        & (~has_partner(claims) | claims.flag("partner_student"))
        & (claims.number("children") == 0)
        & (others == 0)
        & (people.per_claim(second & passporting, size) == adults)
    )
    enabled = rules_pick(scheme, claims, lambda rules: rules.second_adult_rebate.enabled.value)
    rates = np.where(all_students & enabled, 1.0, rates)
    couple_both_counted = (
        has_partner(claims) & ~disregarded(claims, "claimant") & ~disregarded(claims, "partner")
    )
    applies = ~couple_both_counted & (adults > 0)
    due = np.where(
        all_students & enabled, liability, charge_yearly(scheme, effective_ninths(claims))
    )
    return np.where(applies, rates * (due / WEEKS_PER_YEAR), 0.0)


# ---------------------------------------------------------------------------------------------
# The working-age levers


def protected(scheme: Scheme, claims: Claims) -> Flags:
    """Working-age claims in a group the scheme protects: from the minimum contribution, and onto
    its protected grid and capital limit where it has them. The war pension group also takes
    claims with `weekly_war_pension` above 0; disabled children and carers are read from the
    counts; a disability benefit is the claimant's or the partner's (any rate); the UC groups
    read the element columns (LCW or LCWRA for limited capability)."""
    levers = scheme.levers
    under_age = levers.protected_child_under_age
    return in_groups(
        set(levers.protected_groups.value), None if under_age is None else under_age.value, claims
    )


def in_groups(groups: set[str], child_under_age: int | None, claims: Claims) -> Flags:
    """Working-age claims in any of the named groups (the protected groups' definitions)."""
    children = claims.number("children")
    youngest = claims.table.get_column("youngest_child_age").fill_null(99).to_numpy()
    result = np.zeros(len(claims), dtype=bool)
    if child_under_age is not None:
        young = (children > 0) & (youngest < child_under_age)
        if "child_under_age" in groups:
            result |= young
        if "lone_parent_child_under_age" in groups:
            result |= young & is_lone_parent(claims)
    if "disability_benefit" in groups:
        result |= claims.text("claimant_disability_benefit") != "none"
        result |= partner_text(claims, "partner_disability_benefit") != "none"
    if "esa_component" in groups:
        result |= esa_component(claims) != "none"
    if "uc_limited_capability_element" in groups:
        result |= claims.number("uc_lcw_element_monthly") > 0
        result |= claims.number("uc_lcwra_element_monthly") > 0
    if "uc_disabled_child_element" in groups:
        result |= claims.number("uc_disabled_child_element_monthly") > 0
    if "uc_carer_element" in groups:
        result |= claims.number("uc_carer_element_monthly") > 0
    if "disability_premium" in groups:
        result |= claims.flag("disability_premium")
    if "disabled_child_premium" in groups:
        result |= disabled_children(claims) > 0
    if "war_pension" in groups:
        result |= claims.flag("war_pension") | (claims.number("weekly_war_pension") > 0)
    if "carer" in groups:
        result |= carers(claims) > 0
    if "lone_parent" in groups:
        result |= is_lone_parent(claims)
    return result & ~is_pensioner(claims)


def eligible_liability_yearly(
    scheme: Scheme, claims: Claims, people: NonDependants, liability: Floats
) -> Floats:
    """The band cap, working age only (and not the protected groups where the scheme exempts
    them: Hertsmere's banded scheme caps at Band D "for someone who is not protected"). As first
    applied (the whole band, after discounts):
    support as if the home were at most the cap band, its charge less the home's discount. A cap
    on a share of the band's charge ("80% of the Band B charge") or on the band's undiscounted
    charge (Dover CTR 2026/27 para 35.1(a): "the lower of" the home's council tax after
    discounts and the Band D charge) is the lower of the bill and that amount."""
    levers = scheme.levers
    cap = levers.band_cap.value
    if cap == "none":
        return liability
    cap_ninths = float(BAND_NINTHS[cap])
    cap_charge = round_pence(scheme.council.band_d_total_yearly() / 9.0 * cap_ninths)
    working = ~is_pensioner(claims)
    if levers.band_cap_exempts_protected.value:  # the protected groups are not capped
        working = working & ~protected(scheme, claims)
    share, after_discounts = levers.band_cap_share.value, levers.band_cap_after_discounts.value
    if share == 1.0 and after_discounts:
        capped = (effective_ninths(claims) > cap_ninths) & working
        kept = 1.0 - discount(claims, people)
        return np.where(capped, round_pence(cap_charge * kept), liability)
    kept = (1.0 - discount(claims, people)) if after_discounts else 1.0
    amount = round_pence(cap_charge * share * kept)
    return np.where(working, np.minimum(liability, amount), liability)


def grid_household(claims: Claims) -> NDArray[np.str_]:
    """Each claim's household as `scheme.GRID_HOUSEHOLDS` names it: single or couple, else a lone
    parent or couple with one, two, or three or more children."""
    children = claims.number("children")
    partner = has_partner(claims)
    who = np.where(partner, "couple with ", "lone parent with ")
    how_many = np.where(
        children == 1,
        "one child",
        np.where(children == 2, "two children", "three or more children"),
    )
    return np.where(
        children == 0, np.where(partner, "couple", "single"), np.char.add(who, how_many)
    )


def grid_share(grid: IncomeGrid, scheme: Scheme, claims: Claims, income: Floats) -> Floats:
    """The share of liability an income grid gives: the first band whose limit (raised by the
    child increment for each child, up to the number counted, and the partner increment for a
    couple, unless the limit is under a penny: a band for no income) the income does not pass;
    passported claims the first band. The share is the band's for the first of the household's
    columns the grid has (`GRID_HOUSEHOLDS`). Income within a millionth of a pound of a limit is on
    it (pence summed in floating point land a hair either side: £152.11 − £25 is not 127.11 exactly)."""
    bands = grid.bands.value
    limits = np.array([b.up_to_weekly_income for b in bands])
    increment, most = grid.child_increment()
    counted = np.minimum(claims.number("children"), most)
    rise = increment * counted + grid.partner_increment() * has_partner(claims)
    raised = limits[None, :] + rise[:, None] * (limits >= 0.01)  # one row of limits per claim
    row = (raised < income[:, None] - 1e-6).sum(axis=1) * ~passported(scheme, claims)
    households = grid_household(claims)
    share = np.zeros(len(claims))
    for household, columns in GRID_HOUSEHOLDS.items():
        these = households == household
        by_band = np.array(
            [band.discount[next(c for c in columns if c in band.discount)] for band in bands]
        )
        share[these] = by_band[row[these]]
    return share


def income_grid_share(scheme: Scheme, claims: Claims, income: Floats) -> Floats:
    """The share of liability the income grids give: the protected grid's for protected claims
    where the scheme has one, else the income grid's."""
    levers = scheme.levers
    assert levers.income_grid is not None
    share = grid_share(levers.income_grid, scheme, claims, income)
    if levers.protected_income_grid is None:
        return share
    protected_share = grid_share(levers.protected_income_grid, scheme, claims, income)
    return np.where(protected(scheme, claims), protected_share, share)


def capital_excluded_after_levers(scheme: Scheme, claims: Claims) -> Flags:
    """Rule 6 with the levers: protected working-age claims tested against the scheme's protected
    capital limit where it has one."""
    excluded = capital_excluded(scheme, claims)
    limit = scheme.levers.protected_capital_upper_limit
    if limit is None:
        return excluded
    capital = claims.number("capital")
    if scheme.working_age.capital.upper_limit_inclusive.value:
        above = capital >= limit.value
    else:
        above = capital > limit.value
    above = above & ~claims.flag("passported")
    return np.where(protected(scheme, claims), above, excluded)


def awards_yearly(scheme: Scheme, claims: pl.DataFrame, non_dependants: pl.DataFrame) -> Floats:
    """Every claim's yearly award under `scheme`: the whole specification, plainly."""
    table = Claims(claims)
    people = NonDependants.of(table, non_dependants)
    pensioner = is_pensioner(table)
    working = ~pensioner
    levers = scheme.levers

    liability = liability_yearly(scheme, table, people)
    eligible = eligible_liability_yearly(scheme, table, people, liability)
    is_protected = protected(scheme, table)
    share = np.where(
        working & ~is_protected,
        1.0 - levers.minimum_contribution.value,
        np.where(working, 1.0 - levers.protected_minimum_contribution.value, 1.0),
    )
    supported = eligible / WEEKS_PER_YEAR * share
    maximum = np.maximum(supported - non_dependant_deduction_weekly(scheme, table, people), 0.0)

    taper = rules_pick(scheme, table, lambda r: r.taper.value)
    main = maximum - taper * excess_income_weekly(scheme, table, people)
    if levers.income_grid is not None:
        grid_share = income_grid_share(scheme, table, income_weekly(scheme, table, people))
        if levers.income_grid_after_deductions.value:  # (liability − deductions) × band %
            banded = maximum * grid_share
        else:
            banded = maximum - supported * (1.0 - grid_share)
        main = np.where(working, banded, main)
    main = np.where(capital_excluded_after_levers(scheme, table), 0.0, np.maximum(main, 0.0))
    # A share of the award withheld at the end, by protection (working age only).
    withheld = np.where(
        is_protected, levers.protected_award_reduction.value, levers.award_reduction.value
    )
    main = main * (1.0 - np.where(working, withheld, 0.0))

    award = np.maximum(main, second_adult_rebate_weekly(scheme, table, people, liability))
    minimum = levers.minimum_award_weekly.value
    award = np.where(working & (award > 0) & (award < minimum), 0.0, award)
    return np.minimum(round_pence(award * WEEKS_PER_YEAR), liability)
