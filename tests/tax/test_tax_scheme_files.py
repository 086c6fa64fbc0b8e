"""Scheme files: every bundled scheme loads with sources; a bad file gets every error at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from townhall.problems import InvalidInputError
from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.parameter_rows import parameter_rows
from townhall.tax.rules.scheme import (
    bundled_scheme_names,
    load_bundled_scheme,
    load_scheme,
    scheme_from_toml,
)

SAMPLE = Path(__file__).parents[2] / "src/townhall/tax/samples/sample-caseload.csv"


def test_the_required_schemes_are_bundled() -> None:
    assert {"ctb-2012", "default-2013", "birmingham-2013", "transition-grant-2013"} <= set(
        bundled_scheme_names()
    )
    banded = [
        name for name in bundled_scheme_names() if load_bundled_scheme(name).levers.income_grid
    ]
    assert banded, "at least one real council's income-banded scheme"


@pytest.mark.parametrize("name", bundled_scheme_names())
def test_every_bundled_scheme_loads_cites_sources_and_evaluates(name: str) -> None:
    scheme = load_bundled_scheme(name)
    rows = parameter_rows(scheme)
    stated = [row for row in rows if row["value"] != "not stated"]
    assert stated and all(len(row["source"]) > 3 for row in stated)
    # A figure the scheme does not state is shown as such, never with a borrowed source.
    assert all(row["source"] == "" for row in rows if row["value"] == "not stated")
    result = evaluate(scheme, Caseload.read(SAMPLE))
    assert len(result.table()) == 12


def test_a_file_that_extends_a_bundled_scheme_only_states_what_differs(tmp_path: Path) -> None:
    path = tmp_path / "option.toml"
    path.write_text(
        'extends = "birmingham-2013"\nname = "option-20"\n'
        "[levers]\n"
        'minimum_contribution = { value = 0.20, source = "Option B in the cabinet report" }\n'
    )
    scheme = load_scheme(path)
    assert scheme.levers.minimum_contribution.value == 0.20
    assert scheme.levers.protected_child_under_age is not None  # inherited


def test_every_error_in_a_scheme_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'extends = "default-2013"\nname = "bad"\n'
        "[levers]\n"
        'minimum_contribution = { value = 1.5, source = "typo" }\n'
        'band_cap = { value = "Z", source = "typo" }\n'
        'protected_groups = { value = ["pensioners"], source = "x" }\n'
        'mimimum_award_weekly = { value = 1, source = "misspelt" }\n'
        "[working_age]\n"
        "taper = { value = 0.2 }\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        load_scheme(path)
    found = {problem.field: problem for problem in caught.value.problems}
    assert all(problem.source == str(path) for problem in caught.value.problems)
    assert found["levers.minimum_contribution.value"].value == "1.5"
    assert "less than or equal to 1" in found["levers.minimum_contribution.value"].expected
    assert "'A'" in found["levers.band_cap.value"].expected
    assert found["levers.protected_groups.value.0"].value == "pensioners"
    assert "spelling" in found["levers.mimimum_award_weekly"].expected
    assert found["working_age.taper.source"].value == "(missing)"


def test_the_wider_vocabulary_refuses_what_the_engine_cannot_do_all_at_once() -> None:
    # A misspelt lever, an element and a protected group the engine does not know, a share above
    # 1 and a child increment of the wrong type: each is named, in one pass.
    text = (
        'extends = "dover-2026"\nname = "bad"\n'
        "[working_age.universal_credit]\n"
        'disregarded_elements = { value = ["housing_element", "council_tax_element"], source = "x" }\n'
        'earned_income_share = { value = 1.5, source = "x" }\n'
        "[levers]\n"
        'band_cap_percent = { value = 80, source = "misspelt" }\n'
        'protected_groups = { value = ["care_leaver"], source = "x" }\n'
        "[levers.income_grid]\n"
        'child_increment_weekly = { value = "sixty", source = "x" }\n'
    )
    with pytest.raises(InvalidInputError) as caught:
        scheme_from_toml(text, "bad.toml")
    found = {problem.field: problem for problem in caught.value.problems}
    element = "working_age.universal_credit.disregarded_elements.value.1"
    assert found[element].value == "council_tax_element"
    assert "'housing_element'" in found[element].expected
    assert "less than or equal to 1" in (
        found["working_age.universal_credit.earned_income_share.value"].expected
    )
    assert "spelling" in found["levers.band_cap_percent"].expected
    assert found["levers.protected_groups.value.0"].value == "care_leaver"
    assert found["levers.income_grid.child_increment_weekly.value"].value == "sixty"


def test_a_protected_grid_needs_an_income_grid() -> None:
    text = (
        'extends = "default-2013"\nname = "bad"\n[levers.protected_income_grid]\n'
        "bands = { value = [ { up_to_weekly_income = inf, discount = { single = 1.0, couple = 1.0,"
        ' family_one_child = 1.0, family_two_or_more_children = 1.0 } } ], source = "test" }\n'
    )
    with pytest.raises(InvalidInputError, match="protected_income_grid needs an income_grid"):
        scheme_from_toml(text, "bad.toml")


def test_broken_toml_and_unknown_parent_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="valid TOML"):
        scheme_from_toml("name = ", "broken.toml")
    with pytest.raises(InvalidInputError) as caught:
        scheme_from_toml('extends = "nowhere-2013"', "orphan.toml")
    assert caught.value.problems[0].field == "extends"
    with pytest.raises(InvalidInputError, match="birmingham-2013"):
        load_scheme("no-such-scheme")


def test_income_grid_must_be_complete_rising_and_open_ended() -> None:
    grid = (
        'extends = "default-2013"\nname = "grid"\n[levers.income_grid]\n'
        "bands = { value = [ { up_to_weekly_income = 100.0, discount = { single = 1.0 } } ], "
        'source = "test" }\n'
    )
    with pytest.raises(InvalidInputError) as caught:
        scheme_from_toml(grid, "grid.toml")
    assert "open-ended" in str(caught.value) or "lacks" in str(caught.value)
