"""Invariants that hold for every household under every scheme (hypothesis)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import bundled_scheme_names, load_bundled_scheme, scheme_from_toml

SCHEMES = {name: load_bundled_scheme(name) for name in bundled_scheme_names()}


def claims(*rows: dict[str, Any]) -> Caseload:
    """A caseload of the given claims, numbered."""
    return Caseload.from_records(
        [{"claim_id": f"c{i}", **row} for i, row in enumerate(rows)], "test"
    )


money = st.floats(min_value=0, max_value=2000, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def households(draw: st.DrawFn) -> dict[str, Any]:
    """Any plausible claim, working age or pensioner."""
    pensioner = draw(st.booleans())
    age = draw(st.integers(66, 100) if pensioner else st.integers(18, 65))
    children = 0 if pensioner else draw(st.integers(0, 4))
    return {
        "band": draw(st.sampled_from("ABCDEFGH")),
        "pensioner": pensioner,
        "claimant_age": age,
        "partner_age": draw(st.none() | st.integers(18, 100)),
        "children": children,
        "youngest_child_age": draw(st.integers(0, 18)) if children else None,
        "passported": draw(st.booleans()),
        "weekly_earnings": draw(money),
        "weekly_other_income": draw(money),
        "capital": draw(st.floats(0, 30000, allow_nan=False)),
        "disability_premium": draw(st.booleans()),
        "disabled_child_premium": children > 0 and draw(st.booleans()),
        "war_pension": draw(st.booleans()),
        "carer": draw(st.booleans()),
        "disabled_band_reduction": draw(st.booleans()),
        "non_dependants": draw(st.integers(0, 2)),
        "non_dependant_gross_weekly_income": draw(money),
        "non_dependants_passported": draw(st.booleans()),
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(households(), min_size=1, max_size=20), st.sampled_from(sorted(SCHEMES)))
def test_award_is_between_zero_and_liability(rows: list[dict[str, Any]], name: str) -> None:
    result = evaluate(SCHEMES[name], claims(*rows))
    assert np.all(result.award_yearly >= 0)
    assert np.all(result.award_yearly <= result.liability_yearly)
    assert np.all(result.to_pay_yearly >= 0)


@settings(max_examples=150, deadline=None)
@given(households(), st.sampled_from(sorted(SCHEMES)), money, st.floats(0, 500, allow_nan=False))
def test_more_income_never_raises_the_award(
    row: dict[str, Any], name: str, earnings: float, extra: float
) -> None:
    lower = {**row, "weekly_earnings": earnings}
    higher = {**row, "weekly_earnings": round(earnings + extra, 2)}
    richer_other = {**row, "weekly_other_income": round(row["weekly_other_income"] + extra, 2)}
    result = evaluate(SCHEMES[name], claims(lower, higher, richer_other))
    assert result.award_yearly[1] <= result.award_yearly[0]
    assert result.award_yearly[2] <= evaluate(SCHEMES[name], claims(row)).award_yearly[0]


working_age_levers = st.fixed_dictionaries(
    {
        "minimum_contribution": st.floats(0, 1, allow_nan=False),
        "band_cap": st.sampled_from("ABCDEFGH"),
        "minimum_award_weekly": st.floats(0, 10, allow_nan=False),
        "taper": st.floats(0, 1, allow_nan=False),
    }
)


@settings(max_examples=100, deadline=None)
@given(st.lists(households(), min_size=1, max_size=10), working_age_levers)
def test_a_pensioners_award_is_the_same_under_every_working_age_scheme(
    rows: list[dict[str, Any]], levers: dict[str, Any]
) -> None:
    reform = scheme_from_toml(
        f"""
extends = "default-2013"
name = "any-working-age-scheme"
[levers]
minimum_contribution = {{ value = {levers["minimum_contribution"]}, source = "test" }}
band_cap = {{ value = "{levers["band_cap"]}", source = "test" }}
minimum_award_weekly = {{ value = {levers["minimum_award_weekly"]}, source = "test" }}
protected_groups = {{ value = ["carer"], source = "test" }}
[working_age]
taper = {{ value = {levers["taper"]}, source = "test" }}
""",
        "hypothesis",
    )
    caseload = claims(*rows)
    pensioner = caseload.flag("pensioner")
    for baseline in ("default-2013", "birmingham-2013", "transition-grant-2013"):
        expected = evaluate(SCHEMES[baseline], caseload).award_yearly[pensioner]
        assert np.array_equal(evaluate(reform, caseload).award_yearly[pensioner], expected)
